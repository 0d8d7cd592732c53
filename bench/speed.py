#!/usr/bin/env python3
"""Parsing speed on real articles: words/s, per-processor time, sentence lengths, memory.

    python bench/speed.py --texts DIR            # a folder of .txt articles (e.g. PolNeAR dev)
    python bench/speed.py                        # the built-in corpus (bench/bench.py's)
    python bench/speed.py --texts DIR --jobs auto,1 --busy --runs 3 --out bench/speed.json

Everything runs through the package API (``research.corpus.process``), no parse cache,
the pipeline loaded before the clock starts ("warm"); ``--jobs 2`` starts its workers
inside the timed run, as the CLI does. Reported, medians of ``--runs``:

- words/s for each ``--jobs`` value (``auto`` is the CLI's default), and with ``--busy``
  the same while one other CPU-bound process runs (``python -c "while True: pass"``), as
  a share of the idle figure;
- time per stage (tokenize, mwt, pos, lemma, depparse) in one extra run, of the engine
  in use (``--engine numpy|stanza`` to choose);
- the sentence-length distribution of the parsed text (words per sentence);
- peak resident memory of this process and of its largest child;
- the cold ``attribution audit`` of the seed (a fresh process, no cache), and where a
  fresh process spends that time (imports, rules, models, first parse), phase by phase.

Only figures are printed or written (``--out``): never article text, so a folder of
unlicensed articles leaves nothing of itself behind. Measure on an otherwise idle machine.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from tabulate import tabulate  # noqa: E402

from attribution.files import atomic_write  # noqa: E402
from attribution.parse import pipeline  # noqa: E402
from attribution.read.documents import article_from_text  # noqa: E402

SEED = ROOT / "seeds"


def note(msg: str) -> None:
    print(f"speed: {msg}", file=sys.stderr, flush=True)


def load_texts(folder: str | None, limit: int | None) -> tuple[str, list[str]]:
    if folder:
        files = sorted(Path(folder).glob("*.txt")) or sorted(p for p in Path(folder).iterdir() if p.is_file())
        if not files:
            sys.exit(f"speed: no articles in {folder}")
        texts = [f.read_text(encoding="utf-8", errors="replace") for f in files[:limit]]
        return f"{folder} ({len(texts)} articles)", texts
    from bench import build_corpus  # the built-in corpus of bench/bench.py
    texts = build_corpus(limit or 200)
    return f"built-in corpus ({len(texts)} articles)", texts


def peak_mb(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024.0, 1)


def timed_runs(fn: Callable[[], Any], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def per_processor(articles: list) -> dict[str, Any]:
    """Seconds in each stage during one parse of ``articles``: the NumPy engine's stages,
    or each Stanza processor's ``bulk_process``."""
    engine = pipeline.load_engine(None)
    spent: dict[str, Any] = {}

    def timed(owner: Any, attr: str, label: str) -> tuple[Any, str, Any]:
        fn = getattr(owner, attr)

        def wrapped(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - t0
        setattr(owner, attr, wrapped)
        return owner, attr, fn

    if isinstance(engine, pipeline.StanzaEngine):
        stages = [(proc, "bulk_process", name) for name, proc in engine.nlp.processors.items()]
    else:
        stages = [(engine.tokenizer, "tokenize", "tokenize"), (engine.tagger, "tag", "pos"),
                  (engine.lemmatizer, "lemmatize", "lemma"), (engine.parser, "parse", "depparse")]
        if engine.mwt is not None:
            stages.append((engine.mwt, "expand", "mwt"))
    originals = [timed(*stage) for stage in stages]
    try:
        t0 = time.perf_counter()
        parses = pipeline.parse_texts(articles)
        spent["total parse"] = time.perf_counter() - t0
    finally:
        for owner, attr, fn in originals:
            setattr(owner, attr, fn)
    lengths = sorted(len(s.words) for p in parses for s in p.sentences)
    spent["_lengths"] = lengths
    return spent


def percentile(values: list[int], q: float) -> int:
    return values[min(len(values) - 1, int(q * len(values)))] if values else 0


def cold_seed(runs: int) -> list[float]:
    import tempfile
    out = []
    with tempfile.TemporaryDirectory(prefix="attribution-speed-") as tmp:
        report = Path(tmp) / "seed.json"      # a regular file: the auditor refuses devices
        for _ in range(runs):
            t0 = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "attribution", "audit", str(SEED), "--no-cache", "--quiet",
                                   "--format", "json", "-o", str(report)], cwd=ROOT, check=False,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            out.append(time.perf_counter() - t0)
            if done.returncode != 0 or not report.exists():
                sys.exit(f"speed: the cold audit failed: {done.stderr.decode(errors='replace').strip()[-200:]}")
    return out


