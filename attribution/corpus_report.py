"""Corpus reports (``attribution report --by FIELD``): tables and plots per group of articles.

A group is the value of a metadata field: Markdown YAML front matter
(``Article.metadata``), a sidecar file (``--metadata``: CSV with a file column, or JSON
keyed by file name; its values win over front matter) or ``folder``, the name of the
story's parent folder. Articles without the field fall in the group ``(none)``.
"""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

from tabulate import tabulate

from .errors import UsageError
from .model import ANONYMOUS, ArticleResult
from .parsing import atomic_write
from .report import tail

REPORT_FORMATS = ("table", "markdown", "csv", "jsonl")
SOURCE_CLASSES = ("named person", "named organisation", "document", "anonymous individual", "anonymous group")
NONE_GROUP = "(none)"
ALL_GROUP = "ALL"
PLOTS_HINT = "pip install 'attribution-auditor[plots]'"
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


def _text(value) -> str:
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
    sources = Counter()
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
    rows = []
    if by:
        for name, members in group_results(ok, by, sidecar).items():
            rows.append({"by": by, "group": name, "scope": "group", **group_figures(members)})
    rows.append({"by": by, "group": ALL_GROUP, "scope": "overall", **group_figures(ok)})
    return rows


# --- rendering --------------------------------------------------------------------------

def _top(row: dict) -> str:
    return "; ".join(f"{t['speaker_type']} ({t['attributions']})" for t in row["top_speaker_types"]) or "-"


def render_report(results, errors, meta, by: str | None, fmt: str = "table",
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
            w.writerow({**{k: r[k] for k in fields[:9]},
                        **{f"sources: {c}": r["distinct_sources"][c] for c in SOURCE_CLASSES},
                        "top_speaker_types": _top(r)})
        return buf.getvalue()
    tablefmt = "github" if fmt == "markdown" else "simple"
    h = (lambda t: f"## {t}\n") if fmt == "markdown" else (lambda t: f"{t}\n")
    label = by or "corpus"
    out = [h(f"Articles by {label}" if by else "Corpus")]
    out.append(tabulate(
        [[r["group"], r["articles"], r["attributions"], r["attributed"], r["anonymous"],
          r["mean_anonymous_share"], r["pooled_anonymous_share"], _top(r)] for r in rows],
        headers=[by or "group", "articles", "attributions", "attributed", "anonymous", "anon share (mean)",
                 "anon share (pooled)", "top 3 speaker types"], tablefmt=tablefmt, floatfmt=".2f"))
    out.append("\n\n" + h("Distinct sources by class"))
    out.append(tabulate([[r["group"], *[r["distinct_sources"][c] for c in SOURCE_CLASSES]] for r in rows],
                        headers=[by or "group", *SOURCE_CLASSES], tablefmt=tablefmt))
    out.append(tail(errors, meta, tablefmt, h))
    return "".join(out)


# --- plots ------------------------------------------------------------------------------

def _pyplot():
    try:
        import matplotlib
    except ImportError:
        raise UsageError(f"--plots needs matplotlib: {PLOTS_HINT}") from None
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    return plt


def _save(fig, folder: Path, name: str) -> list[Path]:
    written = []
    for ext in ("png", "svg"):
        buf = io.BytesIO()
        fig.savefig(buf, format=ext, dpi=120, bbox_inches="tight",
                    metadata={"Date": None} if ext == "svg" else None)
        target = folder / f"{name}.{ext}"
        atomic_write(target, buf.getvalue())
        written.append(target)
    return written


def write_plots(results: list[ArticleResult], by: str | None, folder: str | Path,
                sidecar: dict[str, dict] | None = None) -> list[Path]:
    """Histogram of per-article anonymous share, share per group, speaker-type counts (PNG+SVG)."""
    plt = _pyplot()
    folder = Path(folder)
    ok = [r for r in results if r.error is None]
    written: list[Path] = []

    fig, ax = plt.subplots(figsize=(6, 4))
    shares = [r.summary.get("anonymous_share", 0.0) for r in ok if r.summary.get("attributed")]
    ax.hist(shares, bins=[i / 10 for i in range(11)], color="#4c72b0", edgecolor="white")
    ax.set_xlabel("anonymous share of attributed attributions")
    ax.set_ylabel("articles")
    ax.set_title(f"Anonymous share across {len(shares)} articles")
    written += _save(fig, folder, "anonymous_share_hist")
    plt.close(fig)

    rows = report_rows(ok, by or "folder", sidecar)
    groups = [r for r in rows if r["scope"] == "group"]
    fig, ax = plt.subplots(figsize=(max(6, 0.6 * len(groups) + 2), 4))
    xs = range(len(groups))
    ax.bar([x - 0.2 for x in xs], [r["mean_anonymous_share"] for r in groups], 0.4, label="mean of articles")
    ax.bar([x + 0.2 for x in xs], [r["pooled_anonymous_share"] for r in groups], 0.4, label="pooled")
    ax.set_xticks(list(xs))
    ax.set_xticklabels([r["group"] for r in groups], rotation=30, ha="right")
    ax.set_ylim(0, 1.22)                   # room for the legend above the bars
    ax.set_yticks([i / 5 for i in range(6)])
    ax.set_ylabel("anonymous share")
    ax.set_title(f"Anonymous share by {by or 'folder'}")
    ax.legend(loc="upper left", ncol=2, frameon=False)
    written += _save(fig, folder, "anonymous_share_by_group")
    plt.close(fig)

    types = list(rows[-1]["speaker_types"].items())[:20]
    fig, ax = plt.subplots(figsize=(7, max(3, 0.3 * len(types) + 1)))
    ax.barh([t for t, _ in reversed(types)], [n for _, n in reversed(types)], color="#55a868")
    ax.set_xlabel("attributions")
    ax.set_title("Speaker types" + (" (top 20)" if len(rows[-1]["speaker_types"]) > 20 else ""))
    written += _save(fig, folder, "speaker_types")
    plt.close(fig)
    return written
