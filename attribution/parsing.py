"""Moved to :mod:`attribution.parse`; this name stays for modules not yet updated (engine.py)."""
from .files import atomic_write  # noqa: F401
from .parse.cache import ParseCache  # noqa: F401
from .parse.conllu import from_conllu, to_conllu  # noqa: F401
from .parse.pipeline import *  # noqa: F403
