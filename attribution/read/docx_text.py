"""Text extraction from Word (.docx) files, with bounds against zip bombs.

Returns plain text in which paragraphs are separated by one blank line, which
:func:`attribution.read.documents.find_paragraphs` splits on.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import io
import zipfile

from ..errors import InputError
from ..model import SourceMap

# --- .docx ----------------------------------------------------------------------------

MAX_DOCX_UNCOMPRESSED = 200_000_000  # bytes (MB as in documents.py: 10**6)
MAX_DOCX_ENTRIES = 10_000
MAX_DOCX_RATIO = 100
RATIO_CHECK_ABOVE = 10_000_000
# XML is parsed into a tree tens of times its size: the XML parts together are bounded
# (19 header parts of 9.9 MB each, 188 MB in all, once reached 4.2 GB)
MAX_DOCX_XML = 40_000_000


def _check_zip(data: bytes, path: str) -> None:
    buf = io.BytesIO(data)
    if not zipfile.is_zipfile(buf):
        raise InputError("not a valid .docx (not a zip archive)", path)
    try:
        with zipfile.ZipFile(buf) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(f"not a valid .docx (damaged zip archive: {_one_line(exc)})", path) from None
    if len(infos) > MAX_DOCX_ENTRIES:
        raise InputError(f"refused .docx: {len(infos)} entries in the archive "
                         f"(limit {MAX_DOCX_ENTRIES}); it may be a zip bomb", path)
    total = sum(max(0, i.file_size) for i in infos)
    if total > MAX_DOCX_UNCOMPRESSED:
        raise InputError(f"refused .docx: it would expand to {total / 1e6:.0f} MB "
                         f"(limit {MAX_DOCX_UNCOMPRESSED / 1e6:.0f} MB); it may be a zip bomb", path)
    xml = sum(max(0, i.file_size) for i in infos if i.filename.lower().endswith((".xml", ".rels")))
    if xml > MAX_DOCX_XML:
        raise InputError(f"refused .docx: its XML parts would expand to {xml / 1e6:.0f} MB in all "
                         f"(limit {MAX_DOCX_XML / 1e6:.0f} MB); it may be a zip bomb", path)
    for info in infos:
        if info.file_size > RATIO_CHECK_ABOVE:
            ratio = info.file_size / info.compress_size if info.compress_size else float("inf")
            if ratio > MAX_DOCX_RATIO:
                raise InputError(f"refused .docx: entry {info.filename!r} expands "
                                 f"{ratio:.0f}-fold to {info.file_size / 1e6:.0f} MB "
                                 f"(limit {MAX_DOCX_RATIO}-fold); it may be a zip bomb", path)


def _one_line(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()
    text = msg[0] if msg else type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _docx_blocks(doc: Any) -> list[str]:
    """Paragraph texts in document order, table cells included."""
    out: list[str] = []
    iter_inner = getattr(doc, "iter_inner_content", None)
    if iter_inner is None:  # python-docx < 1.0
        return [p.text for p in doc.paragraphs]
    seen_cells: set[int] = set()

    def visit(items: Iterable[Any]) -> None:
        for item in items:
            if hasattr(item, "rows"):  # a Table
                for row in item.rows:
                    for cell in row.cells:
                        key = id(cell._tc)
                        if key in seen_cells:  # merged cells repeat
                            continue
                        seen_cells.add(key)
                        visit(cell.iter_inner_content())
            else:
                out.append(item.text)

    visit(iter_inner())
    return out


def docx_text(data: bytes, path: str) -> str:
    """The text of a Word .docx file: non-empty paragraphs separated by a blank line."""
    return docx_extract(data, path)[0]


def docx_extract(data: bytes, path: str) -> tuple[str, SourceMap]:
    """:func:`docx_text` and where its characters are in the document: a .docx has no
    lines, so a position is the paragraph's number in the document (1-based, in document
    order, empty paragraphs and the paragraphs of table cells counted) and the character
    in that paragraph."""
    _check_zip(data, path)
    try:
        import docx
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise InputError("reading .docx needs the python-docx package", path) from None
    try:
        document = docx.Document(io.BytesIO(data))
        texts = _docx_blocks(document)
    except InputError:
        raise
    except KeyError as exc:
        what = exc.args[0] if exc.args and isinstance(exc.args[0], str) else _one_line(exc)
        raise InputError(f"not a valid .docx (a required part is missing: {what})", path) from None
    except Exception as exc:  # PackageNotFoundError, ValueError, XMLSyntaxError, BadZipFile...
        raise InputError(f"not a valid .docx ({_one_line(exc)})", path) from None
    kept: list[str] = []
    runs: list[tuple[int, int, int]] = []
    offset = 0
    for number, raw in enumerate(texts, start=1):
        text = raw.replace("\r\n", "\n").replace("\r", "\n")
        paragraph = text.strip()
        if not paragraph:
            continue
        if kept:
            offset += 2                                  # the blank line between paragraphs
        runs.append((offset, number, len(text) - len(text.lstrip()) + 1))
        kept.append(paragraph)
        offset += len(paragraph)
    return "\n\n".join(kept), SourceMap("paragraph", tuple(runs))
