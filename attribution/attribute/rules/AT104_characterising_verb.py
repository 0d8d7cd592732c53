# ruff: noqa: N999 -- a rule module is named by its code, like sqlfluff's AL01.py
"""AT104 characterising-verb: a verb that characterises, with quoted words or an 'as'.

**Anti-pattern** (caught)::

    The militia slammed the attacks as "illegal military acts".
    -> partial, cue "slammed", mention "The militia",
       content 'slammed the attacks as "illegal military acts"'

    a decision campaigners described as short-sighted and cruel
    -> cue "described", mention "campaigners"

**Best practice** (left alone: no characterisation)::

    Pompeo called Iraqi President Barham Saleh last week.

Strategy ``characterising``: the verb phrase from the cue, run on to a quotation that
follows within six words; it counts only with a quotation or a characterising marker
("as"), not with a reflexive object ("described himself as") and never passive ("was
called \"Fortress\"": a name). With a particle and an infinitive it needs neither:
"called on the governor to resign".
"""
from ...model import Sentence
from ..context import Context
from ..filters import cut_after_quote, fixed_markers_only
from ..matcher import Match
from ..strategies import Characterising, Content, clause

CODE = "AT104"


class Rule(Characterising):
    """AT104 runs the characterising strategy, then refuses a verb phrase whose only
    marker is part of a fixed expression ('touted his record while needling rivals such
    as X'): :func:`..filters.fixed_markers_only`; and ends a characterisation at its
    quotation when a verb follows it ('what lawmakers called "fraud" led ...'):
    :func:`..filters.cut_after_quote`."""

    def content(self, ctx: Context, sent: Sentence, match: Match, core: list) -> Content | None:
        found = super().content(ctx, sent, match, core)
        if found is None or fixed_markers_only(ctx, sent, found.spans):
            return None
        spans = cut_after_quote(ctx, sent, found.spans)
        if spans == found.spans:
            return found
        cut = clause(ctx, spans)
        return None if cut is None else Content(cut.spans, cut.kind, found.quotes)
