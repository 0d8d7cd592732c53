"""The JSON report: the contract (``attribution/schema/report.schema.json``)."""
from __future__ import annotations

import json

from .. import __version__
from ..errors import ErrorRecord
from ..model import ArticleResult, Attribution, Finding
from ..summary import corpus_summary


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


def finding_dict(f: Finding) -> dict:
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
            "suppressed": [{**finding_dict(f), "suppressed_by_line": f.suppressed_by} for f in r.suppressed],
            "warnings": [w.message for w in r.article.warnings],
        } for r in ok],
        "errors": [e.as_dict() for e in errors],
        "corpus": corpus_summary([r.summary for r in ok], [a for r in ok for a in r.attributions]),
    }


def render_json(results: list[ArticleResult], errors: list[ErrorRecord], meta: dict) -> str:
    return json.dumps(to_json_obj(results, errors, meta), indent=2, ensure_ascii=False) + "\n"
