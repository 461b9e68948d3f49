"""What the report says about each scenario, gathered from pytest's reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pytest

from e2e.report.records import SCENARIO_ATTR, STEPS_ATTR, record_from_dict
from e2e.steps import StepRecord
from fixtures.redaction import redact

__all__ = ["Outcome", "ScenarioResult", "ScenarioResults"]

Outcome = Literal["passed", "failed", "error", "skipped"]

MAX_DETAIL_CHARS = 20_000


@dataclass
class ScenarioResult:
    nodeid: str
    name: str
    summary: str = ""
    outcome: Outcome = "passed"
    duration_s: float = 0.0
    steps: list[StepRecord] = field(default_factory=list)
    failure: str | None = None  # one readable message
    failure_detail: str | None = None  # pytest's full failure text
    trace: Path | None = None  # Playwright trace of a failure, where pytest-playwright left it
    # Where the trace comes from when it is not this run's: a second run's (keyflow run).
    trace_note: str | None = None
    videos: list[Path] = field(default_factory=list)  # one per tab, with --video


def _failure_message(report: pytest.TestReport) -> str:
    if isinstance(report.longrepr, tuple):  # a skip: (path, line, "Skipped: why")
        return str(report.longrepr[2])
    crash = getattr(report.longrepr, "reprcrash", None)
    message = getattr(crash, "message", None)
    if isinstance(message, str) and message:
        return message
    text = report.longreprtext.strip()
    return text.splitlines()[-1] if text else f"{report.when} {report.outcome}"


class ScenarioResults:
    """Accumulates setup/call/teardown reports into one result per scenario."""

    def __init__(self) -> None:
        self._by_nodeid: dict[str, ScenarioResult] = {}

    def results(self) -> list[ScenarioResult]:
        return list(self._by_nodeid.values())

    def add(self, report: pytest.TestReport) -> None:
        info = getattr(report, SCENARIO_ATTR, None) or {}
        steps = [record_from_dict(data) for data in getattr(report, STEPS_ATTR, [])]
        if not info.get("guide") and not steps and report.nodeid not in self._by_nodeid:
            return  # not a guide scenario: unit tests have no place in the guide's report
        result = self._by_nodeid.setdefault(
            report.nodeid,
            ScenarioResult(nodeid=report.nodeid, name=str(info.get("name") or report.nodeid)),
        )
        result.summary = str(info.get("summary") or result.summary)
        result.duration_s += report.duration
        result.steps.extend(steps)
        result.steps.sort(key=lambda record: record.started_at)
        self._apply_outcome(result, report)

    @staticmethod
    def _apply_outcome(result: ScenarioResult, report: pytest.TestReport) -> None:
        if report.skipped and result.outcome == "passed":
            result.outcome = "skipped"
            result.failure = redact(_failure_message(report))
            return
        if not report.failed or result.outcome in ("failed", "error"):
            return
        result.outcome = "failed" if report.when == "call" else "error"
        result.failure = redact(_failure_message(report))
        result.failure_detail = redact(report.longreprtext[-MAX_DETAIL_CHARS:])
