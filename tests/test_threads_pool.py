"""A warm parent takes part in a process-pool run (research/corpus.py ``_run_pool``).

A stand-in pool runs its chunks on threads of this process, and stored parses stand in
for the model: what is checked is the sharing of the queue, not the parser.
"""
from __future__ import annotations

import json
import threading

import pytest

from attribution.output.json_report import to_json_obj
from attribution.read.documents import read_article
from attribution.research import corpus
from attribution.research.corpus import process
from stored_parses import STORIES, require, serve_stored


class InlinePool:
    """ProcessPoolExecutor's interface over a thread pool of the same size; remembers its
    size, and breaks (as a process pool whose worker died) on the story ``dies_on``."""
    made: list[int] = []
    dies_on: str | None = None

    def __init__(self, max_workers=1, **kwargs):
        corpus._init_worker(*kwargs["initargs"][:2], False, 1)
        from concurrent.futures import ThreadPoolExecutor
        InlinePool.made.append(max_workers)
        self.broken = False
        self.threads = ThreadPoolExecutor(max_workers, thread_name_prefix="worker")

    def submit(self, fn, articles, parses):
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool
        fut: Future = Future()
        if self.broken or (self.dies_on and any(self.dies_on in a.path for a in articles)):
            self.broken = True
            fut.set_exception(BrokenProcessPool("a worker died"))
            return fut
        return self.threads.submit(fn, articles, parses)

    def shutdown(self, wait=True, cancel_futures=False):
        self.threads.shutdown(wait=wait, cancel_futures=cancel_futures)


def as_json(results) -> str:
    return json.dumps(to_json_obj(results, [], {}), sort_keys=True)


@pytest.fixture()
def stories(monkeypatch):
    import concurrent.futures
    require()
    stems = list(STORIES)
    calls = serve_stored(monkeypatch, stems=stems)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", InlinePool)
    InlinePool.made, InlinePool.dies_on = [], None
    return [read_article(STORIES[s]) for s in stems], calls


def parsed_where(monkeypatch) -> list[str]:
    """Thread names that parsed each chunk, in order."""
    where: list[str] = []
    original = corpus.work_chunk

    def work_chunk(*args, **kwargs):
        where.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(corpus, "work_chunk", work_chunk)
    return where


def test_a_warm_parent_parses_its_share_and_the_results_are_those_of_one_process(stories, monkeypatch, rules):
    articles, calls = stories
    one, _, err1 = process(articles, rules, None, None, jobs=1, quiet=True, chunk=1)
    monkeypatch.setattr(corpus, "_parent_takes_part", lambda model: True)
    where = parsed_where(monkeypatch)
    two, _, err2 = process(articles, rules, None, None, jobs=2, quiet=True, chunk=1)
    assert not err1 and not err2
    assert InlinePool.made == [1]                        # one worker: the parent is the other
    assert "MainThread" in where and any(w.startswith("worker") for w in where)
    assert len(where) == len(articles)                   # every chunk once, by one of them
    assert [r.article.path for r in two] == [a.path for a in articles]
    assert as_json(two) == as_json(one)


def test_a_cold_parent_leaves_every_chunk_to_the_pool(stories, monkeypatch, rules):
    articles, _ = stories
    monkeypatch.setattr(corpus, "_parent_takes_part", lambda model: False)
    where = parsed_where(monkeypatch)
    process(articles, rules, None, None, jobs=2, quiet=True, chunk=1)
    assert InlinePool.made == [2]
    assert "MainThread" not in where


def test_workers_that_die_beside_a_warm_parent_lose_only_their_own_stories(stories, monkeypatch, rules):
    """Every worker dies: what the pool took is tried again (a new pool, then one story at a
    time) and fails alone; what the parent took is done; no story is lost or doubled."""
    articles, _ = stories
    monkeypatch.setattr(corpus, "_parent_takes_part", lambda model: True)
    where = parsed_where(monkeypatch)
    InlinePool.dies_on = "/"                            # every story's path
    results, _, errors = process(articles, rules, None, None, jobs=2, quiet=True, chunk=1)
    done = [r.article.path for r in results]
    failed = [e.path for e in errors]
    assert done and failed and {e.code for e in errors} == {"AE010"}
    assert sorted(done + failed) == sorted(a.path for a in articles)
    assert where.count("MainThread") == len(done)
    assert InlinePool.made[0] == 1 and InlinePool.made[-1] == 1 and len(InlinePool.made) > 2


def test_a_warm_parent_is_one_that_holds_the_pipeline(monkeypatch):
    from attribution.parse import pipeline
    monkeypatch.setattr(pipeline, "_PIPELINES", {})
    assert not corpus._parent_takes_part(None)
    monkeypatch.setitem(pipeline._PIPELINES, "embedded:False", object())
    assert corpus._parent_takes_part(None) and corpus._parent_takes_part("embedded")
    assert not corpus._parent_takes_part("/some/other/model")
