# ruff: noqa: N999 -- a rule module is named by its code, like sqlfluff's AL01.py
"""AT103 according-to: 'according to X' makes X the source of the rest of the sentence.

**Anti-pattern** (caught)::

    More than 40,000 people remain trapped, according to a UN report.
    -> indirect, cue "according to", mention "a UN report",
       content "More than 40,000 people remain trapped"

**Best practice** (left alone: the phrase names no source)::

    The game went according to plan.

Strategy ``according-to``: the source is the phrase after the cue phrase (up to a
boundary or a participle without its agent: "a survey published last month" stops at
"published", "a survey compiled by X" does not); it must look like a source (a
determiner, a name, a number or a plural).
"""
from ..strategies import AccordingTo

CODE = "AT103"


class Rule(AccordingTo):
    """AT103 runs the according-to strategy as it is."""
