"""Markdown stories through a CommonMark parser (markdown-it-py): which characters of the
file are story text, and where each block (paragraph, heading, list item, quotation
block, code block) begins and ends.

The reader keeps offsets into the file, so nothing is rewritten here: the parser's
tokens are located back in the source, left to right, and only the characters they
hold as text are kept (the caller blanks the rest: ``#``, ``**``, ``1.``, ``>``, link
targets, reference definitions, rules). A token that cannot be located keeps the rest of
its block as it is: text is never lost to a syntax this module does not know.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import attrs

from ..model import Span, line_starts

_TAG = re.compile(r"<[^>\n]*>")


@attrs.frozen
class MarkdownText:
    """``kept``: the source ranges that are story text, in order; ``blocks``: the extent of
    each block holding text, in order (list items and headings are blocks of their own)."""
    kept: tuple[Span, ...]
    blocks: tuple[Span, ...]


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt
    md = MarkdownIt("commonmark")
    # keep entities and escapes as tokens of their own: their source form differs from their text
    md.disable("text_join")
    return md


class _Walk:
    """Locates one inline token's children in ``source[start:end]``."""

    def __init__(self, source: str, start: int, end: int):
        self.source = source
        self.cur = start
        self.end = end
        self.kept: list[Span] = []

    def seek(self, piece: str) -> int:
        """Where ``piece`` starts at or after the cursor, with nothing but markup before it
        (no letter is skipped); -1 when it is not there."""
        at = self.source.find(piece, self.cur, self.end)
        if at < 0 or any(ch.isalpha() for ch in self.source[self.cur:at]):
            return -1
        return at

    def keep(self, start: int, end: int, keep: bool) -> None:
        if keep and start < end:
            self.kept.append(Span(start, end))

    def link_tail(self, close: int) -> int:
        """The end of ``](destination "title")``, ``][label]`` or ``]`` from its ``]``."""
        from markdown_it.helpers import parseLinkDestination, parseLinkTitle
        s, end = self.source, self.end
        pos = close + 1
        if pos < end and s[pos] == "[":
            label_end = s.find("]", pos, end)
            return label_end + 1 if label_end >= 0 else pos
        if pos >= end or s[pos] != "(":
            return pos
        pos += 1
        while pos < end and s[pos] in " \t\n":
            pos += 1
        if pos < end and s[pos] != ")":
            dest = parseLinkDestination(s, pos, end)
            if dest.ok:
                pos = dest.pos
                while pos < end and s[pos] in " \t\n":
                    pos += 1
                if pos < end and s[pos] in "\"'(":
                    title = parseLinkTitle(s, pos, end)
                    if title.ok:
                        pos = title.pos
                while pos < end and s[pos] in " \t\n":
                    pos += 1
        if pos < end and s[pos] == ")":
            return pos + 1
        paren = s.find(")", close, end)
        return paren + 1 if paren >= 0 else close + 1

    def walk(self, children: Sequence[Any], keep: bool = True) -> bool:
        """Keep the text of ``children``; False when a token could not be located."""
        for tok in children:
            kind = tok.type
            if kind == "text":
                if not tok.content:
                    continue
                at = self.seek(tok.content)
                if at < 0:
                    return False
                self.keep(at, at + len(tok.content), keep)
                self.cur = at + len(tok.content)
            elif kind == "text_special":            # an entity (kept as written) or an escape
                at = self.seek(tok.markup)
                if at < 0:
                    return False
                skip = 1 if tok.info == "escape" else 0  # the backslash
                self.keep(at + skip, at + len(tok.markup), keep)
                self.cur = at + len(tok.markup)
            elif kind in ("softbreak", "hardbreak"):
                at = self.seek("\n")
                if at < 0:
                    return False
                self.cur = at + 1
            elif kind in ("strong_open", "strong_close", "em_open", "em_close"):
                at = self.seek(tok.markup)
                if at < 0:
                    return False
                self.cur = at + len(tok.markup)
            elif kind == "code_inline":
                at = self.seek(tok.markup)
                close = self.source.find(tok.markup, at + len(tok.markup), self.end) if at >= 0 else -1
                if close < 0:
                    return False
                self.keep(at + len(tok.markup), close, keep)
                self.cur = close + len(tok.markup)
            elif kind == "link_open":
                at = self.seek("<" if tok.markup == "autolink" else "[")
                if at < 0:
                    return False
                self.cur = at + 1
            elif kind == "link_close":
                if tok.markup == "autolink":
                    at = self.seek(">")
                    if at < 0:
                        return False
                    self.cur = at + 1
                else:
                    at = self.seek("]")
                    if at < 0:
                        return False
                    self.cur = self.link_tail(at)
            elif kind == "image":                   # an image is no story text, its alt neither
                at = self.seek("![")
                if at < 0:
                    return False
                self.cur = at + 2
                if not self.walk(tok.children or (), keep=False):
                    return False
                at = self.seek("]")
                if at < 0:
                    return False
                self.cur = self.link_tail(at)
            elif kind == "html_inline":
                at = self.seek(tok.content)
                if at < 0:
                    return False
                self.cur = at + len(tok.content)
        return True


