# ruff: noqa: N999 -- a rule module is named by its code, like sqlfluff's AL01.py
"""AT105 name-colon: a name alone before a colon introduces its words.

Headlines ("Jane Roe: Budget Cuts Will Spare Every Library") and transcripts
("ROE: Well, look, the budget is fine.") put the source before a colon, with no verb.

**Anti-pattern** (caught)::

    Jane Roe: Budget Cuts Will Spare 'Every Library'
    -> partial, cue ":", mention "Jane Roe", content "Budget Cuts Will Spare 'Every Library'"

**Best practice** (left alone: the words before the colon are no name)::

    Correction: An earlier version of this article misstated the date.
    The Latest: Officials meet on Monday.

Strategy ``name-colon``: the colon is preceded only by capitalised proper nouns (at most
four) from the start of the sentence; the content is the rest of the sentence.
"""
from ..strategies import NameColon

CODE = "AT105"


class Rule(NameColon):
    """AT105 runs the name-colon strategy as it is."""
