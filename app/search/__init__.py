"""Search: parameters, pure query building (params → OpenSearch DSL), execution and result shaping."""
