"""Threads that fit the machine (attribution/parse/threads.py)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from attribution.parse import threads


@pytest.mark.parametrize("cores, jobs, expected", [(2, 1, 2), (2, 2, 1), (2, 3, 1), (8, 2, 4), (1, 4, 1)])
def test_threads_are_the_usable_cores_shared_among_jobs(monkeypatch, cores, jobs, expected):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)))
    assert threads.threads_per_process(jobs) == expected


def test_usable_cores_follow_the_affinity_mask_not_the_machine(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {3})
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert threads.usable_cores() == 1


def test_plan_travels_in_the_environment_and_apply_follows_it(monkeypatch):
    import torch
    before = torch.get_num_threads()
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    try:
        assert threads.plan(2) == 1
        assert os.environ[threads.ENV_THREADS] == "1"
        assert threads.apply() == 1
        assert torch.get_num_threads() == 1
    finally:
        monkeypatch.delenv(threads.ENV_THREADS, raising=False)
        torch.set_num_threads(before)


def test_the_users_omp_num_threads_wins(monkeypatch):
    import torch
    before = torch.get_num_threads()
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    monkeypatch.setenv(threads.ENV_THREADS, "7")
    try:
        assert threads.apply() == torch.get_num_threads() == before
    finally:
        torch.set_num_threads(before)


def run_fresh(code: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("OMP_WAIT_POLICY", "OMP_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True,
                         check=True)
    return out.stdout.strip()


def test_idle_threads_sleep_unless_the_user_chose_a_policy():
    code = "import os, attribution.parse.pipeline; print(os.environ.get('OMP_WAIT_POLICY'))"
    assert run_fresh(code) == "PASSIVE"
    assert run_fresh(code, OMP_WAIT_POLICY="ACTIVE") == "ACTIVE"


@pytest.mark.parametrize("batches, cores, free_mb, expected", [
    (0, 2, 8000, 1),       # everything cached: the rules alone, here
    (1, 2, 8000, 1),       # one batch: starting a worker costs more than it saves
    (6, 2, 8000, 2),
    (6, 8, 8000, 6),       # never more workers than batches
    (6, 8, 1500, 2),       # as many as the free memory holds
    (6, 8, 100, 1),
])
def test_auto_jobs(monkeypatch, batches, cores, free_mb, expected):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)))
    page = 4096
    monkeypatch.setattr(os, "sysconf", lambda name: page if name == "SC_PAGE_SIZE" else free_mb * (1 << 20) // page)
    assert threads.auto_jobs(batches) == expected


def test_jobs_auto_in_flags_and_configuration(tmp_path):
    from attribution.config import check_flag, check_value
    from attribution.errors import ConfigError, UsageError
    assert check_flag("jobs", "auto") == "auto"
    assert check_value("jobs", "auto", "attribution.toml") == "auto"
    assert check_flag("jobs", 3) == 3
    with pytest.raises(UsageError):
        check_flag("jobs", 0)
    with pytest.raises(ConfigError):
        check_value("jobs", "many", "attribution.toml")


def test_single_uses_one_thread_meanwhile_and_gives_the_count_back():
    import torch
    before = torch.get_num_threads()
    try:
        torch.set_num_threads(2)
        with threads.single():
            assert torch.get_num_threads() == 1
        assert torch.get_num_threads() == 2
        with pytest.raises(ValueError), threads.single():
            raise ValueError("a failed batch")
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)
