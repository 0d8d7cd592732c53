# ruff: noqa: N999 -- a rule module is named by its code, like sqlfluff's AL01.py
"""AT107 speech-noun-with-owner: "his claim that ...", "the senator's call for ...".

A speech noun whose owner a possessive names reports what the owner said: the noun's
complement is the content, the owner the source.

**Anti-pattern** (caught)::

    The mayor repeated his claim that the figures were wrong.
    -> indirect, cue "claim", mention "his", content "the figures were wrong"

    The senator's call for "a total ban" split the party.
    -> partial, cue "call", mention "The senator", content 'for "a total ban"'

**Best practice** (left alone: nobody owns the claim, or it has no complement)::

    The claim that the figures were wrong was repeated.
    Her claim to the estate failed.

Strategy ``noun-complement``: the noun (one of the rule's lemmas) with a possessive
dependent (relations ``possessive``) before it; the content is the noun's own words after
it, from a complementiser, an infinitive or a preposition on, up to a clause boundary,
and holds a verb or a quotation.
"""
from ..strategies import NounComplement

CODE = "AT107"


class Rule(NounComplement):
    """AT107 runs the noun-complement strategy as it is."""
