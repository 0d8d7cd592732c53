"""The CSV report: one row per attribution."""
from __future__ import annotations

import csv
import io

from ..errors import ErrorRecord
from ..model import ArticleResult
from .json_report import attribution_dict
from .text import csv_cell


CSV_FIELDS = ["article", "line", "kind", "cue", "rule", "content", "mention", "resolved", "name", "class",
              "role", "affiliation", "speaker_type", "source_id", "anonymity_reason", "start", "end"]


def render_csv(results: list[ArticleResult], errors: list[ErrorRecord], meta: dict) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_FIELDS, lineterminator="\n")
    w.writeheader()
    for r in results:
        for a in r.attributions:
            d = attribution_dict(r, a)
            sp = d["speaker"]
            w.writerow({k: csv_cell(v) for k, v in {"article": r.article.path, "line": d["line"], "kind": a.kind, "cue": a.cue,
                        "rule": a.rule, "content": a.content, "mention": sp["mention"],
                        "resolved": sp["resolved"], "name": sp["name"], "class": sp["class"],
                        "role": sp["role"], "affiliation": sp["affiliation"],
                        "speaker_type": sp["speaker_type"], "source_id": sp["source_id"],
                        "anonymity_reason": sp["anonymity_reason"], "start": a.start, "end": a.end}.items()})
    return buf.getvalue()
