# ruff: noqa: N999 -- a rule module is named by its code, like sqlfluff's AL01.py
"""AT301 unattributed-quotation: a whole-sentence quotation with no cue and no speaker.

**Anti-pattern** (caught, so that AC003 can report it)::

    'A betrayal of the whole town': Harbridge votes to shut four libraries
    -> direct, no cue, no mention, content "A betrayal of the whole town"

**Best practice** (left alone: scare quotes inside a sentence)::

    Washington's "maximum pressure" policy

Strategy ``unattributed``: a whole-sentence quotation of three words or more that no
cue and no continuation claimed.
"""
from ..strategies import Unattributed

CODE = "AT301"


class Rule(Unattributed):
    """AT301 runs the unattributed strategy as it is."""
