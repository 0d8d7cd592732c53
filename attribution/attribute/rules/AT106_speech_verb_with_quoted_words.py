# ruff: noqa: N999 -- a rule module is named by its code, like sqlfluff's AL01.py
"""AT106 speech-verb-with-quoted-words: a speech verb whose verb phrase quotes the source.

A speech verb with no reported clause, no quotation beside it and no object the lexicon
takes as said ("has denied any wrongdoing" is AT101's) still credits the words it quotes:
the verb phrase holding them is the content.

**Anti-pattern** (caught)::

    The speaker lamented the "disheartened" state of the party.
    -> partial, cue "lamented", mention "The speaker",
       content 'lamented the "disheartened" state of the party'

    The governor blamed the delays on "a handful of officials".
    -> partial, cue "blamed", content 'blamed the delays on "a handful of officials"'

**Best practice** (left alone: nothing quoted)::

    The speaker lamented the state of the party.

Strategy ``characterising`` with a quotation only: the verb phrase from the cue, run on
to a quotation that follows within six words; a characterising marker alone ("as") does
not count for a speech verb ("testified as a witness").
"""
from typing import ClassVar

from ..strategies import Characterising

CODE = "AT106"


class Rule(Characterising):
    """AT106 runs the characterising strategy and needs a quotation."""
    MARKER_COUNTS: ClassVar[bool] = False
