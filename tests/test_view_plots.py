"""Corpus plots (issue 14): whole-number ticks for counts, named and anonymous sources in
different colours (the HTML report's), the number of articles of each group on its label."""
from __future__ import annotations

import attrs
import pytest

from test_formats import STORY, attribution, make_result

matplotlib = pytest.importorskip("matplotlib")

from matplotlib.colors import to_hex  # noqa: E402

from attribution.output import plots  # noqa: E402


def corpus():
    """Five articles in two outlets, with named, anonymous and document sources."""
    out = []
    for i, outlet in enumerate(["Gazette", "Gazette", "Gazette", "Herald", "Herald"]):
        atts = [attribution(STORY, '"It is over,"', "direct", "anon", cue="said"),
                attribution(STORY, "costs rose 20% last year", "indirect", "doc", cue="According to")]
        if i % 2:
            atts.append(attribution(STORY, 'the plan was "a betrayal of the whole town"', "partial", "named",
                                    cue="said"))
        r = make_result(STORY, atts, path=f"stories/{outlet}/{i}.txt")
        r.article = attrs.evolve(r.article, metadata={"outlet": outlet})
        out.append(r)
    return out


def whole(values) -> bool:
    return all(float(v).is_integer() for v in values)


def test_counts_have_whole_number_ticks():
    results = corpus()
    fig = plots.share_histogram(results)
    ax = fig.axes[0]
    lo, hi = ax.get_ylim()
    assert whole(t for t in ax.get_yticks() if lo <= t <= hi)
    fig = plots.speaker_type_figure(results)
    ax = fig.axes[0]
    lo, hi = ax.get_xlim()
    assert whole(t for t in ax.get_xticks() if lo <= t <= hi)
    matplotlib.pyplot.close("all")


def test_named_and_anonymous_have_different_colours():
    fig = plots.speaker_type_figure(corpus())
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    colours = {label: to_hex(bar.get_facecolor()) for label, bar in zip(labels, ax.patches)}
    assert colours["anonymous official"] == plots.COLOURS["anonymous"].lower()
    assert colours["named Harbridge City Council official"] == plots.COLOURS["named"].lower()
    assert colours["named council document"] == plots.COLOURS["document"].lower()
    assert len(set(colours.values())) == 3
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["named", "anonymous", "document"]
    assert "n=" in ax.get_title()
    matplotlib.pyplot.close("all")


def test_each_group_says_how_many_articles_it_holds():
    fig = plots.group_share_figure(corpus(), "outlet")
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels[0].startswith("Gazette\nn=3 ") and labels[1].startswith("Herald\nn=2 ")
    matplotlib.pyplot.close("all")


def test_write_plots_writes_the_three_figures(tmp_path):
    written = plots.write_plots(corpus(), "outlet", tmp_path)
    assert sorted(p.name for p in written) == sorted(
        f"{n}.{e}" for n in ("anonymous_share_hist", "anonymous_share_by_group", "speaker_types")
        for e in ("png", "svg"))
    assert matplotlib.pyplot.get_fignums() == []           # every figure closed
