#!/usr/bin/env python3
"""Long fuzz run: the quotation scanner / reader and the post-parse pipeline properties of
tests/test_fuzz.py, for N Hypothesis examples each (default 10,000), with counts and times.

    python bench/fuzz.py            # 10,000 examples of each
    python bench/fuzz.py -n 2000

No model is loaded: the post-parse properties run on the stored real parse of the seed
(tests/fixtures/parses/seed.conllu; write it with tests/make_fixtures.py).
Exit status 1 when a property fails (Hypothesis prints the shrunk example).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from hypothesis import HealthCheck, given, settings  # noqa: E402

import test_fuzz as fz  # noqa: E402


def run(name: str, strategy, check, n: int) -> dict:
    stats = {"examples": 0, "found": 0, "empty": 0}

    @settings(max_examples=n, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def prop(x):
        stats["examples"] += 1
        found = check(x)
        stats["found"] += found
        stats["empty"] += found == 0

    t = time.perf_counter()
    failed = None
    try:
        prop()
    except Exception as exc:  # the shrunk failing example is printed by Hypothesis
        failed = f"{type(exc).__name__}: {exc}"
    stats["seconds"] = time.perf_counter() - t
    stats["failed"] = failed
    print(f"{name:<38} examples={stats['examples']:>6}  found={stats['found']:>7}  "
          f"with none={stats['empty']:>6}  {stats['seconds']:7.1f} s  "
          f"{'FAILED: ' + failed.splitlines()[0] if failed else 'ok'}", flush=True)
    return stats


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=10_000, help="examples per property (default 10000)")
    args = ap.parse_args()
    if not fz.SEED_PARSE.exists():
        print(f"missing {fz.SEED_PARSE}: run tests/make_fixtures.py", file=sys.stderr)
        return 2
    fz.seed()
    fz.shipped_rules()
    fz.schema_validator()
    print(f"fuzzing with {args.n} examples per property (found = quotations / attributions)")
    results = [
        run("scanner + reader (random text)", fz.quote_text, fz.check_scanner_on_text, args.n),
        run("post-parse (mutated seed, real parse)", fz.seed_mutations(), fz.check_post_parse, args.n),
    ]
    total = sum(r["examples"] for r in results)
    secs = sum(r["seconds"] for r in results)
    bad = [r for r in results if r["failed"]]
    print(f"total: {total} examples in {secs:.1f} s, {len(bad)} propert{'y' if len(bad) == 1 else 'ies'} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
