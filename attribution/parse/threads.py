"""How many torch threads a parsing process uses, and how its idle threads wait.

Measured on a 2-core machine (bench/speed.py): torch's OpenMP threads spin while they wait
for each other, so two threads beside another busy process, or two ``--jobs`` workers with
two threads each, spend most of their time spinning: a ten-fold collapse. The rules here:

- a process uses the cores it may actually run on (``os.sched_getaffinity``, which honours
  ``taskset`` and container CPU sets), divided among the ``--jobs`` workers;
- idle OpenMP threads sleep instead of spinning (``OMP_WAIT_POLICY=PASSIVE``); this must be
  in the environment before torch is first imported, so this module sets it at import
  (``parse/pipeline.py`` imports it before it imports torch);
- the user's own ``OMP_NUM_THREADS`` or ``OMP_WAIT_POLICY`` always wins.

The parent of a process pool calls :func:`plan` before it starts the workers: the plan
travels to them in the environment (``ATTRIBUTION_THREADS``), which spawned workers
inherit; every process that loads a pipeline calls :func:`apply`.
"""
from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any

ENV_THREADS = "ATTRIBUTION_THREADS"

if "torch" not in sys.modules:      # too late once torch (and its OpenMP runtime) is loaded
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def usable_cores() -> int:
    """The cores this process may run on (not the machine's: a CI runner or a container
    is often given fewer than it has)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):   # not on Linux
        return max(1, os.cpu_count() or 1)


def threads_per_process(jobs: int = 1) -> int:
    """Torch threads for each of ``jobs`` parsing processes."""
    return max(1, usable_cores() // max(1, jobs))


# resident memory of one parsing worker with the embedded model (bench/speed.py measures it)
WORKER_MB = 700


def auto_jobs(batches_to_parse: int) -> int:
    """``--jobs auto``: one process per usable core when more than one batch of stories
    needs parsing (processes scale on 2 cores where threads do not: bench/speed.py), as
    many as the free memory holds; one process otherwise (starting a worker costs more
    than parsing one batch)."""
    if batches_to_parse < 2:
        return 1
    jobs = min(usable_cores(), batches_to_parse)
    try:
        free_mb = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // (1 << 20)
        jobs = min(jobs, max(1, free_mb // WORKER_MB))
    except (ValueError, OSError, AttributeError):
        pass
    return max(1, jobs)


def plan(jobs: int) -> int:
    """Record, for this process and the workers it is about to start, the threads each
    uses; the user's ``OMP_NUM_THREADS`` is kept."""
    n = threads_per_process(jobs)
    os.environ[ENV_THREADS] = str(n)
    return n


def _planned() -> int | None:
    """The thread count this process should use, or None where it is not ours to set (the
    user set ``OMP_NUM_THREADS``, or a pool worker whose pool set it)."""
    import multiprocessing

    if os.environ.get("OMP_NUM_THREADS"):
        return None
    if ENV_THREADS not in os.environ and multiprocessing.parent_process() is not None:
        return None
    try:
        n = int(os.environ.get(ENV_THREADS, ""))
    except ValueError:
        n = 0
    return n if n > 0 else threads_per_process(1)


def apply() -> int:
    """Set torch's thread count for this process from the plan (or from the cores when no
    plan was made); returns the count in force."""
    import torch
    n = _planned()
    if n is None:
        return torch.get_num_threads()
    if torch.get_num_threads() != n:
        torch.set_num_threads(n)
    return n


def apply_blas() -> int | None:
    """The same plan for the NumPy engine's BLAS library (OpenBLAS threads spin while they
    wait, as OpenMP's do); returns the count set, None where it was not ours to set."""
    if os.environ.get("OPENBLAS_NUM_THREADS") or os.environ.get("MKL_NUM_THREADS"):
        return None
    n = _planned()
    if n is None:
        return None
    from threadpoolctl import threadpool_limits
    threadpool_limits(limits=n, user_api="blas")
    _BLAS["threads"] = n
    return n


_BLAS: dict[str, Any] = {}


@contextlib.contextmanager
def blas_single() -> Iterator[None]:
    """One BLAS thread meanwhile, where this process was given more (:func:`apply_blas`).

    The NumPy engine's recurrences multiply a small matrix per time step: shared between
    two threads, each step waits for both, and beside another busy process a thread that
    is not scheduled stalls every step (a single process fell to 39% of its idle speed).
    The large products outside the recurrences keep every thread (idle, a single process
    parses 40% faster with two)."""
    if _BLAS.get("threads", 1) <= 1:
        yield
        return
    controller = _BLAS.get("controller")
    if controller is None:
        from threadpoolctl import ThreadpoolController
        controller = _BLAS["controller"] = ThreadpoolController()
    with controller.limit(limits=1, user_api="blas"):
        yield


@contextlib.contextmanager
def single() -> Iterator[None]:
    """One torch thread meanwhile. Stanza's tokenizer runs a character LSTM of 64 units,
    one step per character: each step is too small to share, and a second thread made
    it slower (2.9-3.2 s with one thread, 3.1-3.7 s with two, 30 PolNeAR dev articles),
    while the tagger and the parser gain 15-25% from two."""
    import torch
    before = torch.get_num_threads()
    if before > 1:
        torch.set_num_threads(1)
    try:
        yield
    finally:
        if before > 1:
            torch.set_num_threads(before)
