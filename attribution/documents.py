"""Moved to :mod:`attribution.read.documents`; this name stays for modules not yet updated."""
from .read.documents import *  # noqa: F403
