"""The whole guide in a browser (``keyflow run``) and the screenshots (``keyflow shots``).

``keyflow run`` is timed as a subprocess, servers and browser included ("cold"). The time
spent walking the steps once everything is up ("warm") and each step's own time come from
the run's ``report.json``, when the run writes one.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.commands import ROOT, require_command, run_timed
from benchmarks.figures import BenchError, Figure, Target, median

__all__ = ["COLD_GUIDE_TARGET", "measure_guide", "measure_shots", "step_durations"]

COLD_GUIDE_TARGET = Target("<", 4.0)
RUN_TIMEOUT_S = 300.0
SHOTS_TIMEOUT_S = 600.0

StepKey = tuple[int, str]  # (guide step number, "title" or "title, part")


def _records(node: Any) -> Iterator[dict[str, Any]]:
    """Every step record in the report, wherever its layout nests them."""
    if isinstance(node, dict):
        if isinstance(node.get("number"), int) and isinstance(node.get("duration_s"), int | float):
            yield node
            return
        for value in node.values():
            yield from _records(value)
    elif isinstance(node, list):
        for value in node:
            yield from _records(value)


def step_durations(report: Path) -> dict[StepKey, float]:
    """Step -> seconds, summed over the scenarios of one run that walked it."""
    try:
        document = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BenchError(f"cannot read {report}: {exc}") from None
    durations: dict[StepKey, float] = defaultdict(float)
    for record in _records(document):
        title = str(record.get("title", ""))
        if record.get("part"):
            title = f"{title}, {record['part']}"
        durations[(record["number"], title)] += float(record["duration_s"])
    return dict(durations)


def _report_path() -> Path:
    from e2e.config import load_config  # noqa: PLC0415  (the report's folder is configurable)

    report_dir = load_config(ROOT).artifacts.report_dir
    return (report_dir if report_dir.is_absolute() else ROOT / report_dir) / "report.json"


def _modified(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return None


def measure_guide(runs: int) -> list[Figure]:
    command = require_command("keyflow", "run")
    report = _report_path()
    cold: list[float] = []
    walks: list[float] = []
    per_step: dict[StepKey, list[float]] = defaultdict(list)
    for _ in range(runs):
        before = _modified(report)
        run = run_timed(command, timeout_s=RUN_TIMEOUT_S)
        if run.returncode != 0:
            raise BenchError(f"`keyflow run` exited {run.returncode}: {run.stderr_tail}")
        cold.append(run.elapsed_s)
        if _modified(report) not in {None, before}:  # this run's report, not a stale one
            steps = step_durations(report)
            walks.append(sum(steps.values()))
            for key, seconds in steps.items():
                per_step[key].append(seconds)

    figures = [
        Figure("guide cold: keyflow run, whole process", median(cold), "s", COLD_GUIDE_TARGET)
    ]
    if not walks:
        note = f"not available yet: the run wrote no {report.name}"
        return [*figures, Figure.missing("guide warm: steps only", note)]
    figures.append(Figure("guide warm: steps only, servers and browser up", median(walks), "s"))
    figures.extend(
        Figure(f"  step {number}: {title}", median(samples), "s")
        for (number, title), samples in sorted(per_step.items())
    )
    return figures


def measure_shots(runs: int) -> list[Figure]:
    command = require_command("keyflow", "shots")
    samples = []
    for _ in range(runs):
        run = run_timed(command, timeout_s=SHOTS_TIMEOUT_S)
        if run.returncode != 0:
            raise BenchError(f"`keyflow shots` exited {run.returncode}: {run.stderr_tail}")
        samples.append(run.elapsed_s)
    return [Figure("keyflow shots, every step", median(samples), "s")]
