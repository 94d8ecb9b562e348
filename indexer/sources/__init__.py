"""Readers: turn source files into directory records (``indexer.records``) and rejects."""


class UnreadableFile(Exception):
    """The file cannot be read at all, or is not of the reader's format: nothing is loaded from it."""
