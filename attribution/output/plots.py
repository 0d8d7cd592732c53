"""Corpus plots (``attribution report --plots DIR``): PNG and SVG, written atomically.

Counts have whole-number ticks, each group says how many articles it holds (``n=``), and
named, anonymous and document sources keep the colours of the HTML report (Okabe-Ito,
colour-blind safe) wherever they appear.
"""
from __future__ import annotations

import io
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..files import write_report
from ..model import ArticleResult
from ..research.groups import report_rows
from ..extras import install_hint
from .html_report import class_key

PLOTS_HINT = install_hint("plots")

# the HTML report's colours: class key -> colour
COLOURS = {"named": "#0072B2", "anonymous": "#E69F00", "document": "#009E73", "unattributed": "#CC79A7"}
TOP_TYPES = 20


def _pyplot() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise UsageError(f"--plots needs matplotlib: {PLOTS_HINT}") from None
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    return plt


def _integer_ticks(axis: Any) -> None:
    from matplotlib.ticker import MaxNLocator
    axis.set_major_locator(MaxNLocator(integer=True))


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


def share_histogram(results: list[ArticleResult]) -> Any:
    """Articles by anonymous share (tenths), whole-number article counts."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 4))
    shares = [r.summary.get("anonymous_share", 0.0) for r in results if r.summary.get("attributed")]
    ax.hist(shares, bins=[i / 10 for i in range(11)], color=COLOURS["anonymous"], edgecolor="white")
    ax.set_xlabel("anonymous share of attributed attributions")
    ax.set_ylabel("articles")
    _integer_ticks(ax.yaxis)
    ax.set_title(f"Anonymous share across {len(shares)} articles")
    return fig


def group_share_figure(results: list[ArticleResult], by: str | None,
                       sidecar: dict[str, dict] | None = None) -> Any:
    """Per group: the mean of its articles' anonymous shares and the pooled share, with the
    number of articles of each group under its name."""
    plt = _pyplot()
    rows = report_rows(results, by or "folder", sidecar)
    groups = [r for r in rows if r["scope"] == "group"]
    fig, ax = plt.subplots(figsize=(max(6, 0.9 * len(groups) + 2), 4))
    xs = range(len(groups))
    ax.bar([x - 0.2 for x in xs], [r["mean_anonymous_share"] for r in groups], 0.4,
           color=COLOURS["anonymous"], label="mean of articles")
    ax.bar([x + 0.2 for x in xs], [r["pooled_anonymous_share"] for r in groups], 0.4,
           color=COLOURS["anonymous"], alpha=0.55, hatch="//", edgecolor="#8a5a00", label="pooled")
    ax.set_xticks(list(xs))
    ax.set_xticklabels([f"{r['group']}\nn={r['articles']} articles" for r in groups],
                       rotation=30 if len(groups) > 6 else 0, ha="right" if len(groups) > 6 else "center")
    ax.set_ylim(0, 1.22)                   # room for the legend above the bars
    ax.set_yticks([i / 5 for i in range(6)])
    ax.set_ylabel("anonymous share")
    ax.set_title(f"Anonymous share by {by or 'folder'}")
    ax.legend(loc="upper left", ncol=2, frameon=False)
    return fig


def speaker_type_figure(results: list[ArticleResult]) -> Any:
    """Attributions per speaker type (the top 20), each bar in its class's colour."""
    plt = _pyplot()
    counts: Counter[tuple[str, str]] = Counter(
        (a.speaker.speaker_type, class_key(a.speaker.cls))
        for r in results for a in r.attributions if a.speaker.cls != "unattributed")
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
    top = ranked[:TOP_TYPES]
    fig, ax = plt.subplots(figsize=(7, max(3, 0.3 * len(top) + 1)))
    shown = list(reversed(top))
    ax.barh([t for (t, _k), _n in shown], [n for _t, n in shown],
            color=[COLOURS[k] for (_t, k), _n in shown])
    from matplotlib.patches import Patch
    present = [k for k in COLOURS if any(key == k for (_t, key), _n in top)]
    if present:
        ax.legend(handles=[Patch(color=COLOURS[k], label=k) for k in present],
                  loc="lower right", frameon=False)
    ax.set_xlabel("attributions")
    _integer_ticks(ax.xaxis)
    total = sum(counts.values())
    ax.set_title("Speaker types" + (f" (top {TOP_TYPES})" if len(ranked) > TOP_TYPES else "")
                 + f", n={total} attributions")
    return fig


def write_plots(results: list[ArticleResult], by: str | None, folder: str | Path,
                sidecar: dict[str, dict] | None = None) -> list[Path]:
    """Histogram of per-article anonymous share, share per group, speaker-type counts (PNG+SVG)."""
    plt = _pyplot()
    folder = Path(folder)
    ok = [r for r in results if r.error is None]
    written: list[Path] = []
    for name, make in (("anonymous_share_hist", lambda: share_histogram(ok)),
                       ("anonymous_share_by_group", lambda: group_share_figure(ok, by, sidecar)),
                       ("speaker_types", lambda: speaker_type_figure(ok))):
        fig = make()
        try:
            written += _save(fig, folder, name)
        finally:
            plt.close(fig)
    return written
