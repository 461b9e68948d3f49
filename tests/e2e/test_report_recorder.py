"""The recorder: step records ride on the test's reports, unfinished steps included."""

from __future__ import annotations

from typing import Any, Literal, cast

import pytest

from e2e.report.progress import format_step
from e2e.report.recorder import UNFINISHED_STEP_ERROR, StepRecorder
from e2e.report.records import SCENARIO_ATTR, STEPS_ATTR
from e2e.steps import StepRecord

NODEID = "e2e/scenarios/test_whole_guide.py::test_whole_guide[chromium]"


class FakeCallSpec:
    params = {"browser_name": "chromium"}  # noqa: RUF012


class FakeItem:
    """Just what the recorder reads from a pytest item."""

    nodeid = NODEID
    name = "test_whole_guide[chromium]"
    originalname = "test_whole_guide"
    callspec = FakeCallSpec()

    def obj(self) -> None:
        """Walk the whole guide.

        Details the summary leaves out.
        """

    def get_closest_marker(self, name: str) -> object:
        return object() if name == "guide" else None


def _report(
    recorder: StepRecorder, when: Literal["setup", "call", "teardown"]
) -> pytest.TestReport:
    report = pytest.TestReport(NODEID, ("x.py", 1, "x"), {}, "passed", None, when)
    call = cast(pytest.CallInfo[None], type("Call", (), {"when": when})())
    wrapper = recorder.pytest_runtest_makereport(cast(pytest.Item, FakeItem()), call)
    next(wrapper)
    with pytest.raises(StopIteration) as finished:
        wrapper.send(report)
    return cast(pytest.TestReport, finished.value.value)


def _record(number: int) -> StepRecord:
    return StepRecord(NODEID, number, f"Step {number}", "passed", 100.0 + number, 0.5)


def test_each_phase_carries_the_steps_finished_in_it() -> None:
    recorder = StepRecorder()
    recorder.pytest_keyflow_step_finished(_record(1))
    setup = _report(recorder, "setup")
    recorder.pytest_keyflow_step_finished(_record(2))
    recorder.pytest_keyflow_step_finished(_record(3))
    call = _report(recorder, "call")
    teardown = _report(recorder, "teardown")
    steps: list[list[dict[str, Any]]] = [
        getattr(report, STEPS_ATTR) for report in (setup, call, teardown)
    ]
    assert [[step["number"] for step in phase] for phase in steps] == [[1], [2, 3], []]
    assert getattr(call, SCENARIO_ATTR) == {
        "name": "test_whole_guide",
        "summary": "Walk the whole guide.",
        "guide": True,
    }


def test_a_step_that_never_finished_is_reported_failed() -> None:
    recorder = StepRecorder()
    recorder.pytest_keyflow_step_started(nodeid=NODEID, number=7, title="Fill in", part="")
    _report(recorder, "call")
    (step,) = getattr(_report(recorder, "teardown"), STEPS_ATTR)
    assert (step["number"], step["status"], step["error"]) == (7, "failed", UNFINISHED_STEP_ERROR)


def test_a_finished_step_is_not_reported_twice() -> None:
    recorder = StepRecorder()
    recorder.pytest_keyflow_step_started(nodeid=NODEID, number=1, title="Step 1", part="")
    recorder.pytest_keyflow_step_finished(_record(1))
    assert len(getattr(_report(recorder, "call"), STEPS_ATTR)) == 1
    assert getattr(_report(recorder, "teardown"), STEPS_ATTR) == []


def test_progress_line() -> None:
    record = _record(3)
    record.title = "Copy Altrady's IP whitelist"
    record.duration_s = 0.412
    assert format_step(record) == "  ✓ step 3/11 Copy Altrady's IP whitelist  0.41s"
    record.status = "failed"
    record.part = "second key"
    assert format_step(record, total=11).startswith(
        "  ✗ step 3/11 Copy Altrady's IP whitelist (second key)"
    )
