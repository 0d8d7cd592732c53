"""The scores of ``attribution evaluate``: table, Markdown or JSON."""
from __future__ import annotations

import json

from tabulate import tabulate

from .text import one_line, table_rows

EVAL_FORMATS = ("table", "markdown", "json")


ARTICLE_COLUMNS = [("article", "article"), ("gold", "gold"), ("found", "found"), ("matched", "matched"),
                   ("content_precision", "P"), ("content_recall", "R"), ("content_f1", "F1"),
                   ("speaker_acc", "speaker"), ("class_acc", "class"), ("role_acc", "role"),
                   ("affiliation_acc", "affiliation"), ("speaker_type_acc", "speaker type"),
                   ("gold_anonymous_share", "gold anon share"), ("anonymous_share", "anon share"),
                   ("share_error", "share error")]
OVERALL = [("content_precision", "content precision"), ("content_recall", "content recall"),
           ("content_f1", "content F1"), ("speaker_acc", "speaker accuracy"),
           ("anonymity_acc", "anonymity accuracy"), ("class_acc", "class accuracy"),
           ("role_acc", "role accuracy"), ("affiliation_acc", "affiliation accuracy"),
           ("speaker_type_acc", "speaker-type accuracy"), ("attribution_f1", "attribution F1 (end to end)"),
           ("mean_share_error", "mean anonymous-share error")]


def render_scores(scores: dict, fmt: str = "table", meta: dict | None = None, verbose: bool = False) -> str:
    if fmt == "json":
        return json.dumps({**(meta or {}), **scores}, indent=2, ensure_ascii=False) + "\n"
    tablefmt = "github" if fmt == "markdown" else "simple"
    h = (lambda t: f"## {t}\n") if fmt == "markdown" else (lambda t: f"{t}\n")
    out = [h("Articles")]
    rows = [[a[k] for k, _ in ARTICLE_COLUMNS] for a in scores["articles"]]
    out.append(tabulate(table_rows(rows, tablefmt), headers=[label for _, label in ARTICLE_COLUMNS], tablefmt=tablefmt,
                        floatfmt=".3f"))
    out.append("\n\n" + h("Overall"))
    out.append(tabulate([[label, scores[k]] for k, label in OVERALL], headers=["measure", "value"],
                        tablefmt=tablefmt, floatfmt=".3f"))
    if verbose:
        for a in scores["articles"]:
            if a["errors"]:
                out.append("\n\n" + h(f"Errors in {one_line(a['article'])}"))
                out.append("\n".join(one_line(e) for e in a["errors"]))
    if meta:
        out.append(f"\n\nmodel: {one_line(meta.get('model'))}  rules: {one_line(meta.get('rules'))}")
    return "".join(out) + "\n"
