"""The quotation-mark scanner.

Finds quotations in an article's clean text, paragraph by paragraph:

* straight ``"``, curly ``“ ”``, two apostrophes (archived newspaper text: ``''Yes,'' she
  said``), straight and curly single quotes as the outer marks (British style), the other
  kind nested inside; in an article of double marks, a curly single quotation outside every
  double one;
* apostrophes that are not quotes: ``don't``, ``Iraq's``, ``'90s``, ``rebels' leader``;
* a quotation that runs over paragraphs (no closing mark at the end of a paragraph,
  an opening mark of the same kind at the start of the next) is one quotation;
* unbalanced marks never raise: the quotation closes at the paragraph end and is
  marked ``closed=False`` so that a check can report it.
"""
from __future__ import annotations

import re
import unicodedata

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


def _paired_apostrophes(text: str, start: int, end: int) -> dict[int, int]:
    """Two apostrophes that stand for a double mark: offset of the pair's first -> 2, of
    its second -> 0. In a run of three (a nested quotation closing with the outer one) the
    pair is the two that face the text outside the quotation."""
    pairs: dict[int, int] = {}
    i = start
    while i < end - 1:
        if text[i] != "'" or text[i + 1] != "'":
            i += 1
            continue
        run = i
        while run < end and text[run] == "'":
            run += 1
        if run - i in (2, 3):
            before = text[i - 1] if i > start else " "
            first = i if run - i == 2 or before in OPEN_CONTEXT else i + 1
            pairs[first], pairs[first + 1] = 2, 0
        i = run
    return pairs


def _candidates(text: str, start: int, end: int, style: str) -> list[tuple[int, str, bool, int]]:
    """(offset, 'open'|'close'|'either', strong, length) marks of the style in text[start:end]."""
    out = []
    paired = _paired_apostrophes(text, start, end) if "''" in text[start:end] else {}
    for m in _MARKS.finditer(text, start, end):
        i = m.start()
        ch = text[i]
        length = paired.get(i, 1)
        if not length:
            continue                                   # the second apostrophe of a pair
        before = text[i - 1] if i > start else " "
        after = text[i + length] if i + length < end else " "
        if style == "double":
            if length == 2:
                if before in OPEN_CONTEXT and after.strip():
                    out.append((i, "open", True, 2))
                elif after in CLOSE_FOLLOW or not after.strip() or after in "'\u2019\"":
                    out.append((i, "close", True, 2))
                else:
                    out.append((i, "either", True, 2))
            elif ch in DOUBLE_OPEN:
                # an opening mark that closes: right after a sentence's punctuation, a space
                # or the paragraph end after it ('"Apparently not,“ he said')
                closing = before in ".,!?;" and (not after.strip() or after in CLOSE_FOLLOW)
                out.append((i, "close" if closing else "open", True, 1))
            elif ch in DOUBLE_CLOSE:
                # a closing mark that opens: at a paragraph start or after a space, a letter
                # right after it ('”Sorry, you should have said no,” posted Jane Roe')
                opening = (before in OPEN_CONTEXT or unicodedata.category(before) == "Cf") and _is_letter(after)
                out.append((i, "open" if opening else "close", True, 1))
            elif ch == '"':
                out.append((i, "either", True, 1))
            continue
        if length == 2 or ch not in "'" + SINGLE_OPEN + SINGLE_CLOSE:
            continue
        if _is_letter(before) and _is_letter(after):
            continue                                   # don't, Iraq's
        if (before in OPEN_CONTEXT or before == '"') and after.isdigit():
            continue                                   # '90s
        if before in OPEN_CONTEXT or before in DOUBLE_OPEN + '"':
            if after.strip():
                out.append((i, "open", True, 1))
            continue
        if after in CLOSE_FOLLOW or not after.strip() or after in DOUBLE_CLOSE + '"':
            # strong: punctuation follows, or punctuation precedes (...,' he said)
            strong = (after in CLOSE_FOLLOW or after in DOUBLE_CLOSE + '"' or i + 1 >= end
                      or before in ".,!?;:" or after == "\n")
            out.append((i, "close", strong, 1))
    return out


