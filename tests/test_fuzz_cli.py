"""The whole command line on fuzzed raw bytes (issue 16): a few hundred cases of
tests/fuzz_cli.py, in this process, with the parser stood in by the stored real parses
(and a parse by rule of what they do not hold), each under a time and a memory limit.
``python bench/fuzz.py --cli`` runs 10,000 of them in a separate process with hard limits.
"""
from __future__ import annotations

import pytest

import fuzz_cli as fc

SEED = 20_161
CASES = 240
GROUP = 30


@pytest.mark.parametrize("first", range(0, CASES, GROUP))
def test_cli_on_fuzzed_inputs(first, tmp_path):
    failures = []
    for number in range(first, first + GROUP):
        case = fc.make_case(SEED, number)
        folder = tmp_path / f"case-{number}"
        folder.mkdir()
        outcome = fc.run_case(case, folder, seconds=20, memory_mb=1024, seed=SEED)
        if not outcome.ok:
            failures.append(fc.describe(outcome))
    assert not failures, "\n".join(failures)


def test_every_kind_command_and_format_is_generated():
    cases = [fc.make_case(SEED, n) for n in range(CASES)]
    assert {c.kind for c in cases} == set(fc.KINDS)
    assert {(c.command, c.fmt) for c in cases} == {(cmd, f) for cmd, fs in fc.FORMATS.items() for f in fs}


def test_the_runner_sees_a_hang_a_traceback_and_a_bad_report(tmp_path, monkeypatch):
    """The properties can fail: a run that never ends, a bug's traceback, a report that
    does not parse."""
    import time

    import attribution.cli.commands as commands
    case = fc.make_case(SEED, 0)
    monkeypatch.setattr(commands, "dispatch", lambda args: time.sleep(30))
    (tmp_path / "a").mkdir()
    assert "ran past 1 s" in fc.run_case(case, tmp_path / "a", seconds=1).problems

    def boom(args):
        raise ZeroDivisionError("x")
    monkeypatch.setattr(commands, "dispatch", boom)
    (tmp_path / "b").mkdir()
    assert any("internal error" in p for p in fc.run_case(case, tmp_path / "b").problems)
    bad = fc.Case(0, "txt", "audit", "json", {}, ("audit",))
    assert fc.check_report(bad, "{not json")
    assert fc.check_report(fc.Case(0, "txt", "audit", "github", {}, ()), "::warning ::x\nplain line")
