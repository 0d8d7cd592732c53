"""Text extraction from HTML pages.

Returns plain text in which paragraphs are separated by one blank line, which
:func:`attribution.read.documents.find_paragraphs` splits on. Offsets in the audit then
refer to this extracted text, not to the original file.
"""
from __future__ import annotations

from typing import Any

import html
import re

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


def _fold(s: str) -> str:
    return _WS.sub(" ", _INVISIBLE.sub("", s)).strip()


def _blocks(pieces: list) -> list[str]:
    """Turn a stream of strings / _BR / _CUT markers into blocks of folded text.

    Inside a block, one <br> is a newline; two or more in a row start a new block.
    """
    blocks: list[str] = []
    lines: list[str] = []
    current: list[str] = []

    def end_block() -> None:
        if lines:
            blocks.append("\n".join(lines))
            lines.clear()

    for piece in pieces:
        if piece is _BR:
            # "a<br>b" -> newline; "a<br><br>b" -> the empty line between ends the block
            line = _fold("".join(current))
            current.clear()
            if line:
                lines.append(line)
            else:
                end_block()
        elif piece is _CUT:
            line = _fold("".join(current))
            current.clear()
            if line:
                lines.append(line)
            end_block()
        else:
            current.append(piece)
    line = _fold("".join(current))
    if line:
        lines.append(line)
    end_block()
    return blocks


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


def _walk(root: Any) -> list:
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
                pieces.append(" ")
            continue
        if isinstance(node, NavigableString):
            if not isinstance(node, skip_strings):
                pieces.append(str(node))
            continue
        if not isinstance(node, Tag):
            continue
        name = (node.name or "").lower()
        if name in _DROP or (name in _CHROME and not in_art) or _hidden(node):
            continue
        if name == "br":
            pieces.append(_BR)
            continue
        if name == "pre":
            pieces.append(_CUT)
            text = node.get_text()
            for i, line in enumerate(text.split("\n")):
                if i:
                    pieces.append(_BR)
                pieces.append(line)
            pieces.append(_CUT)
            continue
        if name in _BLOCK:
            pieces.append(_CUT)
        elif name in _CELL:
            pieces.append(" ")
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
    try:
        from bs4 import BeautifulSoup
        soup = BeautifulSoup(text, "html.parser")
        try:
            meta = _metadata(soup)
        except Exception:
            meta = {}
        root = _pick_root(soup)
        body = "\n\n".join(_blocks(_walk(root)))
        return body, meta
    except Exception:  # RecursionError, parser bugs: never fail on a bad page
        try:
            return _fallback_text(text), {}
        except Exception:
            return "", {}
