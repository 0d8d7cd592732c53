# ruff: noqa: N999 -- a rule module is named by its code, like sqlfluff's AL01.py
"""AT102 trailing-or-parenthetical-cue: a speech verb attached to the clause it reports.

**Anti-pattern** (caught: the cue clause trails or interrupts the content)::

    The talks could collapse within days, two diplomats said on Friday.
    -> indirect, cue "said", mention "two diplomats",
       content "The talks could collapse within days"

    His downfall, Western diplomats and analysts said, could be a nightmare.
    -> cue "said", mention "Western diplomats and analysts",
       content "His downfall" + "could be a nightmare"

**Best practice** (left alone)::

    The militia slammed the strikes as "illegal acts", denied involvement and sidelined
    two commanders.                            ("denied" is a second predicate, not a cue clause)

Strategy ``trailing``: the words before the cue clause and after it, when the cue clause
has the trailing shape (", officials said."), is inverted with its source (", said X"),
or interrupts a clause the cue governs.
"""
from ..strategies import Trailing

CODE = "AT102"


class Rule(Trailing):
    """AT102 runs the trailing strategy as it is."""