def _trimmed(source: str, start: int, end: int) -> Span | None:
    while start < end and source[start].isspace():
        start += 1
    while end > start and source[end - 1].isspace():
        end -= 1
    return Span(start, end) if start < end else None


def markdown_text(source: str) -> MarkdownText:
    """The story text of a Markdown source (front matter already blanked by the caller)."""
    starts = line_starts(source)

    def offset(line: int) -> int:
        return starts[line] if line < len(starts) else len(source)

    kept: list[Span] = []
    blocks: list[Span] = []
    for tok in _parser().parse(source):
        if tok.map is None:
            continue
        start, end = offset(tok.map[0]), offset(tok.map[1])
        pieces: list[Span] = []
        if tok.type == "inline":
            walk = _Walk(source, start, end)
            ok = walk.walk(tok.children or ())
            pieces = walk.kept
            if not ok:                               # keep the rest of the block as written
                pieces.append(Span(walk.cur, end))
        elif tok.type == "code_block":
            pieces = [Span(start, end)]
        elif tok.type == "fence":
            first = offset(tok.map[0] + 1)
            last = offset(tok.map[1] - 1)
            closed = source[last:end].strip().startswith(tok.markup) and last >= first
            pieces = [Span(first, last if closed else end)]
        elif tok.type == "html_block":               # the text between the tags
            cut = start
            for m in _TAG.finditer(source, start, end):
                pieces.append(Span(cut, m.start()))
                cut = m.end()
            pieces.append(Span(cut, end))
        else:
            continue
        pieces = [p for p in pieces if p.start < p.end]
        if not pieces:
            continue
        kept.extend(pieces)
        block = _trimmed(source, pieces[0].start, pieces[-1].end)
        if block is not None:
            blocks.append(block)
    return MarkdownText(tuple(kept), tuple(blocks))


def split_at_blocks(paragraphs: Sequence[Span], blocks: Sequence[Span], clean: str) -> list[Span]:
    """Paragraphs that run over more than one Markdown block (list items one under the
    other, a heading right above its text) split at the blocks' edges; a paragraph inside
    one block, or with text outside every block, stays as it is."""
    out: list[Span] = []
    b = 0
    for p in paragraphs:
        while b < len(blocks) and blocks[b].end <= p.start:
            b += 1
        pieces = []
        k = b
        while k < len(blocks) and blocks[k].start < p.end:
            piece = _trimmed(clean, max(p.start, blocks[k].start), min(p.end, blocks[k].end))
            if piece is not None:
                pieces.append(piece)
            k += 1
        covered = sum(1 for piece in pieces for ch in clean[piece.start:piece.end] if not ch.isspace())
        total = sum(1 for ch in clean[p.start:p.end] if not ch.isspace())
        out.extend(pieces if len(pieces) > 1 and covered == total else [p])
    return out
