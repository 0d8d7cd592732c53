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
from ...model import Sentence
from .. import shapes as sh
from ..context import Context
from ..filters import (
    modifier_only,
    nests_a_cue,
    own_complement,
    relative_cue,
    said_spans,
    sourceless_as_clause,
    verbless_object_source,
)
from ..matcher import Match, cue_of
from ..strategies import Content, Trailing, clause

CODE = "AT102"


class Rule(Trailing):
    """AT102 runs the trailing strategy, then refuses what is no report of the cue: the
    words before a cue that heads a relative clause ('..., which first reported the
    story'), a participle's object taken for an inverted source ('..., adding levity'),
    the cue's own modifier ('Like her, I believe in ...'), and what AT101 refuses too
    (:func:`..filters.said_spans`); an 'as' clause with a complement of its own ('as
    wealthy as he claims to be') or around another cue clause ('..., as X said before he
    died') credits nothing."""

    def content(self, ctx: Context, sent: Sentence, match: Match, core: list) -> Content | None:
        cue = cue_of(match)
        if relative_cue(ctx, sent, cue) or verbless_object_source(ctx, sent, cue, match.get("source")) \
                or sourceless_as_clause(ctx, sent, cue):
            return None
        found = super().content(ctx, sent, match, core)
        if found is None:
            return None
        if sh.as_clause(ctx, sent, cue) and (own_complement(ctx, sent, cue) or nests_a_cue(ctx, sent, cue, found.spans)):
            return None
        kept = said_spans(ctx, sent, cue, found.spans, self.mention(ctx, sent, match))
        if not kept or modifier_only(ctx, sent, cue, kept):
            return None
        return found if len(kept) == len(found.spans) else clause(ctx, kept)
