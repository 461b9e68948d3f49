"""``make test`` from a clean clone after its set-up, its time and its test counts.

Also what ``PYTHONDONTWRITEBYTECODE=1`` costs at start-up on that fresh tree: with it, no
``__pycache__`` is ever written, so every process (each pytest, each xdist worker, each
test's subprocess) compiles and assertion-rewrites the project again.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from benchmarks.cli_startup import startup_commands
from benchmarks.clone import clean_clone, remove_bytecode
from benchmarks.commands import run_timed
from benchmarks.figures import BenchError, Figure, Target, median

__all__ = [
    "MAKE_TEST_TARGET",
    "measure_bytecode_cost",
    "measure_make_test",
    "session_counts",
]

MAKE_TEST_TARGET = Target("<", 120.0)
MAKE_TEST_TIMEOUT_S = 1800.0
STARTUP_TIMEOUT_S = 120.0

_SUMMARY = re.compile(r"^=+ (?P<counts>.*\d+ \w+.*) in [\d.]+s\b.*=+$")
_COUNT = re.compile(r"(\d+) (passed|failed|skipped|xfailed|xpassed|errors?|deselected)\b")


def session_counts(output: str) -> list[Counter[str]]:
    """Outcome -> count for each pytest session's summary line in ``output``, in order."""
    sessions = []
    for line in output.splitlines():
        match = _SUMMARY.match(line.strip())
        if match:
            counts: Counter[str] = Counter()
            for number, outcome in _COUNT.findall(match["counts"]):
                counts["error" if outcome.startswith("error") else outcome] += int(number)
            sessions.append(counts)
    return sessions


def describe(sessions: Iterable[Counter[str]]) -> str:
    shown = []
    for counts in sessions:
        ran = sum(n for outcome, n in counts.items() if outcome != "deselected")
        parts = [f"{counts[o]} {o}" for o in ("passed", "failed", "error", "skipped") if counts[o]]
        shown.append(f"{ran} tests ({', '.join(parts)})")
    return " + ".join(shown)


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure_make_test(runs: int) -> list[Figure]:
    clone = clean_clone()
    samples: list[float] = []
    counts: list[Counter[str]] = []
    for _ in range(runs):
        run = run_timed(
            ["make", "test"], timeout_s=MAKE_TEST_TIMEOUT_S, cwd=clone.path, env=_environment()
        )
        counts = session_counts(run.stdout)
        if run.returncode != 0 and not counts:
            raise BenchError(f"`make test` exited {run.returncode}: {run.stderr_tail}")
        failed = sum(c["failed"] + c["error"] for c in counts)
        if run.returncode != 0 and not failed:
            raise BenchError(f"`make test` exited {run.returncode} (lint?): {run.stderr_tail}")
        samples.append(run.elapsed_s)
    total = sum(sum(n for o, n in c.items() if o != "deselected") for c in counts)
    return [
        Figure("set-up of the clean clone (not in the figure)", clone.setup_s, "s"),
        Figure("make test, clean clone after set-up", median(samples), "s", MAKE_TEST_TARGET),
        Figure("  tests it ran (last run)", total, "tests", note=describe(counts)),
    ]


def measure_bytecode_cost(runs: int) -> list[Figure]:
    """Each targeted start-up command with and without bytecode, in pairs run together.

    Before each run without bytecode the clone's ``__pycache__`` folders are removed (as in
    a fresh clone: with ``PYTHONDONTWRITEBYTECODE`` none is ever written); the run with
    bytecode follows one untimed run that writes it again.
    """
    clone = clean_clone()
    normal = _environment()
    dont_write = {**normal, "PYTHONDONTWRITEBYTECODE": "1"}
    figures = []
    for label, (argv, targeted) in startup_commands(clone.scripts).items():
        if not targeted:  # keyflow run --help and collecting one scenario
            continue
        without: list[float] = []
        written: list[float] = []
        for _ in range(runs):
            remove_bytecode(clone.path)
            without.append(_timed(argv, clone.path, dont_write, label))
            _timed(argv, clone.path, normal, label)  # writes the bytecode
            written.append(_timed(argv, clone.path, normal, label))
        ratios = [a / b for a, b in zip(without, written, strict=True)]
        figures += [
            Figure(f"{label}, fresh clone, bytecode written", median(written), "s"),
            Figure(f"{label}, PYTHONDONTWRITEBYTECODE=1", median(without), "s"),
            Figure("  without bytecode / with, paired", median(ratios), "x"),
        ]
    return figures


def _timed(argv: list[str], cwd: Path, env: dict[str, str], label: str) -> float:
    run = run_timed(argv, timeout_s=STARTUP_TIMEOUT_S, cwd=cwd, env=env)
    if run.returncode != 0:
        raise BenchError(f"`{label}` exited {run.returncode}: {run.stderr_tail}")
    return run.elapsed_s
