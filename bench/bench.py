#!/usr/bin/env python3
"""Benchmark the auditor at corpus scale and write bench/results.json.

    python bench/bench.py                 # 200 articles, 3 runs, cached re-audit of 1,000
    python bench/bench.py --articles 20   # a quick smoke run

Measures: cold start of ``attribution audit`` on the seed (subprocess, median of 3), model
load time, warm words/second with the pipeline loaded (median of 3 runs over the corpus),
rules-only time per article on cached parses, cached re-audit of 1,000 articles
(subprocess, the corpus replicated), peak memory (ru_maxrss of this process and of the
largest child) and the speed-up of ``jobs=2`` over ``jobs=1``.

The corpus is built from the seed and dev stories in tests/fixtures (or seeds/): each
article shuffles the paragraphs of one story and mixes in paragraphs of another, so no
two texts are the same and nothing is served from a cache by accident.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tabulate import tabulate  # noqa: E402

from attribution.files import atomic_write  # noqa: E402
from attribution.parse.cache import ParseCache  # noqa: E402
from attribution.parse.pipeline import load_pipeline, model_identity  # noqa: E402
from attribution.read.documents import article_from_text, find_paragraphs  # noqa: E402

TARGETS = {"cold_audit_s": ("<=", 3.0), "words_per_s": (">=", 1500.0),
           "cached_reaudit_1000_s": ("<=", 10.0), "peak_mb": ("<=", 1536.0)}
SEED = ROOT / "tests" / "fixtures" / "seed.txt"


def source_stories() -> list[str]:
    files = [SEED, *sorted((ROOT / "tests" / "fixtures" / "dev").glob("*.txt"))]
    files = [f for f in files if f.exists()] or sorted((ROOT / "seeds").glob("*.txt"))
    if not files:
        sys.exit("bench: no seed or dev stories found (tests/fixtures or seeds/)")
    return [f.read_text(encoding="utf-8") for f in files]


def paragraphs_of(text: str) -> list[str]:
    text = text.replace("\r\n", "\n")
    return [" ".join(text[p.start:p.end].split()) for p in find_paragraphs(text)]


def build_corpus(n: int, seed: int = 7) -> list[str]:
    """``n`` distinct stories: shuffled paragraphs of one source plus 1-3 of another."""
    stories = [paragraphs_of(t) for t in source_stories()]
    rng = random.Random(seed)
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        base = list(stories[len(out) % len(stories)])
        other = stories[rng.randrange(len(stories))]
        head, body = base[0], base[1:]
        rng.shuffle(body)
        body = body[: max(3, int(len(body) * rng.uniform(0.6, 1.0)))]
        for p in rng.sample(other, min(len(other), rng.randint(1, 3))):
            body.insert(rng.randrange(len(body) + 1), p)
        text = "\n\n".join([head, *body]) + "\n"
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def timed(fn):
    t0 = time.perf_counter()
    value = fn()
    return time.perf_counter() - t0, value


def run_cli(args: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "attribution", *args], check=False, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def note(msg: str) -> None:
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def maxrss_mb(who) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0   # kilobytes on Linux


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200, help="corpus size (default 200)")
    ap.add_argument("--runs", type=int, default=3, help="repeats for medians (default 3)")
    ap.add_argument("--reaudit", type=int, default=1000, help="articles in the cached re-audit (default 1000)")
    ap.add_argument("--model", default=None, help="as for attribution audit")
    ap.add_argument("--no-jobs", action="store_true", help="skip the jobs=2 comparison")
    ap.add_argument("--out", default=str(Path(__file__).parent / "results.json"))
    a = ap.parse_args()

    from attribution.research.corpus import process
    from attribution.engine import analyse
    from attribution.ruleset import load_rules

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    rules = load_rules()
    texts = build_corpus(a.articles)
    articles = [article_from_text(t, f"bench-{i:04d}.txt") for i, t in enumerate(texts)]
    n_words = words(texts)
    work = Path(tempfile.mkdtemp(prefix="attribution-bench-"))
    res: dict = {"articles": len(articles), "words": n_words, "runs": a.runs,
                 "model": model_identity(a.model), "cpus": os.cpu_count(),
                 "python": sys.version.split()[0]}
    try:
        # 1. cold start: a fresh process audits the seed, nothing cached
        seed_args = [str(SEED), "--no-cache", "--format", "json", "-o", str(work / "seed.json"), "--quiet"]
        if a.model:
            seed_args += ["--model", a.model]
        cold = [run_cli(["audit", *seed_args]) for _ in range(a.runs)]
        res["cold_audit_s"] = round(statistics.median(cold), 3)
        res["cold_audit_runs_s"] = [round(x, 3) for x in cold]
        note(f"cold audit {res['cold_audit_s']} s")

        # 2. model load in this process
        load_s, _ = timed(lambda: load_pipeline(a.model))
        res["model_load_s"] = round(load_s, 3)
        note(f"model load {res['model_load_s']} s")

        # 3. warm parse + rules over the corpus, pipeline loaded, no cache
        warm = []
        for _ in range(a.runs):
            t, (results, _, errors) = timed(lambda: process(articles, rules, a.model, None, quiet=True))
            warm.append(t)
        if errors:
            print(f"bench: {len(errors)} article(s) failed, e.g. {errors[0]['error']}", file=sys.stderr)
        res["warm_runs_s"] = [round(x, 2) for x in warm]
        res["words_per_s"] = round(n_words / statistics.median(warm), 1)
        res["attributions"] = sum(len(r.attributions) for r in results)
        note(f"{res['words_per_s']} words/s")

        # 4. rules only, on the parses just made
        parses = [r.parse for r in results]
        arts = [r.article for r in results]
        rules_runs = []
        for _ in range(a.runs):
            t, _ = timed(lambda: [analyse(x, p, rules) for x, p in zip(arts, parses)])
            rules_runs.append(t)
        res["rules_ms_per_article"] = round(1000 * statistics.median(rules_runs) / max(1, len(arts)), 2)

        # 5. cached re-audit of --reaudit articles: a warm cache, a fresh process
        cache = ParseCache(work / "cache")
        for x, p in zip(arts, parses):
            cache.put(x, p)
        corpus_dir = work / "corpus"
        corpus_dir.mkdir()
        for i in range(a.reaudit):
            (corpus_dir / f"a{i:05d}.txt").write_text(texts[i % len(texts)], encoding="utf-8")
        re_args = ["audit", str(corpus_dir), "--cache-dir", str(cache.folder), "--format", "json",
                   "-o", str(work / "re.json"), "--quiet"] + (["--model", a.model] if a.model else [])
        reaudit = [run_cli(re_args) for _ in range(a.runs)]
        res["cached_reaudit_articles"] = a.reaudit
        res["cached_reaudit_1000_s"] = round(statistics.median(reaudit) * 1000 / max(1, a.reaudit), 3)
        res["cached_reaudit_runs_s"] = [round(x, 3) for x in reaudit]
        note(f"cached re-audit {res['cached_reaudit_runs_s']} s")

        # 6. two processes against one (each end to end, workers load their own pipeline)
        if not a.no_jobs:
            t2, (res2, _, _) = timed(lambda: process(articles, rules, a.model, None, jobs=2, quiet=True))
            t1 = statistics.median(warm)
            res["jobs1_s"], res["jobs2_s"] = round(t1, 2), round(t2, 2)
            res["speedup_jobs2"] = round(t1 / t2, 2) if t2 else None
            from attribution.output.json_report import to_json_obj
            same = (json.dumps(to_json_obj(res2, [], {}), sort_keys=True)
                    == json.dumps(to_json_obj(results, [], {}), sort_keys=True))
            res["jobs2_same_results"] = same   # false if the code or model changed during the run

        res["peak_mb_self"] = round(maxrss_mb(resource.RUSAGE_SELF), 1)
        res["peak_mb_children"] = round(maxrss_mb(resource.RUSAGE_CHILDREN), 1)
        res["peak_mb"] = max(res["peak_mb_self"], res["peak_mb_children"])
    finally:
        shutil.rmtree(work, ignore_errors=True)

    rows = []
    labels = [("cold_audit_s", "cold audit of the seed (s, median)"), ("model_load_s", "model load (s)"),
              ("words_per_s", "warm words/second (median)"), ("rules_ms_per_article", "rules only (ms/article)"),
              ("cached_reaudit_1000_s", "cached re-audit, per 1,000 articles (s)"),
              ("peak_mb", "peak memory (MB, ru_maxrss)"), ("speedup_jobs2", "speed-up jobs=2 vs 1")]
    for key, label in labels:
        if key not in res:
            continue
        target = TARGETS.get(key)
        ok = ""
        if target and res[key] is not None:
            op, limit = target
            ok = "yes" if (res[key] <= limit if op == "<=" else res[key] >= limit) else "NO"
        rows.append([label, res[key], f"{target[0]} {target[1]:g}" if target else "", ok])
    print(f"{res['articles']} articles, {res['words']} words, model {res['model']}, {res['cpus']} CPUs")
    print(tabulate(rows, headers=["measure", "value", "target", "met"], tablefmt="simple"))
    res["targets"] = {k: f"{op} {v:g}" for k, (op, v) in TARGETS.items()}
    atomic_write(Path(a.out), json.dumps(res, indent=2) + "\n")
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
