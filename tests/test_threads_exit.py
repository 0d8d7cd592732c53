"""The ``attribution`` program leaves without tearing the interpreter down once torch is
loaded (attribution/cli ``run``): what it wrote and printed must all be there, with the
exit status of ``main()``. The default (NumPy) engine loads no torch and leaves the normal
way, so each test runs the program once with ``ATTRIBUTION_ENGINE=stanza`` (the early
exit) and once without (the normal exit)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_4aebac7c11516d7c.txt"


def program(*args: str, engine: str = "numpy") -> subprocess.CompletedProcess:
    env = dict(os.environ, HF_HUB_OFFLINE="1", OMP_NUM_THREADS="1", ATTRIBUTION_ENGINE=engine)
    return subprocess.run([sys.executable, "-m", "attribution", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)


def test_a_parsing_run_prints_and_writes_everything_before_it_leaves(tmp_path):
    from attribution.cli import main
    report = tmp_path / "report.json"
    done = program("audit", str(SEED), "--no-cache", "--format", "json", engine="stanza")   # on stdout
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)                                        # complete: flushed
    assert printed["articles"] and printed["articles"][0]["attributions"]
    done = program("audit", str(SEED), "--no-cache", "--format", "json", "-o", str(report))
    assert done.returncode == 0 and json.loads(report.read_text(encoding="utf-8")) == printed
    assert main(["audit", str(SEED), "--no-cache", "--format", "json", "-o", str(tmp_path / "here.json")]) == 0
    assert json.loads((tmp_path / "here.json").read_text(encoding="utf-8")) == printed   # main() returns


def test_the_exit_status_is_mains(tmp_path):
    from attribution.cli import main
    done = program("check", str(SEED), "--no-cache", engine="stanza")      # findings after a parse: 1
    assert done.returncode == main(["check", str(SEED), "--no-cache"]) == 1
    assert done.stdout.rstrip().endswith("in 1 article")      # the last line too
    assert program("check", str(SEED), "--no-cache").returncode == 1
    missing = tmp_path / "no-such-story.txt"
    done = program("audit", str(missing), "--no-cache")       # nothing parsed: the normal exit
    assert done.returncode == 2 and "no-such-story" in done.stderr
