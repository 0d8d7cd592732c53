"""Corpus runs and reports: process pools and Dask give the same results as one process;
``attribution report --by`` groups by front matter, folder or a sidecar file.

Stored parses stand in for the model through a warm parse cache, so pool and Dask
workers only run the rules; one test runs the real embedded pipeline on three short
Markdown stories.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import attrs
import pytest

from attribution.cli import main
from attribution.errors import BackendError
from attribution.output.corpus_tables import render_report
from attribution.output.plots import write_plots
from attribution.read.documents import read_article
from attribution.research.corpus import process
from attribution.research.groups import load_sidecar, report_rows
from attribution.engine import analyse
from attribution.output.json_report import to_json_obj
from stored_parses import STORIES, copy_stories, require, serve_stored, stored_parse, warm_cache

OUTLETS = {"seed": "Wire", "ceasefire-talks": "Wire", "derby-comeback": "Sport Daily",
           "freight-merger": "Business Post", "library-closures": "Business Post",
           "payroll-breach": None}


def as_json(results) -> str:
    return json.dumps(to_json_obj(results, [], {}), sort_keys=True)


@pytest.fixture(scope="module")
def stored_results():
    """Every story analysed from its stored parse, with an ``outlet`` in its metadata."""
    from attribution.ruleset import load_rules
    require()
    rules = load_rules()
    out = []
    for stem, path in STORIES.items():
        if stem not in OUTLETS:         # the grouping tests count the first six stories
            continue
        art = read_article(path)
        meta = {"outlet": OUTLETS[stem]} if OUTLETS[stem] else {}
        out.append(analyse(attrs.evolve(art, metadata=meta), stored_parse(stem), rules))
    return out


# --- backends ------------------------------------------------------------------------------

@pytest.fixture()
def warm(tmp_path):
    paths = [STORIES[s] for s in STORIES]
    require()
    return [read_article(p) for p in paths], warm_cache(tmp_path / "cache", paths)


def test_jobs_2_equals_jobs_1(warm, monkeypatch, rules):
    articles, cache = warm
    calls = serve_stored(monkeypatch, fail=True)
    one, mid1, err1 = process(articles, rules, None, cache, jobs=1, quiet=True, chunk=2)
    two, mid2, err2 = process(articles, rules, None, cache, jobs=2, quiet=True, chunk=2)
    assert calls == [] and not err1 and not err2
    assert mid1 == mid2
    assert [r.article.path for r in two] == [a.path for a in articles]   # input order
    assert as_json(two) == as_json(one)


def test_dask_local_cluster_equals_jobs_1(warm, monkeypatch, rules):
    import distributed  # noqa: F401
    articles, cache = warm
    serve_stored(monkeypatch, fail=True)
    one, _, _ = process(articles, rules, None, cache, quiet=True, chunk=2)
    dask, _, errors = process(articles, rules, None, cache, quiet=True, chunk=2, dask_local=1)
    assert not errors
    assert as_json(dask) == as_json(one)
    meta = {"model": "m", "rules": "shipped"}
    assert render_report(dask, [], meta, None) == render_report(one, [], meta, None)


def test_dask_scheduler_address_equals_jobs_1(warm, monkeypatch, rules):
    import distributed as distributed
    articles, cache = warm
    serve_stored(monkeypatch, fail=True)
    one, _, _ = process(articles, rules, None, cache, quiet=True, chunk=4)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        remote, _, errors = process(articles, rules, None, cache, quiet=True, chunk=4,
                                    scheduler=cluster.scheduler_address)
    assert not errors
    assert as_json(remote) == as_json(one)


def test_bad_scheduler_address(rules):
    import distributed  # noqa: F401
    with pytest.raises(BackendError, match="tcp://HOST:PORT"):
        process([], rules, None, None, scheduler="localhost:8786")


def test_dask_missing_gives_install_hint(monkeypatch, rules):
    import builtins
    real = builtins.__import__

    def no_dask(name, *a, **k):
        if name.split(".")[0] in ("distributed", "dask"):
            raise ImportError(name)
        return real(name, *a, **k)
    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(BackendError, match=r"pip install 'dask\[distributed\]"):
        process([], rules, None, None, dask_local=1)


# --- grouping and tables ---------------------------------------------------------------------

def test_rows_by_outlet(stored_results):
    rows = report_rows(stored_results, "outlet")
    groups = {r["group"]: r for r in rows if r["scope"] == "group"}
    assert list(groups) == ["Business Post", "Sport Daily", "Wire", "(none)"]
    assert [groups[g]["articles"] for g in groups] == [2, 1, 2, 1]
    overall = rows[-1]
    assert overall["scope"] == "overall" and overall["articles"] == len(stored_results)
    assert overall["attributions"] == sum(len(r.attributions) for r in stored_results)
    assert sum(g["attributions"] for g in groups.values()) == overall["attributions"]
    for cls, n in overall["distinct_sources"].items():
        assert sum(g["distinct_sources"][cls] for g in groups.values()) == n
    wire = [r for r in stored_results if OUTLETS[Path(r.article.path).stem] == "Wire"]
    shares = [r.summary["anonymous_share"] for r in wire if r.summary["attributed"]]
    assert groups["Wire"]["mean_anonymous_share"] == round(sum(shares) / len(shares), 3)
    attributed = sum(r.summary["attributed"] for r in wire)
    anonymous = sum(r.summary["anonymous"] for r in wire)
    assert groups["Wire"]["pooled_anonymous_share"] == round(anonymous / attributed, 3)
    assert len(overall["top_speaker_types"]) <= 3
    counts = [t["attributions"] for t in overall["top_speaker_types"]]
    assert counts == sorted(counts, reverse=True)


def test_formats(stored_results):
    meta = {"model": "m", "rules": "shipped"}
    table = render_report(stored_results, [], meta, "outlet", "table")
    assert "Articles by outlet" in table and "Distinct sources by class" in table
    assert "Sport Daily" in table and "ALL" in table
    md = render_report(stored_results, [], meta, "outlet", "markdown")
    assert "## Articles by outlet" in md and "|" in md
    rows = list(csv.DictReader(io.StringIO(render_report(stored_results, [], meta, "outlet", "csv"))))
    assert [r["group"] for r in rows] == ["Business Post", "Sport Daily", "Wire", "(none)", "ALL"]
    assert rows[-1]["scope"] == "overall"
    lines = render_report(stored_results, [], meta, "outlet", "jsonl").splitlines()
    objs = [json.loads(x) for x in lines]
    assert [o["group"] for o in objs] == [r["group"] for r in rows]
    assert all(o["model"] == "m" for o in objs)


def test_by_folder(stored_results, tmp_path):
    moved = []
    for i, r in enumerate(stored_results):
        folder = "left" if i % 2 else "right"
        art = attrs.evolve(r.article, path=str(tmp_path / folder / Path(r.article.path).name))
        moved.append(attrs.evolve(r, article=art))
    groups = {r["group"]: r["articles"] for r in report_rows(moved, "folder") if r["scope"] == "group"}
    assert groups == {"left": 3, "right": 3}


def test_sidecar_csv_and_json(stored_results, tmp_path):
    side = tmp_path / "meta.csv"
    side.write_text("file,desk\nseed.txt,World\nderby-comeback.txt,Sport\n"
                    "freight-merger,Business\n", encoding="utf-8")
    sidecar = load_sidecar(side)
    groups = {r["group"]: r["articles"] for r in report_rows(stored_results, "desk", sidecar)
              if r["scope"] == "group"}
    assert groups == {"Business": 1, "Sport": 1, "World": 1, "(none)": 3}

    side_json = tmp_path / "meta.json"          # sidecar values win over front matter
    side_json.write_text(json.dumps({"seed.txt": {"outlet": "Agency"}}), encoding="utf-8")
    groups = {r["group"]: r["articles"] for r in report_rows(stored_results, "outlet", load_sidecar(side_json))
              if r["scope"] == "group"}
    assert groups["Agency"] == 1 and groups["Wire"] == 1


def test_plots(stored_results, tmp_path):
    import matplotlib  # noqa: F401
    written = write_plots(stored_results, "outlet", tmp_path / "plots")
    names = sorted(p.name for p in (tmp_path / "plots").iterdir())
    assert names == sorted(p.name for p in written) and len(names) == 6
    assert {"anonymous_share_hist.png", "anonymous_share_by_group.svg", "speaker_types.png"} <= set(names)
    assert all(p.stat().st_size > 1000 for p in written)
    assert (tmp_path / "plots" / "speaker_types.png").read_bytes()[:4] == b"\x89PNG"


def test_report_cli_with_warm_cache(tmp_path, monkeypatch):
    """``report --by folder`` through the CLI, every parse from the cache."""
    a = copy_stories(tmp_path / "corpus" / "alpha", ["seed", "derby-comeback"])
    b = copy_stories(tmp_path / "corpus" / "beta", ["freight-merger"])
    cache = warm_cache(tmp_path / "cache", a + b)
    calls = serve_stored(monkeypatch, fail=True)
    out = tmp_path / "report.jsonl"
    code = main(["report", str(tmp_path / "corpus"), "--by", "folder", "--format", "jsonl",
                 "--cache-dir", str(cache.folder), "-o", str(out), "--quiet"])
    assert code == 0 and calls == []
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [(r["group"], r["articles"]) for r in rows] == [("alpha", 2), ("beta", 1), ("ALL", 3)]


# --- the real pipeline, once ------------------------------------------------------------------

STORY = """---
title: {title}
outlet: {outlet}
---

