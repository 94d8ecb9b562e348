"""Benchmark harness (issue 7): ``ror-search bench`` / ``make bench``. See ``bench.harness``."""
