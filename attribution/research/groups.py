"""Groups of articles for corpus reports (``attribution report --by FIELD``) and their figures.

A group is the value of a metadata field: Markdown YAML front matter
(``Article.metadata``), a sidecar file (``--metadata``: CSV with a file column, or JSON
keyed by file name; its values win over front matter) or ``folder``, the name of the
story's parent folder. Articles without the field fall in the group ``(none)``; a field
that no article has is a usage error (a typo in ``--by`` must not report one ``(none)``
group and succeed).
"""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

from ..errors import UsageError
from ..model import ANONYMOUS, ArticleResult

SOURCE_CLASSES = ("named person", "named organisation", "document", "anonymous individual", "anonymous group")
NONE_GROUP = "(none)"
ALL_GROUP = "ALL"
FILE_COLUMNS = ("file", "filename", "path", "article", "name")


# --- metadata ---------------------------------------------------------------------------

def load_sidecar(path: str | Path) -> dict[str, dict]:
    """Read a CSV or JSON metadata file into {file name: {field: value}}."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UsageError(f"{p}: cannot read the metadata file ({exc.strerror or exc})") from None
    if p.suffix.lower() == ".json" or text.lstrip().startswith(("{", "[")):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise UsageError(f"{p}: not valid JSON ({exc})") from None
        if isinstance(data, list):
            rows = data
        elif isinstance(data, dict):
            rows = [dict(v, **{"\0key": k}) for k, v in data.items() if isinstance(v, dict)]
        else:
            raise UsageError(f"{p}: JSON metadata must be an object keyed by file name or a list of objects")
    else:
        if not text.strip():
            raise UsageError(f"{p}: empty metadata file")
        rows = list(csv.DictReader(io.StringIO(text)))
    out: dict[str, dict] = {}
    for i, row in enumerate(rows):
        if not isinstance(row, dict):
            raise UsageError(f"{p}: entry {i + 1} is not an object")
        key = row.pop("\0key", None)
        if key is None:
            col = next((c for c in row if c and c.strip().lower() in FILE_COLUMNS), None)
            if col is None:
                col = next(iter(row), None)       # CSV: the first column names the file
            key = row.get(col) if col else None
            if col:
                row = {k: v for k, v in row.items() if k != col}
        if not key:
            raise UsageError(f"{p}: entry {i + 1} names no file")
        out[str(key).strip()] = {str(k).strip(): v for k, v in row.items() if k is not None}
    return out


def _sidecar_entry(path: str, sidecar: dict[str, dict]) -> dict:
    p = Path(path)
    for key in (path, p.as_posix(), p.name, p.stem):
        if key in sidecar:
            return sidecar[key]
    for key, entry in sidecar.items():      # a relative path: corpus/bbc/a.md matches bbc/a.md
        if p.as_posix().endswith("/" + key.lstrip("./")):
            return entry
    return {}


def _text(value: object) -> str:
    if value is None or value == "":
        return NONE_GROUP
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or NONE_GROUP
    return str(value).strip() or NONE_GROUP


def group_of(result: ArticleResult, by: str | None, sidecar: dict[str, dict] | None = None) -> str:
    if not by:
        return ALL_GROUP
    if by == "folder":
        return Path(result.article.path).parent.name or NONE_GROUP
    meta = dict(result.article.metadata)
    if sidecar:
        meta.update(_sidecar_entry(result.article.path, sidecar))
    if by in meta:
        return _text(meta[by])
    lowered = {str(k).lower(): v for k, v in meta.items()}
    return _text(lowered.get(by.lower()))


def fields_of(results: list[ArticleResult], sidecar: dict[str, dict] | None = None) -> set[str]:
    """Every metadata field the articles have (front matter and sidecar), lower-cased."""
    fields: set[str] = set()
    for r in results:
        fields.update(str(k).lower() for k in r.article.metadata)
        if sidecar:
            fields.update(str(k).lower() for k in _sidecar_entry(r.article.path, sidecar))
    return fields


def check_field(results: list[ArticleResult], by: str | None, sidecar: dict[str, dict] | None = None) -> None:
    """A UsageError (one line, exit 2) when ``by`` is a field none of ``results`` has."""
    if not by or by == "folder" or not results:
        return
    fields = fields_of(results, sidecar)
    if by.lower() not in fields:
        found = ", ".join(sorted(fields)) if fields else "none"
        raise UsageError(f"--by {by}: no story has this field (fields found: {found}; "
                         "or 'folder' for the story's folder)")


def group_results(results: list[ArticleResult], by: str | None,
                  sidecar: dict[str, dict] | None = None) -> dict[str, list[ArticleResult]]:
    groups: dict[str, list[ArticleResult]] = {}
    for r in results:
        groups.setdefault(group_of(r, by, sidecar), []).append(r)
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] == NONE_GROUP, kv[0].lower())))


# --- figures ----------------------------------------------------------------------------

def group_figures(results: list[ArticleResult]) -> dict:
    """Articles, attributions, anonymous shares, distinct sources by class, top speaker types."""
    atts = [a for r in results for a in r.attributions]
    attributed = [a for a in atts if a.speaker.cls != "unattributed"]
    anonymous = [a for a in attributed if a.speaker.cls in ANONYMOUS]
    shares = [r.summary.get("anonymous_share", 0.0) for r in results if r.summary.get("attributed")]
    sources: Counter[str] = Counter()
    for r in results:     # source ids are per article: count each article's distinct sources
        for cls, n in r.summary.get("distinct_sources", {}).items():
            sources[cls] += n
    types = Counter(a.speaker.speaker_type for a in attributed)
    top = sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    return {
        "articles": len(results),
        "attributions": len(atts),
        "attributed": len(attributed),
        "anonymous": len(anonymous),
        "mean_anonymous_share": round(sum(shares) / len(shares), 3) if shares else 0.0,
        "pooled_anonymous_share": round(len(anonymous) / len(attributed), 3) if attributed else 0.0,
        "distinct_sources": {c: sources.get(c, 0) for c in SOURCE_CLASSES},
        "top_speaker_types": [{"speaker_type": t, "attributions": n} for t, n in top],
        "speaker_types": dict(sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def report_rows(results: list[ArticleResult], by: str | None,
                sidecar: dict[str, dict] | None = None) -> list[dict]:
    """One row per group (sorted; '(none)' last), then the overall row."""
    ok = [r for r in results if r.error is None]
    check_field(ok, by, sidecar)
    rows = []
    if by:
        for name, members in group_results(ok, by, sidecar).items():
            rows.append({"by": by, "group": name, "scope": "group", **group_figures(members)})
    rows.append({"by": by, "group": ALL_GROUP, "scope": "overall", **group_figures(ok)})
    return rows
