"""Reading stories: text decoding, Markdown/HTML/.docx extraction, paragraphs, unwrapping.

The output is an :class:`Article` whose ``clean`` text has the same length as its
``text``: characters that are not prose (Markdown syntax, front matter, hard-wrap
newlines) are replaced by spaces, so every offset found later refers to ``text``.
"""
from __future__ import annotations

import datetime
import re
import stat
from pathlib import Path
from typing import BinaryIO

import attrs

from ..errors import InputError, Notice
from ..model import Article, Span

STORY_EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm", ".docx")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


# --- decoding -----------------------------------------------------------------------

def decode(data: bytes, path: str = "<input>") -> tuple[str, list[Notice]]:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, else detected."""
    warnings: list[Notice] = []
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8", errors="strict"), warnings
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16"), warnings
    except UnicodeDecodeError as exc:
        raise InputError(f"starts with a {exc.encoding.upper()} byte-order mark but is not "
                         f"valid {exc.encoding.upper()} (byte {exc.start}: {exc.reason})", path) from None
    if b"\x00" in data[:4096]:
        raise InputError("looks like a binary file, not a story", path)
    try:
        return data.decode("utf-8"), warnings
    except UnicodeDecodeError:
        pass
    lenient = _mostly_utf8(data)
    if lenient is not None:
        text, bad = lenient
        warnings.append(Notice("encoding", f"not valid UTF-8 in {bad} place(s); decoded as UTF-8 with "
                                           "those bytes replaced by U+FFFD"))
        return text, warnings
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(data).best()
    except ImportError:  # pragma: no cover - charset-normalizer is a dependency
        best = None
    if best is None:
        raise InputError("not valid UTF-8 and no text encoding could be detected", path)
    warnings.append(Notice("encoding", f"not UTF-8; decoded as {best.encoding}"))
    return str(best), warnings


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 with a few stray bytes (one bad byte must not turn a whole story into mojibake
    of a legacy code page): the text with replacements and the number of bad places, when
    the valid non-ASCII characters outnumber the bad places at least twice over."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    if bad and valid >= 2 * bad:
        return text, bad
    return None


# --- paragraphs and unwrapping ------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?:\"'\u201d\u2019)\]]\s*$")


def _line_spans(text: str) -> list[Span]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append(Span(pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _paragraphs_by_blank_lines(text: str, lines: list[Span]) -> list[Span]:
    paras, current = [], []
    for span in lines:
        if text[span.start:span.end].strip():
            current.append(span)
        elif current:
            paras.append(Span(current[0].start, current[-1].end))
            current = []
    if current:
        paras.append(Span(current[0].start, current[-1].end))
    return paras


def _paragraphs_by_short_first_lines(text: str, lines: list[Span]) -> list[Span]:
    """Hard-wrapped text with no blank lines (the wire style of the seed): a short line
    that follows a line ending a sentence starts a new paragraph."""
    lengths = [len(s) for s in lines if len(s)]
    width = sorted(lengths)[int(len(lengths) * 0.9)] if lengths else 80
    short = width * 0.45
    paras: list[Span] = []
    start: int | None = None
    prev: Span | None = None
    for span in lines:
        line = text[span.start:span.end]
        if not line.strip():
            continue
        is_start = (prev is None or prev.start == 0  # the first line is the headline
                    or (len(span) < short and _SENTENCE_END.search(text[prev.start:prev.end])))
        if is_start and start is not None and prev is not None:
            paras.append(Span(start, prev.end))
            start = None
        if start is None:
            start = span.start
        prev = span
    if start is not None and prev is not None:
        paras.append(Span(start, prev.end))
    return paras


def find_paragraphs(text: str) -> list[Span]:
    lines = _line_spans(text)
    nonblank = [s for s in lines if text[s.start:s.end].strip()]
    if not nonblank:
        return []
    first, last = nonblank[0].start, nonblank[-1].end
    has_blank = any(not text[s.start:s.end].strip() and first < s.start < last for s in lines)
    median = sorted(len(s) for s in nonblank)[len(nonblank) // 2]
    if has_blank and len(nonblank) > 1:
        return _split_unwrapped_blocks(text, _paragraphs_by_blank_lines(text, lines))
    if median > MAX_WRAP_WIDTH or len(nonblank) < 4:
        return nonblank  # one paragraph per line
    return _paragraphs_by_short_first_lines(text, lines)


# Hard-wrapped copy never has a line longer than this; a block with one is not wrapped.
MAX_WRAP_WIDTH = 120


def _split_unwrapped_blocks(text: str, paras: list[Span]) -> list[Span]:
    """A block between blank lines is one hard-wrapped paragraph only when all its lines
    fit a wrap width. A block with a longer line holds unwrapped paragraphs, one per line
    (web copy that separates some paragraphs by a blank line and others by a newline, as
    in a list of signed quotations); joining them would run sentences across paragraphs."""
    out: list[Span] = []
    for p in paras:
        chunk = text[p.start:p.end]
        if "\n" in chunk and max(len(x) for x in chunk.split("\n")) > MAX_WRAP_WIDTH:
            out.extend(s for s in (Span(p.start + a.start, p.start + a.end) for a in _line_spans(chunk))
                       if text[s.start:s.end].strip())
        else:
            out.append(p)
    return out


def blank_wraps(clean: str, paragraphs: list[Span]) -> str:
    """Replace newlines inside a paragraph by spaces (same length)."""
    chars = list(clean)
    for p in paragraphs:
        for i in range(p.start, p.end):
            if chars[i] in "\r\n":
                chars[i] = " "
    return "".join(chars)


# --- Markdown -------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_MATTER_OPEN = re.compile(r"\A---[ \t]*\n[A-Za-z_][\w -]*:")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
# a whole-story switch for rule codes (AT...); attribution.checks.suppress reads the rest
SUPPRESS = re.compile(r"<!--\s*attribution\s*:\s*disable\s*=\s*([A-Za-z0-9_, ]+?)\s*-->", re.I)


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] not in "\n":
            chars[i] = " "


MAX_FRONT_MATTER = 64 * 1024        # characters; a story's metadata is a few lines
_READ_WITHOUT = "the story is read without its metadata"


def parse_front_matter(block: str) -> tuple[dict, Notice | None]:
    """The scalar fields of YAML front matter (title, outlet, date...), and a notice when
    the front matter cannot be used (the story is then read without it, and says so:
    ``report --by outlet`` would otherwise file it under ``(none)`` without a word).

    Front matter comes with untrusted stories: a kilobyte of YAML aliases expands to
    gigabytes. So it is bounded in size, refused whole when it uses anchors or aliases
    (found by the linear-time scanner, before anything is built), and only top-level
    scalar values are kept (nested lists and mappings are dropped)."""
    if len(block) > MAX_FRONT_MATTER:
        return {}, Notice("front_matter", f"front matter is over {MAX_FRONT_MATTER // 1024} KB; {_READ_WITHOUT}")
    import yaml
    try:
        for token in yaml.scan(block, Loader=yaml.SafeLoader):
            if isinstance(token, (yaml.AliasToken, yaml.AnchorToken)):
                return {}, Notice("front_matter", "front matter uses YAML anchors or aliases, which are "
                                                  f"refused; {_READ_WITHOUT}")
        data = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""   # +1: 1-based, +1: the '---' line
        problem = getattr(exc, "problem", None) or "malformed"
        return {}, Notice("front_matter", f"front matter is not valid YAML ({problem}{where}); {_READ_WITHOUT}")
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return {}, Notice("front_matter", "front matter is not a list of 'field: value' lines; "
                                          f"{_READ_WITHOUT}")
    return {str(k): v for k, v in data.items()
            if isinstance(v, (str, int, float, bool, datetime.date)) or v is None}, None


def markdown_clean(text: str) -> tuple[str, dict, list[Span], list[Notice]]:
    """The story text of a Markdown file (same length: everything else blanked), its front
    matter, the extent of each Markdown block, and notices about the front matter."""
    from .markdown_text import markdown_text
    chars = list(text)
    meta: dict = {}
    notices: list[Notice] = []
    fm = _FRONT_MATTER.match(text)
    if fm:
        meta, notice = parse_front_matter(fm.group(1) or "")
        notices.extend([notice] if notice else [])
        _blank(chars, 0, fm.end())
    elif _FRONT_MATTER_OPEN.match(text):
        notices.append(Notice("front_matter", "front matter opened by '---' is never closed by a '---' line; "
                                              "it is read as story text"))
    for m in _HTML_COMMENT.finditer(text):
        _blank(chars, m.start(), m.end())
    source = "".join(chars)
    found = markdown_text(source)
    out = [ch if ch == "\n" else " " for ch in source]
    for span in found.kept:
        out[span.start:span.end] = source[span.start:span.end]
    return "".join(out), meta, list(found.blocks), notices


# --- building articles ----------------------------------------------------------------

def suppressed_codes(text: str) -> frozenset[str]:
    codes: set[str] = set()
    for m in SUPPRESS.finditer(text):
        codes.update(c.strip().upper() for c in m.group(1).split(",") if c.strip())
    return frozenset(codes)


def article_from_text(text: str, path: str = "<stdin>", fmt: str = "txt",
                      warnings: list[Notice] | None = None, metadata: dict | None = None,
                      suppressed: frozenset[str] = frozenset()) -> Article:
    """Build an Article from already decoded text of format ``txt``, ``md`` or ``plain``."""
    warnings = list(warnings or [])
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta = dict(metadata or {})
    if fmt == "txt" and _looks_like_markdown(text):
        fmt = "md"
    blocks: list[Span] | None = None
    if fmt == "md":
        clean, fm, blocks, fm_notices = markdown_clean(text)
        meta.update(fm)
        warnings.extend(fm_notices)
    else:
        clean = text
    clean = clean.replace("\u00a0", " ").replace("\t", " ")
    clean, long_runs = _blank_long_runs(clean)
    if long_runs:
        warnings.append(Notice("long_runs", f"skipped {long_runs} run(s) of over {LONG_RUN} characters "
                               "without a space (not prose; the parser would take minutes on them)"))
    paragraphs = find_paragraphs(clean)
    if blocks is not None:
        from .markdown_text import split_at_blocks
        paragraphs = split_at_blocks(paragraphs, blocks, clean)
    clean = blank_wraps(clean, paragraphs)
    if not paragraphs:
        raise InputError("no text to audit (empty or white space only)", path)
    if _looks_foreign(clean):
        warnings.append(Notice("not_english", "text does not look like English; the rules are written for English"))
    return Article(path=path, text=text, clean=clean, paragraphs=tuple(paragraphs), metadata=meta,
                   warnings=tuple(warnings), suppressed=suppressed_codes(text) | frozenset(suppressed))


LONG_RUN = 1000
_LONG_RUN = re.compile(rf"\S{{{LONG_RUN + 1},}}")


def _blank_long_runs(clean: str) -> tuple[str, int]:
    """Blank runs of non-space characters longer than LONG_RUN (data, base64, minified code):
    no word is that long, and Stanza's tokenizer slows to minutes on them (same length kept)."""
    runs = 0

    def blank(m: re.Match) -> str:
        nonlocal runs
        runs += 1
        return " " * len(m.group())
    return _LONG_RUN.sub(blank, clean), runs


