"""Stanza's models run on NumPy: the same weights, read from Stanza's own model files, the
same arithmetic, and no torch import (torch alone took 1.3-2.6 s of a cold start)."""
