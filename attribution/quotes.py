"""The quotation-mark scanner.

Finds quotations in an article's clean text, paragraph by paragraph:

* straight ``"``, curly ``“ ”``, straight and curly single quotes as the outer marks
  (British style), the other kind nested inside;
* apostrophes that are not quotes: ``don't``, ``Iraq's``, ``'90s``, ``rebels' leader``;
* a quotation that runs over paragraphs (no closing mark at the end of a paragraph,
  an opening mark at the start of the next) is one quotation;
* unbalanced marks never raise: the quotation closes at the paragraph end and is
  marked ``closed=False`` so that a check can report it.
"""
from __future__ import annotations

import re

from collections.abc import Iterator, Sequence

from .model import Quote, Span

DOUBLE_OPEN = "\u201c\u201e\u00ab"
DOUBLE_CLOSE = "\u201d\u00bb"
SINGLE_OPEN = "\u2018"
SINGLE_CLOSE = "\u2019"
OPEN_CONTEXT = " \t\n([{\u2014\u2013-/:"      # what may stand before an opening mark
CLOSE_FOLLOW = ".,;:!?)]}\u2014\u2013-"        # what may stand after a closing mark
_LETTER = re.compile(r"\w")
_MARKS = re.compile("[\"'\u2018\u2019\u201c\u201d\u201e\u00ab\u00bb]")


def _is_letter(ch: str) -> bool:
    return bool(ch) and bool(_LETTER.match(ch))


def _candidates(text: str, start: int, end: int, style: str) -> list[tuple[int, str, bool]]:
    """(offset, 'open'|'close'|'either', strong) marks of the style in text[start:end]."""
    out = []
    for m in _MARKS.finditer(text, start, end):
        i = m.start()
        ch = text[i]
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if style == "double":
            if ch in DOUBLE_OPEN:
                out.append((i, "open", True))
            elif ch in DOUBLE_CLOSE:
                out.append((i, "close", True))
            elif ch == '"':
                out.append((i, "either", True))
            continue
        if ch not in "'" + SINGLE_OPEN + SINGLE_CLOSE:
            continue
        if _is_letter(before) and _is_letter(after):
            continue                                   # don't, Iraq's
        if (before in OPEN_CONTEXT or before == '"') and after.isdigit():
            continue                                   # '90s
        if before in OPEN_CONTEXT or before in DOUBLE_OPEN + '"':
            if after.strip():
                out.append((i, "open", True))
            continue
        if after in CLOSE_FOLLOW or not after.strip() or after in DOUBLE_CLOSE + '"':
            # strong: punctuation follows, or punctuation precedes (...,' he said)
            strong = (after in CLOSE_FOLLOW or after in DOUBLE_CLOSE + '"' or i + 1 >= end
                      or before in ".,!?;:" or after == "\n")
            out.append((i, "close", strong))
    return out


def choose_style(text: str, paragraphs: Sequence[Span]) -> str:
    """The outer style: in each paragraph, the kind of mark that opens first wins a vote."""
    votes = {"double": 0, "single": 0}
    for p in paragraphs:
        firsts: dict[str, int] = {}
        for style in ("double", "single"):
            opens = [pos for pos, kind, _ in _candidates(text, p.start, p.end, style) if kind != "close"]
            if opens:
                firsts[style] = opens[0]
        if firsts:
            votes[min(firsts, key=lambda s: firsts[s])] += 1
    return "single" if votes["single"] > votes["double"] else "double"


def _scan_paragraph(text: str, start: int, end: int, style: str) -> Iterator[tuple[int, int | None]]:
    """Yield (open_offset, close_offset | None) pairs in one paragraph."""
    marks = _candidates(text, start, end, style)
    i = 0
    while i < len(marks):
        pos, kind, _ = marks[i]
        if kind == "close":
            i += 1                                     # a stray closing mark
            continue
        # look for the closing mark: first strong one, else the first weak one
        weak, chosen, j = None, None, i + 1
        while j < len(marks):
            mpos, mkind, strong = marks[j]
            if mkind == "open" and style == "double" and text[mpos] in DOUBLE_OPEN:
                break                                  # a new curly opening: the old one never closed
            if mkind in ("close", "either"):
                if strong:
                    chosen = j
                    break
                if weak is None:
                    weak = j
            elif mkind == "open" and style == "single" and weak is not None:
                break
            j += 1
        if chosen is None:
            chosen = weak
        if chosen is None:
            yield pos, None
            return
        yield pos, marks[chosen][0]
        i = chosen + 1


def find_quotes(text: str, paragraphs: Sequence[Span]) -> list[Quote]:
    """All quotations of the article's outer style, in text order."""
    style = choose_style(text, paragraphs)
    quotes: list[Quote] = []
    pending: tuple[int, int] | None = None           # (open offset, paragraph index) carried over
    for pi, para in enumerate(paragraphs):
        pairs = list(_scan_paragraph(text, para.start, para.end, style))
        if pending is not None:
            opens_again = pairs and pairs[0][0] == _first_visible(text, para)
            if opens_again:
                first_open, first_close = pairs.pop(0)
                if first_close is None:
                    pending = (pending[0], pi)       # still running on
                    continue
                quotes.append(Quote(Span(pending[0], first_close + 1), Span(pending[0] + 1, first_close),
                                    True, style))
                pending = None
            else:
                prev = paragraphs[pending[1]]
                quotes.append(Quote(Span(pending[0], prev.end), Span(pending[0] + 1, _rstrip(text, prev.end)),
                                    False, style))
                pending = None
        for open_at, close_at in pairs:
            if close_at is None:
                pending = (open_at, pi)
            else:
                quotes.append(Quote(Span(open_at, close_at + 1), Span(open_at + 1, close_at), True, style))
    if pending is not None:
        last = paragraphs[pending[1]]
        quotes.append(Quote(Span(pending[0], last.end), Span(pending[0] + 1, _rstrip(text, last.end)),
                            False, style))
    return sorted(quotes, key=lambda q: q.outer.start)


def _first_visible(text: str, para: Span) -> int:
    i = para.start
    while i < para.end and text[i].isspace():
        i += 1
    return i


def _rstrip(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end
