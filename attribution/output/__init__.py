"""The output stage: one module per format; the only stage that formats text for people.

Formats: table (tabulate), markdown, json (the contract), csv (one row per attribution),
html (the annotated draft), github (workflow annotations), sarif 2.1.0.
"""
from __future__ import annotations

from typing import Literal, get_args

from ..errors import ErrorRecord
from ..model import ArticleResult
from ..ruleset import Rules

Format = Literal["table", "markdown", "json", "csv", "html", "github", "sarif"]
FORMATS: tuple[str, ...] = get_args(Format)


def render(fmt: str, results: list[ArticleResult], errors: list[ErrorRecord], meta: dict,
           details: bool = False, rules: Rules | None = None) -> str:
    """The report in ``fmt``; ``rules`` are the run's (formats that describe the checks use
    them rather than loading the rules again)."""
    if fmt == "json":
        from .json_report import render_json
        return render_json(results, errors, meta)
    if fmt == "csv":
        from .csv_report import render_csv
        return render_csv(results, errors, meta)
    if fmt in ("table", "markdown"):
        from .tables import render_tables
        return render_tables(results, errors, meta, fmt, details)
    if fmt == "html":
        from .html_report import render_html
        return render_html(results, errors, meta)
    if fmt == "github":
        from .github import render_github
        return render_github(results, errors, meta)
    if fmt == "sarif":
        from .sarif import render_sarif
        return render_sarif(results, errors, meta, rules)
    raise ValueError(f"unknown format {fmt!r}")
