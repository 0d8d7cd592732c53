"""GitHub Actions workflow commands (``::warning file=...::message``), escaped for the runner."""
from __future__ import annotations

from ..errors import ErrorRecord
from ..model import ArticleResult

GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: object) -> str:
    """The message part of a workflow command (after ``::``)."""
    return str(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: object) -> str:
    """A property value (``file=``, ``title=``...): also ``:`` and ``,``."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_line(command: str, message: str, **props: object) -> str:
    inner = ",".join(f"{k}={escape_property(v)}" for k, v in props.items() if v is not None)
    return f"::{command} {inner}::{escape_data(message)}" if inner else f"::{command}::{escape_data(message)}"


def render_github(results: list[ArticleResult], errors: list[ErrorRecord], meta: dict) -> str:
    lines = []
    for r in results:
        for f in r.findings:
            lines.append(github_line(GITHUB_COMMAND.get(f.severity, "warning"), f.message,
                                     file=f.path, line=f.line, col=f.column, title=f"{f.code} {f.name}"))
    for e in errors:
        lines.append(github_line("error", e.message, file=e.path or None))
    return "".join(line + "\n" for line in lines)
