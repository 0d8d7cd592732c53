"""Errors every stage may raise for the command line to turn into one line and exit 2."""


class UsageError(Exception):
    """Bad flags, configuration or companion files: one line on stderr, exit 2."""
