"""Scenario results from pytest's own reports, as the report plugin receives them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import pytest

from e2e.report.model import ScenarioResults
from e2e.report.records import SCENARIO_ATTR, STEPS_ATTR, record_from_dict, record_to_dict
from e2e.steps import StepRecord

NODEID = "e2e/scenarios/test_whole_guide.py::test_whole_guide[chromium]"
SECRET = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg=="


def _step(
    number: int, started: float, status: Literal["passed", "failed"] = "passed"
) -> StepRecord:
    return StepRecord(NODEID, number, f"Step {number}", status, started, 0.5)


def _report(
    when: Literal["setup", "call", "teardown"],
    outcome: Literal["passed", "failed", "skipped"] = "passed",
    *,
    steps: Sequence[StepRecord] = (),
    guide: bool = True,
    longrepr: Any = None,
    nodeid: str = NODEID,
) -> pytest.TestReport:
    report = pytest.TestReport(
        nodeid, ("x.py", 1, "test_whole_guide"), {}, outcome, longrepr, when, duration=1.0
    )
    setattr(report, STEPS_ATTR, [record_to_dict(step) for step in steps])
    setattr(
        report,
        SCENARIO_ATTR,
        {"name": "test_whole_guide", "summary": "Walk the whole guide.", "guide": guide},
    )
    return report


def test_record_round_trip() -> None:
    record = _step(3, 1_790_000_000.5, "failed")
    record.error = "broken"
    record.part = "second key"
    assert record_from_dict(record_to_dict(record)) == record


def test_phases_add_up_to_one_scenario_with_ordered_steps() -> None:
    results = ScenarioResults()
    results.add(_report("setup", steps=[_step(1, 10.0)]))
    results.add(_report("call", steps=[_step(3, 30.0), _step(2, 20.0)]))
    results.add(_report("teardown"))
    (result,) = results.results()
    assert result.name == "test_whole_guide"
    assert result.summary == "Walk the whole guide."
    assert result.outcome == "passed"
    assert result.duration_s == 3.0
    assert [step.number for step in result.steps] == [1, 2, 3]


def test_a_failing_call_is_a_failure_with_its_message_redacted() -> None:
    results = ScenarioResults()
    results.add(_report("setup"))
    results.add(_report("call", "failed", longrepr=f"AssertionError: saw {SECRET}"))
    results.add(_report("teardown"))
    (result,) = results.results()
    assert result.outcome == "failed"
    assert result.failure is not None
    assert result.failure.startswith("AssertionError: saw ")
    assert SECRET not in result.failure
    assert SECRET not in (result.failure_detail or "")


def test_a_failing_setup_is_an_error() -> None:
    results = ScenarioResults()
    results.add(_report("setup", "failed", longrepr="fixture 'trader' broke"))
    results.add(_report("teardown"))
    assert results.results()[0].outcome == "error"


def test_a_skip_keeps_its_reason() -> None:
    results = ScenarioResults()
    results.add(_report("setup", "skipped", longrepr=("x.py", 3, "Skipped: no Chromium")))
    results.add(_report("teardown"))
    (result,) = results.results()
    assert result.outcome == "skipped"
    assert result.failure == "Skipped: no Chromium"


def test_tests_that_are_not_scenarios_stay_out() -> None:
    results = ScenarioResults()
    results.add(_report("call", guide=False, nodeid="tests/test_x.py::test_unit"))
    assert results.results() == []
