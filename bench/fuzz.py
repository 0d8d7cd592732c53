#!/usr/bin/env python3
"""Long fuzz run: the quotation scanner / reader and the post-parse pipeline properties of
tests/test_fuzz.py, for N Hypothesis examples each (default 10,000), with counts and times;
with ``--cli``, N cases of the whole command line on raw bytes (tests/fuzz_cli.py).

    python bench/fuzz.py            # 10,000 examples of each
    python bench/fuzz.py -n 2000
    python bench/fuzz.py --cli                  # 10,000 CLI cases, 60 s and 2 GB each
    python bench/fuzz.py --cli --only 4711      # one case again (its number from a failure)

The CLI cases run in a worker process under hard limits: its address space is capped
(``--memory-mb`` above what it holds once loaded), and a case that runs past ``--seconds``
is stopped (SIGALRM in the worker; the worker is killed if that does not end it). A case
that exceeds either fails, as does one that breaks a property; the worker is restarted
after a death and the run goes on. Prints counts by command and exit status, the slowest
cases and every failure with its number.

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


WORKER_CASES = 1000


def cli_worker(seed: int, start: int, stop: int, seconds: float, memory_mb: float) -> int:
    """Run cases [start, stop) and print one JSON line each, under an address-space cap."""
    import json
    import resource
    import tempfile
    import fuzz_cli as fc
    fc.stored_paragraphs()
    fc.schema_validator()
    fc.docx_template()
    with open("/proc/self/statm") as fh:               # what the loaded worker holds already
        held = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    cap = held + int(memory_mb * 1024 * 1024)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    for number in range(start, stop):
        case = fc.make_case(seed, number)
        with tempfile.TemporaryDirectory(prefix="attribution-fuzz-") as tmp:
            outcome = fc.run_case(case, Path(tmp), seconds=seconds, memory_mb=memory_mb, seed=seed)
        print(json.dumps({"number": number, "kind": case.kind, "command": case.command, "fmt": case.fmt,
                          "status": outcome.status, "seconds": round(outcome.seconds, 3),
                          "problems": list(outcome.problems), "argv": list(case.argv)}), flush=True)
    return 0


def run_cli(n: int, seed: int, seconds: float, memory_mb: float, only: int | None) -> int:
    """N CLI cases through restartable workers; a hang or a death is the case's failure."""
    import json
    import selectors
    import subprocess
    from collections import Counter
    numbers = [only] if only is not None else list(range(n))
    todo = list(numbers)
    results: dict[int, dict] = {}
    started = time.perf_counter()
    wanted = set(numbers)
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1"}
    while todo:
        first = todo[0]
        last = min(todo[-1] + 1, first + WORKER_CASES)        # a fresh worker now and then
        proc = subprocess.Popen([sys.executable, __file__, "--cli-worker", str(seed), str(first), str(last),
                                 str(seconds), str(memory_mb)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env)
        sel = selectors.DefaultSelector()
        assert proc.stdout is not None
        sel.register(proc.stdout, selectors.EVENT_READ)
        current = first
        deadline = time.monotonic() + seconds + 120             # the first case also loads the worker
        while True:
            if not sel.select(timeout=max(0.1, deadline - time.monotonic())):
                if time.monotonic() < deadline:
                    continue
                proc.kill()
                results[current] = {"number": current, "status": None, "problems": [f"hung past {seconds} s"]}
                break
            line = proc.stdout.readline()
            if not line:                                          # the worker died
                proc.wait()
                err = (proc.stderr.read() if proc.stderr else "").strip().splitlines()
                why = err[-1][:200] if err else f"status {proc.returncode}"
                if current < last:
                    results[current] = {"number": current, "status": None,
                                        "problems": [f"worker died ({why}): over the memory limit?"]}
                break
            row = json.loads(line)
            if row["number"] in wanted:
                results[row["number"]] = row
            current = row["number"] + 1
            deadline = time.monotonic() + seconds + 10
            if row["number"] % 500 == 499:
                print(f"  {row['number'] + 1} cases, {time.perf_counter() - started:.0f} s", flush=True)
        sel.close()
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        todo = [k for k in numbers if k not in results]
    failed = [r for r in results.values() if r["problems"]]
    by = Counter((r.get("command", "?"), r.get("status")) for r in results.values())
    kinds = Counter(r.get("kind", "?") for r in results.values())
    total = time.perf_counter() - started
    print(f"CLI fuzz: {len(results)} cases (seed {seed}) in {total:.0f} s; limits {seconds:g} s and "
          f"{memory_mb:g} MB a case")
    print("  by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print("  by command and exit status: " + ", ".join(f"{c} {s}: {v}" for (c, s), v in sorted(by.items(), key=str)))
    slow = sorted((r for r in results.values() if "seconds" in r), key=lambda r: -r["seconds"])[:3]
    print("  slowest: " + ", ".join(f"case {r['number']} {r['seconds']:.1f} s" for r in slow))
    for r in sorted(failed, key=lambda r: r["number"]):
        print(f"  FAILED case {r['number']} ({r.get('kind')}, {' '.join(r.get('argv', []))!r}): "
              + "; ".join(r["problems"]))
    print(f"total: {len(results)} cases, {len(failed)} failed")
    return 1 if failed else 0


def main() -> int:
    if len(sys.argv) == 7 and sys.argv[1] == "--cli-worker":
        seed, start, stop = map(int, sys.argv[2:5])
        return cli_worker(seed, start, stop, float(sys.argv[5]), float(sys.argv[6]))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=10_000, help="examples per property, or CLI cases (default 10000)")
    ap.add_argument("--cli", action="store_true", help="fuzz the whole command line (tests/fuzz_cli.py)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the CLI cases (default 1)")
    ap.add_argument("--only", type=int, help="run only this CLI case number")
    ap.add_argument("--seconds", type=float, default=60, help="time limit a CLI case (default 60)")
    ap.add_argument("--memory-mb", type=float, default=2048, help="memory limit a CLI case (default 2048)")
    args = ap.parse_args()
    if args.cli:
        return run_cli(args.n, args.seed, args.seconds, args.memory_mb, args.only)
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