def choose_style(text: str, paragraphs: Sequence[Span]) -> str:
    """The outer style: in each paragraph, the kind of mark that opens first wins a vote."""
    votes = {"double": 0, "single": 0}
    for p in paragraphs:
        firsts: dict[str, int] = {}
        for style in ("double", "single"):
            opens = [pos for pos, kind, _, _ in _candidates(text, p.start, p.end, style) if kind != "close"]
            if opens:
                firsts[style] = opens[0]
        if firsts:
            votes[min(firsts, key=lambda s: firsts[s])] += 1
    return "single" if votes["single"] > votes["double"] else "double"


def _scan_paragraph(text: str, start: int, end: int, style: str) -> Iterator[tuple[Span, Span | None]]:
    """Yield (opening mark, closing mark | None) spans in one paragraph."""
    marks = _candidates(text, start, end, style)
    i = 0
    while i < len(marks):
        pos, kind, _, length = marks[i]
        if kind == "close":
            i += 1                                     # a stray closing mark
            continue
        # look for the closing mark: first strong one, else the first weak one
        weak, chosen, j = None, None, i + 1
        while j < len(marks):
            mpos, mkind, strong, mlength = marks[j]
            if mkind == "open" and style == "double" and (text[mpos] in DOUBLE_OPEN or mlength == 2):
                break                                  # a new opening: the old one never closed
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
            yield Span(pos, pos + length), None
            return
        cpos, _, _, clength = marks[chosen]
        yield Span(pos, pos + length), Span(cpos, cpos + clength)
        i = chosen + 1


def find_quotes(text: str, paragraphs: Sequence[Span]) -> list[Quote]:
    """All quotations of the article's outer style, in text order."""
    style = choose_style(text, paragraphs)
    quotes: list[Quote] = []
    pending: tuple[Span, int] | None = None          # (opening mark, paragraph index) carried over

    def unclosed(opening: Span, pi: int) -> Quote:
        end = paragraphs[pi].end
        return Quote(Span(opening.start, end), Span(opening.end, _rstrip(text, end)), False, style)

    for pi, para in enumerate(paragraphs):
        pairs = list(_scan_paragraph(text, para.start, para.end, style))
        if pending is not None:
            # the next paragraph opens again, with the same kind of mark: a curly quotation
            # never runs on into a straight one ('"Stray.' then '“New,” she said')
            opens_again = pairs and pairs[0][0].start == _first_visible(text, para) \
                and _same_mark(text, pending[0], pairs[0][0])
            if opens_again:
                first_close = pairs.pop(0)[1]
                if first_close is None:
                    pending = (pending[0], pi)       # still running on
                    continue
                quotes.append(Quote(Span(pending[0].start, first_close.end),
                                    Span(pending[0].end, first_close.start), True, style))
            else:
                quotes.append(unclosed(*pending))
            pending = None
        for opening, closing in pairs:
            if closing is None:
                pending = (opening, pi)
            else:
                quotes.append(Quote(Span(opening.start, closing.end), Span(opening.end, closing.start), True, style))
        if style == "double":
            quotes.extend(_curly_singles_outside(text, para, pairs))
    if pending is not None:
        quotes.append(unclosed(*pending))
    return sorted(quotes, key=lambda q: q.outer.start)


def _curly_singles_outside(text: str, para: Span, pairs: list[tuple[Span, Span | None]]) -> list[Quote]:
    """In an article of double marks, a ‘curly single’ quotation outside every double one is a
    quotation too (headlines and mixed copy); a straight single one there is left alone,
    it is too often an apostrophe."""
    gaps, at = [], para.start
    for opening, closing in pairs:
        gaps.append((at, opening.start))
        at = closing.end if closing is not None else para.end
    gaps.append((at, para.end))
    out = []
    for start, end in gaps:
        if SINGLE_OPEN not in text[start:end]:
            continue
        for opening, closing in _scan_paragraph(text, start, end, "single"):
            if closing is not None and text[opening.start] == SINGLE_OPEN:
                out.append(Quote(Span(opening.start, closing.end), Span(opening.end, closing.start), True, "single"))
    return out


def _same_mark(text: str, first: Span, again: Span) -> bool:
    a, b = text[first.start:first.end], text[again.start:again.end]
    return a == b or (a in DOUBLE_OPEN and b in DOUBLE_OPEN) or (a in SINGLE_OPEN + "'" and b in SINGLE_OPEN + "'")


def _first_visible(text: str, para: Span) -> int:
    i = para.start
    while i < para.end and text[i].isspace():
        i += 1
    return i


def _rstrip(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end
