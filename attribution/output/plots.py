"""Corpus plots (``attribution report --plots DIR``): PNG and SVG, written atomically."""
from __future__ import annotations

from typing import Any

import io
from pathlib import Path

from ..errors import UsageError
from ..files import write_report
from ..model import ArticleResult
from ..research.groups import report_rows
from ..extras import install_hint

PLOTS_HINT = install_hint("plots")


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise UsageError(f"--plots needs matplotlib: {PLOTS_HINT}") from None
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    return plt


def _save(fig: Any, folder: Path, name: str) -> list[Path]:
    written = []
    for ext in ("png", "svg"):
        buf = io.BytesIO()
        fig.savefig(buf, format=ext, dpi=120, bbox_inches="tight",
                    metadata={"Date": None} if ext == "svg" else None)
        target = folder / f"{name}.{ext}"
        write_report(target, buf.getvalue())
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
