"""Corpus reports (``attribution report --by FIELD``): one row per group of articles.

Formats: table, markdown, csv, jsonl. The groups and their figures come from
:mod:`attribution.research.groups`.
"""
from __future__ import annotations

import csv
import io
import json

from tabulate import tabulate

from ..errors import ErrorRecord
from ..model import ArticleResult
from ..research.groups import SOURCE_CLASSES, report_rows
from .tables import tail
from .text import csv_cell, one_line, table_cell, table_rows

REPORT_FORMATS = ("table", "markdown", "csv", "jsonl")


def _top(row: dict) -> str:
    return "; ".join(f"{t['speaker_type']} ({t['attributions']})" for t in row["top_speaker_types"]) or "-"


def render_report(results: list[ArticleResult], errors: list[ErrorRecord], meta: dict, by: str | None,
                  fmt: str = "table",
                  sidecar: dict[str, dict] | None = None) -> str:
    rows = report_rows(results, by, sidecar)
    if fmt == "jsonl":
        lines = [json.dumps({**r, "model": meta.get("model"), "rules": meta.get("rules")}, ensure_ascii=False)
                 for r in rows]
        return "\n".join(lines) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        fields = (["by", "group", "scope", "articles", "attributions", "attributed", "anonymous",
                   "mean_anonymous_share", "pooled_anonymous_share"]
                  + [f"sources: {c}" for c in SOURCE_CLASSES] + ["top_speaker_types"])
        w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        for r in rows:
            row = {**{k: r[k] for k in fields[:9]},
                   **{f"sources: {c}": r["distinct_sources"][c] for c in SOURCE_CLASSES},
                   "top_speaker_types": _top(r)}
            w.writerow({k: csv_cell(v) for k, v in row.items()})
        return buf.getvalue()
    tablefmt = "github" if fmt == "markdown" else "simple"
    h = (lambda t: f"## {t}\n") if fmt == "markdown" else (lambda t: f"{t}\n")
    label = by or "corpus"
    out = [h(f"Articles by {one_line(label)}" if by else "Corpus")]
    out.append(tabulate(table_rows(
        [[r["group"], r["articles"], r["attributions"], r["attributed"], r["anonymous"],
          r["mean_anonymous_share"], r["pooled_anonymous_share"], _top(r)] for r in rows], tablefmt),
        headers=[table_cell(by or "group", tablefmt == "github"), "articles", "attributions", "attributed", "anonymous", "anon share (mean)",
                 "anon share (pooled)", "top 3 speaker types"], tablefmt=tablefmt, floatfmt=".2f"))
    out.append("\n\n" + h("Distinct sources by class"))
    out.append(tabulate(table_rows([[r["group"], *[r["distinct_sources"][c] for c in SOURCE_CLASSES]] for r in rows],
                                   tablefmt),
                        headers=[table_cell(by or "group", tablefmt == "github"), *SOURCE_CLASSES], tablefmt=tablefmt))
    out.append(tail(errors, meta, tablefmt, h))
    return "".join(out)
