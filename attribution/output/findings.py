"""The reports of ``attribution check``: findings (code, severity, path, line, column,
message), what suppression comments hid, the comments that hid nothing, and errors, in
every format; ``--statistics`` counts findings per code instead of listing them.

``audit`` reports attributions; ``check`` reports only what a CI gate acts on.
"""
from __future__ import annotations

import csv
import io
import json
from collections import Counter

from tabulate import tabulate

from .. import __version__
from ..errors import ErrorRecord
from ..model import ArticleResult, DirectiveNotice, Finding
from ..ruleset import Rules
from .text import csv_cell, markdown_cell, one_line

CHECK_FIELDS = ["path", "line", "column", "code", "name", "severity", "message", "status"]
STATISTICS_FORMATS = ("table", "markdown", "json", "csv")
_COLOUR = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


def _findings(results: list[ArticleResult]) -> list[Finding]:
    return [f for r in results for f in r.findings]


def _suppressed(results: list[ArticleResult]) -> list[Finding]:
    return [f for r in results for f in r.suppressed]


def _notices(results: list[ArticleResult]) -> list[DirectiveNotice]:
    return [n for r in results for n in r.directive_notices]


def finding_record(f: Finding) -> dict:
    out = {"path": f.path, "line": f.line, "column": f.column, "code": f.code, "name": f.name,
           "severity": f.severity, "message": f.message}
    if f.suppressed_by is not None:
        out["suppressed_by_line"] = f.suppressed_by
    return out


def statistics(results: list[ArticleResult]) -> list[dict]:
    """One row per code with a finding or a suppressed finding: most findings first."""
    found = Counter(f.code for f in _findings(results))
    hidden = Counter(f.code for f in _suppressed(results))
    first: dict[str, Finding] = {}
    for f in [*_findings(results), *_suppressed(results)]:
        first.setdefault(f.code, f)
    rows = [{"code": c, "name": f.name, "severity": f.severity, "count": found[c], "suppressed": hidden[c]}
            for c, f in first.items()]
    return sorted(rows, key=lambda r: (-r["count"], -r["suppressed"], r["code"]))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(results: list[ArticleResult], errors: list[ErrorRecord]) -> str:
    n, hidden = len(_findings(results)), len(_suppressed(results))
    text = f"{_plural(n, 'finding')} in {_plural(len(results), 'article')}"
    if hidden:
        text += f", {hidden} suppressed by comments"
    if errors:
        text += f", {_plural(len(errors), 'error')}"
    return text


# --- text -----------------------------------------------------------------------------------

def render_text(results: list[ArticleResult], errors: list[ErrorRecord], show_statistics: bool = False,
                colour: bool = False) -> str:
    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if colour else text

    out = []
    if show_statistics:
        for row in statistics(results):
            hidden = f" ({row['suppressed']} suppressed)" if row["suppressed"] else ""
            out.append(f"{row['count']:>5}  {paint(row['code'], _BOLD)}  {row['name']:<32} "
                       f"[{paint(row['severity'], _COLOUR[row['severity']])}]{hidden}")
    else:
        for f in _findings(results):
            out.append(f"{paint(one_line(f.path), _BOLD)}:{f.line}:{f.column}: {paint(f.code, _BOLD)} "
                       f"[{paint(f.severity, _COLOUR.get(f.severity, ''))}] {one_line(f.message)}")
    for e in errors:
        out.append(f"{paint('error', _COLOUR['error'])}: {one_line(e.message)} [{e.code}]")
    out.append(summary_line(results, errors))
    suppressed = _suppressed(results)
    if suppressed and not show_statistics:
        out.append("suppressed:")
        out.extend(f"  {one_line(f.path)}:{f.line}:{f.column}: {f.code} (the comment on line {f.suppressed_by})"
                   for f in suppressed)
    return "".join(line + "\n" for line in out)


# --- markdown -------------------------------------------------------------------------------