# {title}

"We will not back down," said {name}, the mayor of {town}.

Officials who spoke on condition of anonymity said the plan was {state}.
"""


def test_report_by_outlet_on_markdown_stories(tmp_path):
    stories = [("Rates rise", "Gazette", "Ann Lee", "Dover", "dead"),
               ("Bridge shut", "Gazette", "Raj Patel", "Leeds", "late"),
               ("Port sold", "Herald", "Mia Cruz", "Hull", "final")]
    for i, (title, outlet, name, town, state) in enumerate(stories):
        (tmp_path / f"story{i}.md").write_text(STORY.format(title=title, outlet=outlet, name=name,
                                                            town=town, state=state), encoding="utf-8")
    out = tmp_path / "r.csv"
    code = main(["report", str(tmp_path), "--by", "outlet", "--format", "csv", "--no-cache",
                 "-o", str(out), "--quiet"])
    assert code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["group"], r["articles"]) for r in rows] == [("Gazette", "2"), ("Herald", "1"), ("ALL", "3")]
    assert int(rows[-1]["attributions"]) >= 3


class DyingPool:
    """A stand-in for ProcessPoolExecutor whose worker dies on the story named ``KILLER``:
    as in the real pool, that breaks the pool and every chunk still pending in it."""
    KILLER = "derby-comeback"
    made: list[int] = []

    def __init__(self, max_workers=1, **kwargs):
        from attribution.research import corpus
        corpus._init_worker(*kwargs["initargs"][:2], False, 1)
        self.broken = False
        DyingPool.made.append(max_workers)

    def submit(self, fn, articles, parses):
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool
        fut: Future = Future()
        if self.broken or any(self.KILLER in a.path for a in articles):
            self.broken = True
            fut.set_exception(BrokenProcessPool("a worker died"))
        else:
            fut.set_result(fn(articles, parses))
        return fut

    def shutdown(self, wait=True, cancel_futures=False):
        pass


def test_a_dead_worker_loses_only_its_own_story(monkeypatch, rules):
    """One worker killed (out of memory) used to fail the rest of the run: now the lost
    chunks run again on a new pool, then one story at a time."""
    import concurrent.futures
    stems = ["seed", "ceasefire-talks", "derby-comeback", "freight-merger"]
    serve_stored(monkeypatch, stems=stems)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", DyingPool)
    DyingPool.made = []
    articles = [read_article(STORIES[s]) for s in stems]
    results, _, errors = process(articles, rules, None, None, jobs=2, quiet=True, chunk=2)
    assert [Path(r.article.path).stem for r in results] == ["seed", "ceasefire-talks", "freight-merger"]
    assert [(e.code, Path(e.path).stem) for e in errors] == [("AE010", "derby-comeback")]
    assert DyingPool.made[0] == 2 and len(DyingPool.made) >= 3 and DyingPool.made[-1] == 1   # again, then alone
