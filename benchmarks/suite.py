"""The full test suite on one xdist worker and on two, and the speed-up between them.

Timed as ``make test`` runs it, without the lint: two sessions, fast tests then browser tests.
"""

from __future__ import annotations

import sys

from benchmarks.commands import run_timed
from benchmarks.figures import BenchError, Figure, NotAvailableError, Target, median

__all__ = ["SPEEDUP_TARGET", "measure_suite"]

SPEEDUP_TARGET = Target(">=", 1.4)
SUITE_TIMEOUT_S = 1800.0
NO_TESTS_COLLECTED = 5  # pytest's exit code


# As `make test` runs it: the fast tests, then the browser tests, as two sessions
# (pytest-playwright's sync API breaks asyncio tests that come after it in a worker).
SESSIONS = ("not browser", "browser")


def _session(workers: int, marker: str) -> list[str]:
    return [
        *(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"),
        *("-n", str(workers), "-m", marker),
    ]


def measure_suite(runs: int) -> list[Figure]:
    samples: dict[int, list[float]] = {1: [], 2: []}
    failing: dict[int, int] = {1: 0, 2: 0}
    for _ in range(runs):
        for workers in (1, 2):  # interleaved, so a busy moment on the machine hits both
            elapsed, failed = 0.0, False
            for marker in SESSIONS:
                run = run_timed(_session(workers, marker), timeout_s=SUITE_TIMEOUT_S)
                if run.returncode == NO_TESTS_COLLECTED:
                    raise NotAvailableError(f"pytest -m {marker!r} collects no test")
                if run.returncode not in {0, 1}:
                    raise BenchError(
                        f"pytest -n {workers} -m {marker!r} exited {run.returncode}: "
                        f"{run.stderr_tail}"
                    )
                failed |= run.returncode == 1
                elapsed += run.elapsed_s
            failing[workers] += failed
            samples[workers].append(elapsed)
    one, two = median(samples[1]), median(samples[2])
    # A failing test may wait out a timeout: the times are then not the suite's own.
    notes = {w: f"tests failed in {n} of {runs} run(s)" if n else "" for w, n in failing.items()}
    return [
        Figure("full suite, pytest -n 1", one, "s", note=notes[1]),
        Figure("full suite, pytest -n 2", two, "s", note=notes[2]),
        Figure("suite speed-up, -n 1 / -n 2", one / two, "x", SPEEDUP_TARGET),
    ]
