"""Every output format. The only module that formats text for people.

Formats: table (tabulate), markdown, json (the contract), csv (one row per
attribution), html (the annotated draft), github (workflow annotations), sarif 2.1.0.
"""
from __future__ import annotations

import csv
import io
import json

from tabulate import tabulate

from . import __version__
from .errors import ErrorRecord
from .model import Attribution, ArticleResult
from .summary import by_speaker_type, corpus_summary

FORMATS = ("table", "markdown", "json", "csv", "html", "github", "sarif")


def shorten(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


# --- JSON -------------------------------------------------------------------------------

def attribution_dict(result: ArticleResult, a: Attribution) -> dict:
    sp = a.speaker
    art = result.article
    return {
        "content": a.content,
        "kind": a.kind,
        "cue": a.cue,
        "rule": a.rule,
        "start": a.start,
        "end": a.end,
        "line": art.line_of(a.start),
        "spans": [[s.start, s.end] for s in a.content_spans],
        "cue_span": [a.cue_span.start, a.cue_span.end] if a.cue_span else None,
        "speaker": {
            "mention": sp.mention,
            "resolved": sp.resolved,
            "name": sp.name,
            "class": sp.cls,
            "role": sp.role,
            "affiliation": sp.affiliation,
            "speaker_type": sp.speaker_type,
            "source_id": sp.source_id,
            "anonymity_reason": sp.anonymity_reason,
            "mention_span": [sp.mention_span.start, sp.mention_span.end] if sp.mention_span else None,
        },
    }


def finding_dict(f) -> dict:
    return {"code": f.code, "name": f.name, "severity": f.severity, "message": f.message,
            "line": f.line, "column": f.column}


def to_json_obj(results: list[ArticleResult], errors: list[ErrorRecord], meta: dict) -> dict:
    ok = [r for r in results if r.error is None]
    return {
        "tool": "attribution",
        "version": __version__,
        **meta,
        "articles": [{
            "path": r.article.path,
            "metadata": {k: str(v) for k, v in r.article.metadata.items()},
            "summary": r.summary,
            "attributions": [attribution_dict(r, a) for a in r.attributions],
            "findings": [finding_dict(f) for f in r.findings],
            "warnings": [w.message for w in r.article.warnings],
        } for r in ok],
        "errors": [e.as_dict() for e in errors],
        "corpus": corpus_summary([r.summary for r in ok], [a for r in ok for a in r.attributions]),
    }


def render_json(results, errors, meta) -> str:
    return json.dumps(to_json_obj(results, errors, meta), indent=2, ensure_ascii=False) + "\n"


# --- tables -----------------------------------------------------------------------------

ARTICLE_HEADERS = ["article", "attributions", "direct", "partial", "indirect", "named", "anonymous",
                   "anonymous share", "anonymous word share", "distinct anonymous sources"]


def article_rows(results: list[ArticleResult]) -> list[list]:
    rows = []
    for r in results:
        s = r.summary
        rows.append([r.article.path, s["attributions"], s["direct"], s["partial"], s["indirect"], s["named"],
                     s["anonymous"], f"{s['anonymous_share']:.2f}", f"{s['anonymous_word_share']:.2f}",
                     s["distinct_anonymous_sources"]])
    if len(results) > 1:
        c = corpus_summary([r.summary for r in results], [a for r in results for a in r.attributions])
        rows.append(["TOTAL", c["attributions"], c["direct"], c["partial"], c["indirect"], c["named"],
                     c["anonymous"], f"{c['anonymous_share']:.2f}", f"{c['anonymous_word_share']:.2f}",
                     c["distinct_anonymous_sources"]])
    return rows


def type_rows(results: list[ArticleResult]) -> list[list]:
    rows = by_speaker_type([a for r in results for a in r.attributions])
    return [[r["speaker_type"], r["attributions"], r["sources"], r["words"]] for r in rows]


def detail_rows(result: ArticleResult) -> list[list]:
    return [[result.article.line_of(a.start), a.speaker.speaker_type,
             shorten(a.speaker.resolved or a.speaker.mention or "-", 30), a.cue or "-", a.kind,
             shorten(a.content, 60)] for a in result.attributions]


def render_tables(results, errors, meta, fmt: str = "table", details: bool = False) -> str:
    tablefmt = "github" if fmt == "markdown" else "simple"
    ok = [r for r in results if r.error is None]
    out = []
    h = (lambda t: f"## {t}\n") if fmt == "markdown" else (lambda t: f"{t}\n")
    out.append(h("Articles"))
    out.append(tabulate(article_rows(ok), headers=ARTICLE_HEADERS, tablefmt=tablefmt))
    out.append("\n\n" + h("Speaker types"))
    out.append(tabulate(type_rows(ok), headers=["speaker type", "attributions", "sources", "words"],
                        tablefmt=tablefmt))
    if details:
        for r in ok:
            out.append("\n\n" + h(f"Attributions in {r.article.path}"))
            out.append(tabulate(detail_rows(r), headers=["line", "speaker type", "speaker", "cue", "kind",
                                                         "content"], tablefmt=tablefmt))
    findings = [(r.article.path, f) for r in ok for f in r.findings]
    if findings:
        out.append("\n\n" + h("Findings"))
        out.append(tabulate([[p, f.line, f.code, f.severity, f.message] for p, f in findings],
                            headers=["article", "line", "code", "severity", "message"], tablefmt=tablefmt))
    out.append(tail(errors, meta, tablefmt, h))
    return "".join(out)


def tail(errors: list[ErrorRecord], meta: dict, tablefmt: str, heading) -> str:
    """The errors table (if any) and the model and rules line that close every table report."""
    out = []
    if errors:
        out.append("\n\n" + heading("Errors"))
        out.append(tabulate([[e.path, e.message] for e in errors], headers=["file", "error"],
                            tablefmt=tablefmt))
    out.append(f"\n\nmodel: {meta.get('model')}  rules: {meta.get('rules')}\n")
    return "".join(out)


# --- CSV --------------------------------------------------------------------------------

CSV_FIELDS = ["article", "line", "kind", "cue", "rule", "content", "mention", "resolved", "name", "class",
              "role", "affiliation", "speaker_type", "source_id", "anonymity_reason", "start", "end"]


def render_csv(results, errors, meta) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    w.writeheader()
    for r in results:
        for a in r.attributions:
            d = attribution_dict(r, a)
            sp = d["speaker"]
            w.writerow({"article": r.article.path, "line": d["line"], "kind": a.kind, "cue": a.cue,
                        "rule": a.rule, "content": a.content, "mention": sp["mention"],
                        "resolved": sp["resolved"], "name": sp["name"], "class": sp["class"],
                        "role": sp["role"], "affiliation": sp["affiliation"],
                        "speaker_type": sp["speaker_type"], "source_id": sp["source_id"],
                        "anonymity_reason": sp["anonymity_reason"], "start": a.start, "end": a.end})
    return buf.getvalue()


def render(fmt: str, results, errors, meta, details: bool = False) -> str:
    if fmt == "json":
        return render_json(results, errors, meta)
    if fmt == "csv":
        return render_csv(results, errors, meta)
    if fmt in ("table", "markdown"):
        return render_tables(results, errors, meta, fmt, details)
    if fmt == "html":
        from .html_report import render_html
        return render_html(results, errors, meta)
    if fmt == "github":
        from .ci_formats import render_github
        return render_github(results, errors, meta)
    if fmt == "sarif":
        from .ci_formats import render_sarif
        return render_sarif(results, errors, meta)
    raise ValueError(f"unknown format {fmt!r}")
