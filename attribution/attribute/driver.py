"""The attribute stage: runs the rules over one article.

For each cue word, in text order, the rules that start from a cue are tried in the
order of rules/patterns.toml: the first whose nodes match, whose filters pass and whose
strategy finds content is the rule recorded. Then an attribution whose cue lies inside
another's content is dropped (nested speech), and quotations no cue claimed go to the
rules that start from a quotation (continuation, unattributed).

A rule that raises is reported as a :class:`RuleWarning` under its own code, is not run
again on that article, and the article still reports.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from ..model import Article, Attribution, Parse, Quote, RuleWarning
from .context import Context, SpanIndex
from .filters import FILTERS
from .lexicon import Lexicon
from .matcher import DependencyMatcher, Match, cue_of
from .rules import strategy_class
from .strategies import CueStrategy, QuoteStrategy, Strategy

if TYPE_CHECKING:
    from ..ruleset import Rule, Rules, RuleSettings


@attrs.frozen
class Found:
    """What the attribute stage found in one article."""
    attributions: list[Attribution]
    warnings: list[RuleWarning] = attrs.field(factory=list)


@attrs.frozen
class Compiled:
    """The rules made ready to run: the lexicon and one strategy object per rule."""
    lexicon: Lexicon
    strategies: tuple[Strategy, ...]


_COMPILED: dict[int, tuple[Rules, Compiled]] = {}
KEEP_COMPILED = 4


def compiled(rules: Rules) -> Compiled:
    hit = _COMPILED.get(id(rules))
    if hit is None or hit[0] is not rules:
        strategies = tuple(strategy_class(r.code, r.strategy)(r) for r in rules.rules)
        hit = (rules, Compiled(Lexicon.from_data(rules.data), strategies))
        if len(_COMPILED) >= KEEP_COMPILED:     # a process that loads rules again and again
            _COMPILED.clear()                  # (tests, the fuzz worker) keeps only a few
        _COMPILED[id(rules)] = hit
    return hit[1]


class Run:
    """One article under the rules."""

    def __init__(self, article: Article, parse: Parse, quotes: list[Quote], rules: Rules,
                 settings: RuleSettings):
        ready = compiled(rules)
        self.ctx = Context(article, parse, quotes, ready.lexicon)
        self.settings = settings
        active = [s for s in ready.strategies if settings.runs(s.rule.code, article.suppressed)]
        self.cue_rules = [s for s in active if isinstance(s, CueStrategy)]
        self.quote_rules = [s for s in active if isinstance(s, QuoteStrategy)]
        self.matcher = DependencyMatcher(self.ctx.cue_class, self.ctx.lemmas)
        self.warnings: list[RuleWarning] = []
        self.broken: set[str] = set()

    def failed(self, rule: Rule, exc: Exception, where: str) -> None:
        self.broken.add(rule.code)
        self.warnings.append(RuleWarning(rule.code, f"rule {rule.name} failed {where}: {exc!r}; "
                                         "its attributions in this article are missing",
                                         self.settings.severity_of(rule.code)))

    def candidates(self) -> list[tuple[int, list[tuple[CueStrategy, Match]]]]:
        """(sentence index, [(rule, match), ...] in rule order) for every cue word some
        rule's nodes match, in text order."""
        by_cue: dict[tuple[int, int], list[tuple[CueStrategy, Match]]] = {}
        for si, sent in enumerate(self.ctx.parse.sentences):
            for strategy in self.cue_rules:
                if strategy.rule.code in self.broken:
                    continue
                try:
                    matches = self.matcher.match(strategy.rule.pattern, sent)
                except Exception as exc:           # noqa: BLE001 -- reported under the rule's code
                    self.failed(strategy.rule, exc, f"matching sentence {si + 1}")
                    continue
                seen: set[int] = set()
                for m in matches:
                    cue = m["cue"]
                    if cue is None or cue.index in seen:
                        continue
                    seen.add(cue.index)
                    by_cue.setdefault((si, cue.index), []).append((strategy, m))
        order = sorted(by_cue, key=lambda k: self.ctx.parse.sentences[k[0]].word(k[1]).start)
        return [(k[0], by_cue[k]) for k in order]

    def from_cues(self) -> list[Attribution]:
        found = []
        for si, tries in self.candidates():
            sent = self.ctx.parse.sentences[si]
            for strategy, m in tries:
                rule = strategy.rule
                if rule.code in self.broken:
                    continue
                try:
                    if not all(FILTERS[f](self.ctx, sent, cue_of(m)) for f in rule.filters):
                        continue
                    a = strategy.attribute(self.ctx, si, sent, m)
                except Exception as exc:           # noqa: BLE001 -- reported under the rule's code
                    self.failed(rule, exc, f"on sentence {si + 1}")
                    continue
                if a is not None:
                    found.append(a)
                    break
        return found

    def from_quotes(self, found: list[Attribution]) -> list[Attribution]:
        out: list[Attribution] = []
        so_far = list(found)               # found + out, grown in place (not copied per quotation)
        credited = SpanIndex(found)
        for qi, q in enumerate(self.ctx.quotes):
            if qi in self.ctx.used_quotes or credited.holding(q.inner.start):
                continue
            for strategy in self.quote_rules:
                if strategy.rule.code in self.broken:
                    continue
                try:
                    a = strategy.attribute_quote(self.ctx, qi, so_far)
                except Exception as exc:           # noqa: BLE001 -- reported under the rule's code
                    self.failed(strategy.rule, exc, f"on the quotation at offset {q.outer.start}")
                    continue
                if a is not None:
                    out.append(a)
                    so_far.append(a)
                    break
        return out

    def run(self) -> Found:
        found = drop_nested(self.from_cues())
        found.extend(self.from_quotes(found))
        return Found(sorted(found, key=lambda a: a.start), self.warnings)


def drop_nested(found: list[Attribution]) -> list[Attribution]:
    """A cue inside another attribution's content is part of that content (nested speech).
    When two attributions contain each other's cue ('the US signalled it was ..., an
    official said'), the later cue is the article's attribution: it credits the whole."""
    spans = SpanIndex(found)

    def holders(a: Attribution) -> set[int]:
        return spans.holding(a.cue_span.start) if a.cue_span is not None else set()

    keep = []
    for k, a in enumerate(found):
        dropped = False
        for j in holders(a) - {k}:
            b = found[j]
            if k in holders(b) and a.cue_span is not None and b.cue_span is not None \
                    and a.cue_span.start > b.cue_span.start:
                continue                       # mutual: the later cue wins
            dropped = True
            break
        if not dropped:
            keep.append(a)
    return keep


def attribute(article: Article, parse: Parse, quotes: list[Quote], rules: Rules,
              settings: RuleSettings | None = None) -> Found:
    """Attributions of one article (speakers with only ``mention`` filled), and the
    warnings of rules that failed. ``settings`` default to the rules' own."""
    return Run(article, parse, quotes, rules, settings or rules.settings).run()
