"""The full test suite on one xdist worker and on two, and the speed-up between them.

Timed as ``make test`` runs it, one session of every test, without the lint's tests.
"""

from __future__ import annotations

import sys

from benchmarks.commands import run_timed
from benchmarks.figures import BenchError, Figure, NotAvailableError, Target, median

__all__ = ["SPEEDUP_TARGET", "measure_suite"]

SPEEDUP_TARGET = Target(">=", 1.4)
SUITE_TIMEOUT_S = 1800.0
NO_TESTS_COLLECTED = 5  # pytest's exit code


# As `make test` runs it, in one session, less the lint (not a figure of the tests').
MARKER = "not lint"


def _session(workers: int) -> list[str]:
    return [
        *(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"),
        *("-n", str(workers), "-m", MARKER),
    ]


def measure_suite(runs: int) -> list[Figure]:
    samples: dict[int, list[float]] = {1: [], 2: []}
    failing: dict[int, int] = {1: 0, 2: 0}
    for _ in range(runs):
        for workers in (1, 2):  # interleaved, so a busy moment on the machine hits both
            run = run_timed(_session(workers), timeout_s=SUITE_TIMEOUT_S)
            if run.returncode == NO_TESTS_COLLECTED:
                raise NotAvailableError(f"pytest -m {MARKER!r} collects no test")
            if run.returncode not in {0, 1}:
                raise BenchError(
                    f"pytest -n {workers} -m {MARKER!r} exited {run.returncode}: {run.stderr_tail}"
                )
            failing[workers] += run.returncode == 1
            samples[workers].append(run.elapsed_s)
    one, two = median(samples[1]), median(samples[2])
    # A failing test may wait out a timeout: the times are then not the suite's own.
    notes = {w: f"tests failed in {n} of {runs} run(s)" if n else "" for w, n in failing.items()}
    return [
        Figure("full suite, pytest -n 1", one, "s", note=notes[1]),
        Figure("full suite, pytest -n 2", two, "s", note=notes[2]),
        Figure("suite speed-up, -n 1 / -n 2", one / two, "x", SPEEDUP_TARGET),
    ]
