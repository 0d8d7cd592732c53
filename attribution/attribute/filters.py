"""Filters on a cue word, named by a rule's ``filters`` in rules/patterns.toml. Each one
is a test the cue must pass before the rule's strategy runs."""
from __future__ import annotations

from collections.abc import Callable

from ..model import Sentence, Word
from . import shapes as sh
from .context import Context

Filter = Callable[[Context, Sentence, Word], bool]

FILTERS: dict[str, Filter] = {
    # a cue inside a quotation is the quoted speaker's, not the article's
    "outside-quote": lambda ctx, sent, cue: not ctx.in_quote(cue),
    # 'Asked about X, the coach said': an opening participle is no cue of its own
    "not-sentence-initial": lambda ctx, sent, cue: not sh.sentence_initial(ctx, sent, cue),
    # declined to comment, did not respond, claimed responsibility
    "not-negated": lambda ctx, sent, cue: not sh.negated(ctx, sent, cue),
}
DEFAULT_FILTERS: tuple[str, ...] = tuple(FILTERS)
