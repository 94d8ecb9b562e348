"""Readers: turn source files into directory records (``indexer.records``) and rejects."""
