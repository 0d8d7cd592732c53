"""Table and Markdown reports (tabulate): articles, speaker types, details, findings, errors."""
from __future__ import annotations

from collections.abc import Callable


from tabulate import tabulate

from ..errors import ErrorRecord
from ..model import ArticleResult
from ..summary import by_speaker_type, corpus_summary
from .text import one_line, table_rows


def shorten(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


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


def render_tables(results: list[ArticleResult], errors: list[ErrorRecord], meta: dict, fmt: str = "table",
                  details: bool = False) -> str:
    tablefmt = "github" if fmt == "markdown" else "simple"
    ok = [r for r in results if r.error is None]
    out = []
    h = (lambda t: f"## {t}\n") if fmt == "markdown" else (lambda t: f"{t}\n")
    out.append(h("Articles"))
    out.append(tabulate(table_rows(article_rows(ok), tablefmt), headers=ARTICLE_HEADERS, tablefmt=tablefmt))
    out.append("\n\n" + h("Speaker types"))
    out.append(tabulate(table_rows(type_rows(ok), tablefmt), headers=["speaker type", "attributions", "sources", "words"],
                        tablefmt=tablefmt))
    if details:
        for r in ok:
            out.append("\n\n" + h(f"Attributions in {one_line(r.article.path)}"))
            out.append(tabulate(table_rows(detail_rows(r), tablefmt), headers=["line", "speaker type", "speaker", "cue", "kind",
                                                         "content"], tablefmt=tablefmt))
    findings = [(r.article.path, f) for r in ok for f in r.findings]
    if findings:
        out.append("\n\n" + h("Findings"))
        out.append(tabulate(table_rows([[p, f.line, f.code, f.severity, f.message] for p, f in findings], tablefmt),
                            headers=["article", "line", "code", "severity", "message"], tablefmt=tablefmt))
    hidden = [(r.article.path, f) for r in ok for f in r.suppressed]
    if hidden:
        out.append("\n\n" + h("Suppressed by comments"))
        out.append(tabulate(table_rows([[p, f.line, f.code, f.suppressed_by, f.message] for p, f in hidden], tablefmt),
                            headers=["article", "line", "code", "comment line", "message"], tablefmt=tablefmt))
    out.append(tail(errors, meta, tablefmt, h))
    return "".join(out)


def tail(errors: list[ErrorRecord], meta: dict, tablefmt: str, heading: Callable[[str], str]) -> str:
    """The errors table (if any) and the model and rules line that close every table report."""
    out = []
    if errors:
        out.append("\n\n" + heading("Errors"))
        out.append(tabulate(table_rows([[e.path, e.message] for e in errors], tablefmt), headers=["file", "error"],
                            tablefmt=tablefmt))
    out.append(f"\n\nmodel: {one_line(meta.get('model'))}  rules: {one_line(meta.get('rules'))}\n")
    return "".join(out)
