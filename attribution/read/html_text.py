"""Text extraction from HTML pages.

Returns plain text in which paragraphs are separated by one blank line, which
:func:`attribution.read.documents.find_paragraphs` splits on. Offsets in the audit then
refer to this extracted text, not to the original file.
"""
from __future__ import annotations

from typing import Any

import bisect
import html
import re

from ..model import SourceMap
from .directives import comments_in

# --- HTML -----------------------------------------------------------------------------

# Elements whose content is never article prose.
_DROP = frozenset({
    "script", "style", "noscript", "template", "nav", "svg", "iframe", "aside",
    "form", "button", "select", "textarea", "object", "embed", "canvas", "audio", "video",
    "map", "math", "head", "title", "meta", "link",
})
# Page chrome, dropped unless it sits inside an <article> (where it holds headline/byline).
_CHROME = frozenset({"header", "footer"})
_BLOCK = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "blockquote", "div", "section", "article", "main", "header", "footer", "figure",
    "figcaption", "pre", "table", "thead", "tbody", "tfoot", "tr", "caption", "address",
    "hr", "center", "details", "summary", "body", "html", "fieldset", "legend",
})
_CELL = frozenset({"td", "th"})
_WS = re.compile(r"\s+")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_BR = object()   # a <br> inside the current block
_CUT = object()  # a block boundary

_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
_TOKEN = re.compile(r"\s*([!-%'-;=?-~]{1,12})")    # printable ASCII, no markup or entity
_SEARCH = 1_000_000
# A piece of text with the source offset of each of its characters (-1: unknown).
Piece = tuple[str, list[int]]


def _fold(s: str) -> str:
    return _WS.sub(" ", _INVISIBLE.sub("", s)).strip()


def _fold_placed(text: str, where: list[int]) -> Piece:
    """:func:`_fold` keeping each kept character's source offset (a run of white space
    becomes one space placed where the run starts)."""
    out: list[str] = []
    pos: list[int] = []
    space = -2                         # -2: no pending space; else where the pending run starts
    for ch, at in zip(text, where):
        if _INVISIBLE.match(ch):
            continue
        if ch.isspace():
            if space == -2:
                space = at
            continue
        if space != -2 and out:
            out.append(" ")
            pos.append(space)
        space = -2
        out.append(ch)
        pos.append(at)
    return "".join(out), pos


def _blocks(pieces: list) -> list[Piece]:
    """Turn a stream of pieces / _BR / _CUT markers into blocks of folded text.

    Inside a block, one <br> is a newline; two or more in a row start a new block.
    """
    blocks: list[Piece] = []
    lines: list[Piece] = []
    current: list[Piece] = []

    def line_of_current() -> Piece:
        text = "".join(t for t, _ in current)
        where = [p for _, ps in current for p in ps]
        current.clear()
        return _fold_placed(text, where)

    def end_block() -> None:
        if lines:
            text = "\n".join(t for t, _ in lines)
            where: list[int] = []
            for i, (_, ps) in enumerate(lines):
                if i:
                    where.append(where[-1] if where else -1)
                where.extend(ps)
            blocks.append((text, where))
            lines.clear()

    for piece in pieces:
        if piece is _BR:
            # "a<br>b" -> newline; "a<br><br>b" -> the empty line between ends the block
            line = line_of_current()
            if line[0]:
                lines.append(line)
            else:
                end_block()
        elif piece is _CUT:
            line = line_of_current()
            if line[0]:
                lines.append(line)
            end_block()
        else:
            current.append(piece)
    line = line_of_current()
    if line[0]:
        lines.append(line)
    end_block()
    return blocks


class _Locator:
    """Finds where the strings of the parsed tree sit in the page source, moving forward
    through it in document order (the parser gives positions for tags only)."""

    def __init__(self, source: str):
        self.source = source
        self.pos = 0

    def at_tag(self, tag: Any) -> None:
        line, col = getattr(tag, "sourceline", None), getattr(tag, "sourcepos", None)
        if line is None or col is None:
            return
        offset = self.line_start(line) + col
        if offset > self.pos:
            self.pos = offset

    def skip(self, tag: Any) -> None:
        """Past a dropped element (a script's text must not be taken for the next string)."""
        name = (tag.name or "").lower()
        close = re.compile(rf"</{re.escape(name)}\s*>", re.I).search(self.source, self.pos, self.pos + _SEARCH)
        if close:
            self.pos = close.end()

    _starts: list[int] | None = None

    def line_start(self, line: int) -> int:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in re.finditer("\n", self.source)]
        return self._starts[min(max(line, 1), len(self._starts)) - 1]

    def place(self, text: str) -> list[int]:
        """The source offset of each character of ``text``, the next string of the page."""
        src, n = self.source, len(self.source)
        token = _TOKEN.match(text)
        if token:      # skips what the walk does not visit (a dropped <script>, comments)
            found = src.find(token.group(1), self.pos, self.pos + _SEARCH)
            if found != -1:
                self.pos = max(self.pos, found - token.start(1))
        out: list[int] = []
        pos = self.pos
        for ch in text:
            if pos >= n:
                out.append(n - 1 if n else -1)
                continue
            if src[pos] == "<" and ch != "<":          # markup inside (pre), a comment
                end = src.find("-->", pos) + 3 if src.startswith("<!--", pos) else src.find(">", pos) + 1
                pos = end if end > pos else pos + 1
                if pos >= n:
                    out.append(n - 1)
                    continue
            if src[pos] == "\r" and ch != "\r":
                pos += 1
            out.append(min(pos, n - 1))
            entity = _ENTITY.match(src, pos) if src.startswith("&", pos) else None
            if entity and not (ch == "&" and entity.group() == "&"):
                pos = entity.end()
            elif pos < n and (src[pos] == ch or not ch.isspace()):
                pos += 1
        self.pos = pos
        return out