def _looks_like_markdown(text: str) -> bool:
    """A .txt story written in Markdown (a '# ' headline, **bold**) is read as Markdown."""
    return bool(re.search(r"^#{1,6} \S", text, re.M) or re.search(r"\*\*\S[^*\n]{0,80}\S\*\*", text))


_ENGLISH = {"the", "and", "of", "to", "a", "in", "is", "that", "said", "for", "was", "on", "it", "with"}


def _looks_foreign(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 30:
        return False
    return sum(w in _ENGLISH for w in words) / len(words) < 0.05


def format_of(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".docx": "docx"}.get(suffix, "txt")


def read_article(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read one story file (never modifies it). Only regular files are read: a device
    (``/dev/zero``) or a FIFO named as a story would never end."""
    p = Path(path)
    name = str(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError("no such file", name) from None
    except PermissionError:
        raise InputError("permission denied", name) from None
    except (OSError, ValueError) as exc:  # not a folder on the way, name too long, NUL in name
        raise InputError(f"cannot be read ({getattr(exc, 'strerror', None) or exc})", name) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a folder, not a story file", name)
    if not stat.S_ISREG(st.st_mode):
        raise InputError("is not a regular file (a device, a FIFO or a socket); use - for standard input", name)
    if st.st_size > max_bytes:
        raise InputError(too_big(st.st_size, max_bytes), name)
    fmt = format_of(name)
    try:
        with p.open("rb") as fh:
            data = read_bounded(fh, max_bytes, name)
    except FileNotFoundError:
        raise InputError("file disappeared before it could be read", name) from None
    except PermissionError:
        raise InputError("permission denied", name) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", name) from None
    return article_from_bytes(data, name, fmt)


def too_big(size: float, max_bytes: int) -> str:
    return (f"{size / 1e6:.1f} MB is over the size limit of {max_bytes / 1e6:.1f} MB "
            "(raise it with --max-size)")


def read_bounded(stream: BinaryIO, max_bytes: int, name: str) -> bytes:
    """At most ``max_bytes`` from ``stream`` (a file that grew, standard input): one byte
    more is an error, never an unbounded read."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"more than {max_bytes / 1e6:.1f} MB: over the size limit (raise it with --max-size)",
                         name)
    return data


def article_from_bytes(data: bytes, path: str, fmt: str) -> Article:
    if fmt == "docx":
        from .docx_text import docx_extract
        body, paragraphs = docx_extract(data, path)        # positions: paragraph numbers
        return attrs.evolve(article_from_text(body, path, "plain"), source_map=paragraphs)
    _reject_binary(data, path)
    text, warnings = decode(data, path)
    if fmt == "html":
        from .html_text import html_extract
        # suppression comments live in the markup, which extraction drops
        codes = suppressed_codes(text)
        body, meta, where = html_extract(text)              # positions: the page's lines
        return attrs.evolve(article_from_text(body, path, "plain", warnings, meta, suppressed=codes),
                            source_map=where)
    return article_from_text(text, path, fmt, warnings)


_MAGIC = {b"%PDF": "a PDF", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
          b"GIF8": "a GIF image", b"PK\x03\x04": "a zip archive (.docx? rename it)"}


def _reject_binary(data: bytes, path: str) -> None:
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"is {what}, not a text story", path)


