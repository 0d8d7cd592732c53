"""The attribute stage: cue words, their content and the words that name the source.

Input: an article, its parse, its quotations and the rules. Output: ``Attribution``
objects whose speaker has only ``mention`` filled (the speakers stage resolves and types
it), and a warning record for each rule that failed.

* ``matcher``    a generic dependency matcher; patterns are validated data
* ``lexicon``    every word and relation set the stage reads, from rules/*.toml
* ``shapes``     surface shapes of news writing (trailing cue, inverted cue, ...)
* ``strategies`` what a rule does once its nodes match (complement, trailing, ...)
* ``filters``    checks on the cue word (outside a quotation, not negated, ...)
* ``rules/``     one module per rule code, with its documentation
* ``driver``     runs the rules in order; the rule whose strategy succeeds is recorded
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Article, Parse, Quote
    from ..ruleset import Rules, RuleSettings
    from .driver import Found


def attribute(article: Article, parse: Parse, quotes: list[Quote], rules: Rules,
              settings: RuleSettings | None = None) -> Found:
    """See :func:`attribution.attribute.driver.attribute`."""
    from .driver import attribute as run
    return run(article, parse, quotes, rules, settings)