def _pick_root(soup: Any) -> Any:
    for name in ("article", "main"):
        found = soup.find_all(name)
        if found:
            # several candidates (teasers, comments): take the one with the most text
            return max(found, key=lambda t: len(t.get_text(" ", strip=True)))
    return soup.body or soup


def _hidden(tag: Any) -> bool:
    attrs = tag.attrs or {}
    if "hidden" in attrs or str(attrs.get("aria-hidden", "")).lower() == "true":
        return True
    style = str(attrs.get("style", "")).replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _walk(root: Any, locate: _Locator) -> list:
    from bs4 import NavigableString, Tag
    from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction, CData

    skip_strings = (Comment, Declaration, Doctype, ProcessingInstruction, CData)
    pieces: list = []
    in_article = root.name == "article" or root.find_parent("article") is not None
    # iterative walk (deeply nested pages must not exhaust the recursion limit)
    stack: list = [(root, False, in_article)]
    while stack:
        node, leaving, in_art = stack.pop()
        if leaving:
            if node.name in _BLOCK:
                pieces.append(_CUT)
            elif node.name in _CELL:
                pieces.append((" ", [-1]))
            continue
        if isinstance(node, NavigableString):
            where = locate.place(str(node))        # a comment's words too: the next string is after it
            if not isinstance(node, skip_strings):
                pieces.append((str(node), where))
            continue
        if not isinstance(node, Tag):
            continue
        name = (node.name or "").lower()
        locate.at_tag(node)
        if name in _DROP or (name in _CHROME and not in_art) or _hidden(node):
            if node.contents:
                locate.skip(node)
            continue
        if name == "br":
            pieces.append(_BR)
            continue
        if name == "pre":
            pieces.append(_CUT)
            text = node.get_text()
            where = locate.place(text)
            start = 0
            for i, line in enumerate(text.split("\n")):
                if i:
                    pieces.append(_BR)
                pieces.append((line, where[start:start + len(line)]))
                start += len(line) + 1
            pieces.append(_CUT)
            continue
        if name in _BLOCK:
            pieces.append(_CUT)
        elif name in _CELL:
            pieces.append((" ", [-1]))
        elif name == "img":
            continue
        child_in_art = in_art or name == "article"
        stack.append((node, True, in_art))
        for child in reversed(node.contents):
            stack.append((child, False, child_in_art))
    return pieces


def _metadata(soup: Any) -> dict:
    meta: dict = {}
    if soup.title is not None:
        title = _fold(soup.title.get_text())
        if title:
            meta["title"] = title
    wanted = {
        ("name", "author"): "author",
        ("property", "article:author"): "author",
        ("property", "article:published_time"): "date",
        ("name", "date"): "date",
        ("property", "og:site_name"): "outlet",
        ("property", "og:title"): "title",
    }
    for tag in soup.find_all("meta"):
        content = tag.get("content")
        if not isinstance(content, str) or not content.strip():
            continue
        for attr in ("name", "property"):
            value = tag.get(attr)
            if not isinstance(value, str):
                continue
            key = wanted.get((attr, value.strip().lower()))
            if key and key not in meta:
                meta[key] = _fold(content)
    return meta


_TAG = re.compile(r"<[^>]*>")
_DROP_RE = re.compile(r"<(script|style|noscript|template|svg|iframe)\b.*?</\1\s*>", re.S | re.I)


def _fallback_text(text: str) -> str:
    """Last resort when the parser fails: strip tags with regular expressions."""
    text = _DROP_RE.sub(" ", text)
    text = re.sub(r"(?i)<br\s*/?>", "\n", text)
    text = re.sub(r"(?i)</?(p|div|h[1-6]|li|blockquote|tr|section|article)\b[^>]*>", "\n\n", text)
    text = html.unescape(_TAG.sub(" ", text))
    paras = [_fold(p) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paras if p)


def html_text(text: str) -> tuple[str, dict]:
    """Extract the article text and metadata (title/author/date/outlet) from an HTML page.

    Never raises on malformed HTML.
    """
    body, meta, _ = html_extract(text)
    return body, meta


def html_extract(text: str) -> tuple[str, dict, SourceMap | None]:
    """:func:`html_text` and where each character of the text is in the page (its lines and
    columns), with the page's suppression comments; the map is None when the page could
    only be read by the regular-expression fallback."""
    try:
        from bs4 import BeautifulSoup
        soup = BeautifulSoup(text, "html.parser")
        try:
            meta = _metadata(soup)
        except Exception:
            meta = {}
        root = _pick_root(soup)
        blocks = _blocks(_walk(root, _Locator(text)))
        body = "\n\n".join(b for b, _ in blocks)
        where: list[int] = []
        for i, (_, ps) in enumerate(blocks):
            if i:
                where.extend([where[-1] if where else -1] * 2)
            where.extend(ps)
        return body, meta, source_map(text, where)
    except Exception:  # RecursionError, parser bugs: never fail on a bad page
        try:
            return _fallback_text(text), {}, None
        except Exception:
            return "", {}, None


def source_map(source: str, where: list[int]) -> SourceMap:
    """The runs of a text whose character ``i`` came from ``source[where[i]]`` (-1: from
    the place of the character before it)."""
    starts = [0] + [m.end() for m in re.finditer("\n", source)]
    runs: list[tuple[int, int, int]] = []
    last, prev = 0, -10
    for i, at in enumerate(where):
        at = last if at < 0 else at
        if at != prev + 1 or (prev >= 0 and source[prev:prev + 1] == "\n"):
            line = bisect.bisect_right(starts, at)
            runs.append((i, line, at - starts[line - 1] + 1))
        prev = last = at
    return SourceMap("line", tuple(runs), comments_in(source))
