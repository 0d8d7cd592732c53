"""Escaping untrusted text (file names, story text) for the sink it is printed to.

In CI the file names and stories come from pull requests. A name holding a newline and
``::add-mask::`` would start a workflow command on a line of its own; an escape sequence
would drive the terminal; a ``|`` would split a Markdown table cell; a cell starting with
``=`` would run as a spreadsheet formula. Every path and every piece of story text goes
through one of these before it is printed anywhere but JSON, SARIF and HTML (which have
their own escaping).
"""
from __future__ import annotations

import re

# C0 controls (tab included), DEL, C1 controls (CSI among them), and the Unicode line and
# paragraph separators some terminals and viewers break lines on.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch) or (
        f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def one_line(value: object) -> str:
    """``value`` as one line with no control character: newlines, escape sequences and the
    rest shown as backslash escapes (stderr, the ``check`` lines, table cells)."""
    return _CONTROL.sub(_escape, "" if value is None else str(value))


def markdown_cell(value: object) -> str:
    """One line, with the pipes that would end a Markdown table cell escaped."""
    return one_line(value).replace("|", "\\|")


def table_cell(value: object, markdown: bool = False) -> object:
    """A cell of a table report: text escaped for the table's kind; numbers as they are."""
    if isinstance(value, str):
        return markdown_cell(value) if markdown else one_line(value)
    return value


def csv_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula (OWASP: a leading quote)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def table_rows(rows: list[list[object]] | list[list], tablefmt: str) -> list[list[object]]:
    """Every cell of a table escaped for the table's kind (tabulate's ``github`` is Markdown)."""
    markdown = tablefmt == "github"
    return [[table_cell(v, markdown) for v in row] for row in rows]
