"""The state the rules of one article share: its text, parse, quotations and lexicon."""
from __future__ import annotations

import bisect
from collections.abc import Collection

from ..model import Article, Attribution, Parse, Quote, Word
from .lexicon import Lexicon


def fold(text: str) -> str:
    return " ".join(text.split())


class Context:
    """One article under analysis. ``used_quotes`` holds the quotations already credited,
    so that a later cue does not take them again."""

    def __init__(self, article: Article, parse: Parse, quotes: list[Quote], lexicon: Lexicon):
        self.article = article
        self.text = article.clean
        self.parse = parse
        self.quotes = quotes
        self.lex = lexicon
        self.used_quotes: set[int] = set()
        self.quote_starts = [q.outer.start for q in quotes]     # quotes are sorted and disjoint
        self.quote_ends = [q.outer.end for q in quotes]         # so their ends are sorted too
        self._cue_classes: dict[tuple[str, str, str], str | None] = {}

    def quote_at(self, offset: int) -> int | None:
        i = bisect.bisect_right(self.quote_starts, offset) - 1
        if i >= 0 and offset < self.quotes[i].outer.end:
            return i
        return None

    def quotes_between(self, start: int, end: int) -> range:
        """Indexes of the quotations whose marks reach into [start, end] (``outer.end >=
        start`` and ``outer.start <= end``): the only ones a test on that stretch can pass."""
        return range(bisect.bisect_left(self.quote_ends, start), bisect.bisect_right(self.quote_starts, end))

    def quotes_from(self, offset: int) -> range:
        """Indexes of the quotations opening at or after ``offset``, in text order."""
        return range(bisect.bisect_left(self.quote_starts, offset), len(self.quotes))

    def quotes_before(self, offset: int) -> range:
        """Indexes of the quotations closed at or before ``offset``, in text order."""
        return range(bisect.bisect_right(self.quote_ends, offset))

    def in_quote(self, word: Word) -> bool:
        return self.quote_at(word.start) is not None

    def lemmas(self, word: Word) -> list[str]:
        """The lemmatizer's answer first, then the surface form undone by hand: the small
        dictionary lemmatizer misses forms it never saw ('insisting', 'signalled')."""
        text = word.text.lower()
        out = [word.lemma.lower(), text]
        for suffix, repl in self.lex.lemma_endings:
            if text.endswith(suffix) and len(text) - len(suffix) >= 2:
                stem = text[: len(text) - len(suffix)] + repl
                out.append(stem)
                if len(stem) > 3 and stem[-1] == stem[-2] and not repl:
                    out.append(stem[:-1])          # signalled -> signal, slammed -> slam
        return out

    def lemma_in(self, word: Word, lemmas: Collection[str]) -> bool:
        """One of the word's possible lemmas (the lemmatizer's or a guess) is among these:
        the lemmatizer leaves forms it never saw ('insisting') as they are."""
        return any(lemma in lemmas for lemma in self.lemmas(word))

    def title_case_verb(self, word: Word) -> bool:
        """'..., Lindsey Graham Says' in the headline (the first paragraph): a capitalised
        verb tagged as a proper noun but lemmatised as a verb form."""
        return word.upos == "PROPN" and word.text[:1].isupper() and word.lemma.lower() != word.text.lower() \
            and self.article.paragraph_of(word.start) == 0

    def cue_class(self, word: Word) -> str | None:
        """The cue class (rules/cues.toml) of a verb, or None."""
        if word.upos != "VERB" and not self.title_case_verb(word):
            return None
        key = (word.lemma, word.text, word.upos)
        if key not in self._cue_classes:
            found = None
            for lemma in self.lemmas(word):
                found = next((name for name, lemmas in self.lex.cue_classes.items() if lemma in lemmas), None)
                if found is not None:
                    break
            self._cue_classes[key] = found
        return self._cue_classes[key]


class SpanIndex:
    """The content spans of some attributions, sorted, for 'which attributions' content
    holds this offset': a binary search, then back over the spans that may still reach it
    (``reach`` is the furthest end of the spans up to each one), not every attribution."""

    def __init__(self, found: list[Attribution]):
        spans = sorted((s.start, s.end, k) for k, a in enumerate(found) for s in a.content_spans)
        self.starts = [s[0] for s in spans]
        self.spans = spans
        self.reach: list[int] = []
        furthest = -1
        for _, end, _ in spans:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def holding(self, offset: int) -> set[int]:
        """Indexes (in ``found``) of the attributions with a span ``start <= offset < end``."""
        out: set[int] = set()
        k = bisect.bisect_right(self.starts, offset) - 1
        while k >= 0 and self.reach[k] > offset:
            if offset < self.spans[k][1]:
                out.add(self.spans[k][2])
            k -= 1
        return out
