"""Source-attribution auditor: finds quotations and reported speech in news stories,
links them to their speakers and reports how much a story relies on anonymous sources."""
__version__ = "0.1.0"
