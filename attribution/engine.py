"""Runs the stages for one article or many: read -> parse -> quotes -> attribute -> speakers -> summary."""
from __future__ import annotations

import attrs

from .attribute import attribute
from .model import Article, ArticleResult, Parse
from .parsing import ParseCache, model_identity, parse_texts
from .quotes import find_quotes
from .ruleset import Rules, RuleSettings
from .speakers import resolve_speakers
from .summary import summarise


def analyse(article: Article, parse: Parse, rules: Rules, settings: RuleSettings | None = None) -> ArticleResult:
    """Everything after parsing: pure, fast, and what a rule change re-runs. ``settings``
    (disabled, enabled rule codes) default to those the rules were configured with."""
    quotes = find_quotes(article.clean, article.paragraphs)
    found = attribute(article, parse, quotes, rules, settings)
    attributions = found.attributions
    if found.warnings:
        article = attrs.evolve(article, warnings=(*article.warnings, *found.warnings))
    resolve_speakers(article, parse, attributions, rules)
    result = ArticleResult(article, attributions, parse, quotes)
    result.summary = summarise(attributions)
    return result


class Engine:
    """Parses (through the cache when there is one) and analyses articles."""

    def __init__(self, rules: Rules, model: str | None = None, cache: ParseCache | None = None,
                 batch_size: int = 16):
        self.rules = rules
        self.model = model
        self.cache = cache
        self.batch_size = batch_size
        self._model_id: str | None = None
        self.parsed = 0
        self.cached = 0

    @property
    def model_id(self) -> str:
        if self._model_id is None:
            self._model_id = model_identity(self.model)
        return self._model_id

    def parse_many(self, articles: list[Article]) -> list[Parse]:
        parses: list[Parse | None] = [None] * len(articles)
        todo = []
        for i, art in enumerate(articles):
            hit = self.cache.get(art, self.model_id) if self.cache else None
            if hit is not None:
                parses[i] = hit
                self.cached += 1
            else:
                todo.append(i)
        for b in range(0, len(todo), self.batch_size):
            batch = todo[b:b + self.batch_size]
            for i, parse in zip(batch, parse_texts([articles[i] for i in batch], self.model)):
                parses[i] = parse
                self.parsed += 1
                if self.cache is not None:
                    self.cache.put(articles[i], parse)
        return parses  # type: ignore[return-value]

    def run(self, articles: list[Article]) -> list[ArticleResult]:
        return [analyse(a, p, self.rules) for a, p in zip(articles, self.parse_many(articles))]