COLD_PHASES = r"""
import glob, json, sys, time
marks = [("start", time.perf_counter())]
def mark(name):
    marks.append((name, time.perf_counter()))
import numpy
mark("import numpy")
from attribution.cli import main
from attribution.research import corpus
from attribution.parse import pipeline
mark("import attribution (beyond numpy)")
from attribution.ruleset import load_rules
load_rules()
mark("load the rules")
pipeline.model_identity(None)
mark("model identity")
pipeline.load_engine(None)
mark("load the models")
from attribution.read.documents import read_article
article = read_article(sys.argv[1])
pipeline.parse_texts([article])
mark("first parse of the seed")
pipeline.parse_texts([article])
mark("(a second parse of the seed)")
out = {b[0]: round(b[1] - a[1], 3) for a, b in zip(marks, marks[1:])}
out["torch imported (0/1)"] = int("torch" in sys.modules)
print(json.dumps(out))
"""


def cold_phases(runs: int) -> dict[str, float]:
    """Seconds of each phase of a cold start, medians over fresh processes."""
    seed = sorted(SEED.glob("*.txt"))[0]
    got: dict[str, list[float]] = {}
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", COLD_PHASES, str(seed)], cwd=ROOT, check=True,
                              capture_output=True, text=True)
        for k, v in json.loads(done.stdout.strip().splitlines()[-1]).items():
            got.setdefault(k, []).append(v)
    return {k: round(statistics.median(v), 2) for k, v in got.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", help="folder of .txt articles (default: the built-in corpus)")
    ap.add_argument("--limit", type=int, help="at most this many articles")
    ap.add_argument("--runs", type=int, default=3, help="repeats for medians (default 3)")
    ap.add_argument("--jobs", default="1", help="comma-separated --jobs values to measure, 'auto' "
                    "the CLI's default (default 1)")
    ap.add_argument("--busy", action="store_true", help="also measure beside one CPU-bound process")
    ap.add_argument("--no-cold", action="store_true", help="skip the cold audit of the seed")
    ap.add_argument("--no-processors", action="store_true", help="skip the per-processor run")
    ap.add_argument("--out", help="write the figures as JSON here")
    ap.add_argument("--engine", choices=pipeline.ENGINES, help="parse with this engine (sets ATTRIBUTION_ENGINE "
                    "for this run, its workers and the cold audit; default: the auditor's choice)")
    a = ap.parse_args()
    if a.engine:
        os.environ[pipeline.ENGINE_ENV] = a.engine

    from attribution.research.corpus import process
    from attribution.ruleset import load_rules

    label, texts = load_texts(a.texts, a.limit)
    articles = [article_from_text(t, f"article-{i:04d}.txt") for i, t in enumerate(texts)]
    n_words = sum(len(t.split()) for t in texts)
    rules = load_rules()
    res: dict[str, Any] = {"corpus": label, "articles": len(articles), "words": n_words, "runs": a.runs,
                           "usable_cores": len(os.sched_getaffinity(0)), "model": pipeline.model_identity(None),
                           "decoder": pipeline.fastparse.decoder_name(), "engine": pipeline.engine_label(None)}
    if not a.no_cold:
        cold = cold_seed(a.runs)
        res["cold_seed_s"] = round(statistics.median(cold), 2)
        res["cold_seed_runs_s"] = [round(c, 2) for c in cold]
        note(f"cold audit of the seed {res['cold_seed_s']} s")
        res["cold_phases_s"] = cold_phases(a.runs)

    t0 = time.perf_counter()
    pipeline.load_engine(None)
    pipeline.parse_texts(articles[:1])              # first call allocates: not part of the figure
    res["model_load_s"] = round(time.perf_counter() - t0, 2)
    if "torch" in sys.modules:
        import torch
        res["threads"] = f"torch {torch.get_num_threads()}"
    else:
        from threadpoolctl import threadpool_info
        res["threads"] = ", ".join(f"{i['internal_api']} {i['num_threads']}" for i in threadpool_info()) or "numpy"
    res["omp_wait_policy"] = os.environ.get("OMP_WAIT_POLICY", "")

    def run(jobs: int | None) -> Callable[[], Any]:
        return lambda: process(articles, rules, None, None, jobs=jobs, quiet=True)

    rows = []
    for spec in [j.strip() for j in a.jobs.split(",") if j.strip()]:
        jobs: int | None = None if spec == "auto" else int(spec)
        if jobs is None:
            from attribution.parse import threads
            res["auto_jobs"] = threads.auto_jobs(-(-len(articles) // 16))
            jobs_label = f"auto ({res['auto_jobs']})"
        else:
            jobs_label = str(jobs)
        walls = timed_runs(run(jobs), a.runs)
        wps = round(n_words / statistics.median(walls))
        res[f"jobs{spec}_words_per_s"] = wps
        res[f"jobs{spec}_runs_s"] = [round(w, 2) for w in walls]
        rows.append([f"warm, --jobs {jobs_label}", wps, " ".join(f"{w:.1f}" for w in walls)])
        note(f"--jobs {jobs_label}: {wps} words/s")
        if a.busy:
            busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
            try:
                time.sleep(0.5)
                walls_b = timed_runs(run(jobs), a.runs)
            finally:
                busy.kill()
                busy.wait()
            wps_b = round(n_words / statistics.median(walls_b))
            res[f"jobs{spec}_busy_words_per_s"] = wps_b
            res[f"jobs{spec}_busy_share"] = round(wps_b / wps, 2)
            rows.append([f"beside a busy process, --jobs {jobs_label}", wps_b,
                         " ".join(f"{w:.1f}" for w in walls_b) + f"  ({wps_b / wps:.0%} of idle)"])
            note(f"--jobs {jobs_label} beside a busy process: {wps_b} words/s")

    spent: dict[str, Any] = {} if a.no_processors else per_processor(articles)
    lengths: list[int] = spent.pop("_lengths", [])
    total = spent.get("total parse", 0.0) or 1.0
    res["per_processor_s"] = {k: round(v, 2) for k, v in spent.items()}
    res["sentence_words"] = {"sentences": len(lengths), "median": percentile(lengths, 0.5),
                             "p90": percentile(lengths, 0.9), "p99": percentile(lengths, 0.99),
                             "max": max(lengths) if lengths else 0}
    res["peak_mb_self"] = peak_mb(resource.RUSAGE_SELF)
    res["peak_mb_children"] = peak_mb(resource.RUSAGE_CHILDREN)

    print(f"{label}: {n_words} words; model {res['model']}; engine {res['engine']}; decoder {res['decoder']}; "
          f"{res['usable_cores']} usable cores, threads: {res['threads']}, "
          f"OMP_WAIT_POLICY={res['omp_wait_policy'] or '(unset)'}")
    if "cold_seed_s" in res:
        rows.insert(0, ["cold audit of the seed (s)", res["cold_seed_s"], " ".join(map(str, res["cold_seed_runs_s"]))])
    print(tabulate(rows, headers=["measure", "words/s", "runs (s)"], tablefmt="simple"))
    if "cold_phases_s" in res:
        print(tabulate(list(res["cold_phases_s"].items()), headers=["cold start, fresh process", "seconds"],
                       tablefmt="simple"))
    if spent:
        print(tabulate([[k, f"{v:.2f}", f"{v / total:.0%}"] for k, v in spent.items()],
                       headers=["processor", "seconds", "share"], tablefmt="simple"))
    sw = res["sentence_words"]
    if sw["sentences"]:
        print(f"sentences {sw['sentences']}: words per sentence median {sw['median']}, p90 {sw['p90']}, "
              f"p99 {sw['p99']}, max {sw['max']}")
    print(f"peak memory: this process {res['peak_mb_self']} MB, largest child {res['peak_mb_children']} MB")
    if a.out:
        atomic_write(Path(a.out), json.dumps(res, indent=2) + "\n")
        print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
