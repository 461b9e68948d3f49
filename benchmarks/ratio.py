"""``keyflow run`` beside the plain Playwright walk of the same guide: the harness's cost.

Both are timed as whole processes, cold (``keyflow run`` starts its own mocks and browser;
the plain walk starts ``keyflow serve`` and its own browser), in turn, A B A B ...: each
pair's ratio is taken from runs seconds apart, so the machine's drift over the benchmark
moves both sides of a ratio alike. The median of the pairs' ratios is the figure.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks.commands import ROOT, require_command, run_timed
from benchmarks.figures import BenchError, Figure, Target, median

__all__ = ["PLAIN_WALK", "RATIO_TARGET", "measure_ratio", "paired_ratios"]

RATIO_TARGET = Target("<=", 1.15)
PLAIN_WALK = ROOT / "benchmarks" / "plain_walk.py"
RUN_TIMEOUT_S = 300.0


def paired_ratios(harness: Sequence[float], plain: Sequence[float]) -> list[float]:
    """``harness[i] / plain[i]`` for each pair of runs taken together."""
    if len(harness) != len(plain) or not harness:
        raise ValueError("one plain walk per keyflow run")
    return [a / b for a, b in zip(harness, plain, strict=True)]


def _timed(command: list[str], what: str) -> float:
    run = run_timed(command, timeout_s=RUN_TIMEOUT_S)
    if run.returncode != 0:
        raise BenchError(f"{what} exited {run.returncode}: {run.stderr_tail}")
    return run.elapsed_s


def measure_ratio(runs: int) -> list[Figure]:
    """The ratio as ``keyflow run`` is run, and beside it with every run traced.

    ``keyflow run`` walks untraced and traces only a second run of what failed (see
    ``e2e.commands.traced_rerun``); the second figure is the ratio when every run records
    its trace (``-- --tracing retain-on-failure``, the default until 2026-12-06), so what the
    trace costs a passing run stays in sight. It has no target.
    """
    keyflow = require_command("keyflow", "run")
    plain = [sys.executable, str(PLAIN_WALK)]
    harness_s: list[float] = []
    traced_s: list[float] = []
    plain_s: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-ratio-") as scratch:
        command = [*keyflow, "--report", str(Path(scratch) / "report")]
        for _ in range(runs):
            harness_s.append(_timed(command, "`keyflow run`"))
            plain_s.append(_timed(plain, "the plain walk"))
            traced = [*command, "--", "--tracing", "retain-on-failure"]
            traced_s.append(_timed(traced, "`keyflow run`"))
    ratios = paired_ratios(harness_s, plain_s)
    every_run_traced = paired_ratios(traced_s, plain_s)
    return [
        Figure("keyflow run, whole guide, whole process, cold", median(harness_s), "s"),
        Figure("plain Playwright walk (benchmarks/plain_walk.py)", median(plain_s), "s"),
        Figure(
            "keyflow run / plain walk, paired", median(ratios), "x", RATIO_TARGET, _spread(ratios)
        ),
        Figure(
            "the same, every run traced (-- --tracing retain-on-failure)",
            median(every_run_traced),
            "x",
            note=_spread(every_run_traced),
        ),
    ]


def _spread(ratios: Sequence[float]) -> str:
    return f"pairs {min(ratios):.2f}x to {max(ratios):.2f}x" if len(ratios) > 1 else ""