def render_markdown(results: list[ArticleResult], errors: list[ErrorRecord], show_statistics: bool = False) -> str:
    def table(rows: list[list], headers: list[str]) -> str:
        cells = [[markdown_cell(v) if isinstance(v, str) else v for v in row] for row in rows]
        return tabulate(cells, headers=headers, tablefmt="github") + "\n"

    out = ["## Findings\n\n"]
    if show_statistics:
        rows = [[r["code"], r["name"], r["severity"], r["count"], r["suppressed"]] for r in statistics(results)]
        out.append(table(rows, ["code", "name", "severity", "findings", "suppressed"]) if rows else "None.\n")
    else:
        rows = [[f.path, f.line, f.column, f.code, f.severity, f.message] for f in _findings(results)]
        out.append(table(rows, ["path", "line", "column", "code", "severity", "message"]) if rows else "None.\n")
    hidden = _suppressed(results)
    if hidden:
        out.append("\n## Suppressed by comments\n\n")
        out.append(table([[f.path, f.line, f.column, f.code, f.suppressed_by, f.message] for f in hidden],
                         ["path", "line", "column", "code", "comment line", "message"]))
    notices = _notices(results)
    if notices:
        out.append("\n## Suppression comments to fix\n\n")
        out.append(table([[n.path, n.line, n.column, n.message] for n in notices],
                         ["path", "line", "column", "warning"]))
    if errors:
        out.append("\n## Errors\n\n")
        out.append(table([[e.path, e.code, e.reason] for e in errors], ["path", "code", "error"]))
    out.append(f"\n{summary_line(results, errors)}\n")
    return "".join(out)


# --- json and csv ---------------------------------------------------------------------------

def check_json_obj(results: list[ArticleResult], errors: list[ErrorRecord], meta: dict,
                   show_statistics: bool = False) -> dict:
    found = _findings(results)
    obj: dict = {
        "tool": "attribution",
        "version": __version__,
        "model": meta.get("model"),
        "rules": meta.get("rules"),
        "findings": [finding_record(f) for f in found],
        "suppressed": [finding_record(f) for f in _suppressed(results)],
        "suppression_warnings": [{"path": n.path, "line": n.line, "column": n.column, "message": n.message}
                                 for n in _notices(results)],
        "errors": [e.as_dict() for e in errors],
        "summary": {"articles": len(results), "findings": len(found),
                    "by_severity": dict(Counter(f.severity for f in found)),
                    "suppressed": len(_suppressed(results)), "errors": len(errors)},
    }
    if show_statistics:
        obj["statistics"] = statistics(results)
    return obj


def render_check_json(results: list[ArticleResult], errors: list[ErrorRecord], meta: dict,
                      show_statistics: bool = False) -> str:
    return json.dumps(check_json_obj(results, errors, meta, show_statistics), indent=2, ensure_ascii=False) + "\n"


def render_check_csv(results: list[ArticleResult], errors: list[ErrorRecord], show_statistics: bool = False) -> str:
    buf = io.StringIO()
    if show_statistics:
        w = csv.DictWriter(buf, fieldnames=["code", "name", "severity", "count", "suppressed"], lineterminator="\n")
        w.writeheader()
        w.writerows(statistics(results))
        return buf.getvalue()
    w = csv.DictWriter(buf, fieldnames=CHECK_FIELDS, lineterminator="\n")
    w.writeheader()
    rows: list[dict] = [{**finding_record(f), "status": "finding"} for f in _findings(results)]
    for f in _suppressed(results):
        record = finding_record(f)
        record.pop("suppressed_by_line", None)
        rows.append({**record, "status": f"suppressed by the comment on line {f.suppressed_by}"})
    rows += [{"path": n.path, "line": n.line, "column": n.column, "code": "", "name": "suppression-comment",
              "severity": "warning", "message": n.message, "status": "warning"} for n in _notices(results)]
    rows += [{"path": e.path, "line": "", "column": "", "code": e.code, "name": "error", "severity": "error",
              "message": e.reason, "status": "error"} for e in errors]
    for row in rows:
        w.writerow({k: csv_cell(v) for k, v in row.items()})
    return buf.getvalue()


# --- dispatch -------------------------------------------------------------------------------

def render_check(fmt: str, results: list[ArticleResult], errors: list[ErrorRecord], meta: dict,
                 rules: Rules | None = None, show_statistics: bool = False, colour: bool = False) -> str:
    if fmt == "table":
        return render_text(results, errors, show_statistics, colour)
    if fmt == "markdown":
        return render_markdown(results, errors, show_statistics)
    if fmt == "json":
        return render_check_json(results, errors, meta, show_statistics)
    if fmt == "csv":
        return render_check_csv(results, errors, show_statistics)
    from . import render           # github, sarif and html: findings are what they hold already
    return render(fmt, results, errors, meta, rules=rules)
