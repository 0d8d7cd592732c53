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
        for n in r.directive_notices:
            lines.append(github_line("warning", n.message, file=n.path, line=n.line, col=n.column,
                                     title="suppression comment"))
    for e in errors:
        lines.append(github_line("error", e.message, file=e.path or None))
    hidden = [f for r in results for f in r.suppressed]
    if hidden:      # said once, not one annotation each: suppressed means "not on the diff"
        lines.append(github_line("notice", f"{len(hidden)} finding{'s' if len(hidden) != 1 else ''} suppressed "
                                 "by comments: " + "; ".join(f"{f.path}:{f.line} {f.code}" for f in hidden[:20])
                                 + ("; ..." if len(hidden) > 20 else ""), title="suppressed"))
    return "".join(line + "\n" for line in lines)
