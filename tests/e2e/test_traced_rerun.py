"""What the report says of a failure's trace after ``keyflow run`` ran the failure again.

``tests/e2e/test_cli_run.py`` runs it all in a real browser; these check the choices.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from e2e.commands.traced_rerun import attach_rerun, rerun_selectors, traced_rerun_wanted
from e2e.report.model import ScenarioResult
from e2e.steps import StepRecord

NODEID = "e2e/scenarios/test_whole_guide.py::test_whole_guide[chromium]"


def _failed(outcome: str = "failed", at_step: int | None = None) -> ScenarioResult:
    steps = []
    if at_step is not None:
        steps.append(
            StepRecord(
                nodeid=NODEID,
                number=at_step,
                title="Copy Altrady's IP whitelist",
                status="failed",
                started_at=0.0,
                duration_s=0.1,
            )
        )
    return ScenarioResult(
        nodeid=NODEID,
        name="test_whole_guide",
        outcome=outcome,  # type: ignore[arg-type]
        failure="the whitelist was not copied",
        steps=steps,
    )


@pytest.mark.parametrize(
    ("pytest_args", "wanted"),
    [
        ([], True),
        (["-x", "-k", "tracing"], True),
        (["--tracing", "on"], False),
        (["--tracing=off"], False),
    ],
)
def test_a_tracing_of_the_users_own_turns_the_rerun_off(
    pytest_args: list[str], wanted: bool
) -> None:
    assert traced_rerun_wanted(pytest_args) is wanted


def test_failures_are_selected_again_by_absolute_path_with_their_parameters() -> None:
    assert rerun_selectors(Path("/project"), [_failed()]) == [
        "/project/e2e/scenarios/test_whole_guide.py::test_whole_guide[chromium]"
    ]


def _trace_in(artifacts: Path) -> Path:
    folder = artifacts / "e2e-scenarios-test-whole-guide-py-test-whole-guide-chromium"
    folder.mkdir(parents=True)
    trace = folder / "trace.zip"
    trace.write_bytes(b"PK")
    return trace


def test_a_failure_that_repeats_gets_the_second_runs_trace_and_says_so(tmp_path: Path) -> None:
    trace = _trace_in(tmp_path)
    first = _failed()
    attach_rerun([first], {NODEID: _failed(at_step=3)}, tmp_path, finished=True)
    assert first.trace == trace
    assert first.trace_note == (
        "The trace is of a second run of this scenario, which failed again at step 3, "
        "Copy Altrady's IP whitelist."
    )


def test_a_failure_outside_any_step_is_named_by_its_first_line(tmp_path: Path) -> None:
    _trace_in(tmp_path)
    first = _failed(outcome="error")
    again = _failed(outcome="error")
    again.failure = "fixture 'mocks' failed\nmore detail"
    attach_rerun([first], {NODEID: again}, tmp_path, finished=True)
    assert first.trace_note == (
        "The trace is of a second run of this scenario, which failed again: fixture 'mocks' failed"
    )


def test_a_failure_that_does_not_repeat_has_no_trace_and_says_so(tmp_path: Path) -> None:
    _trace_in(tmp_path)  # pytest-playwright drops a passing trace; a stray one is not taken
    first = _failed()
    passed = ScenarioResult(nodeid=NODEID, name="test_whole_guide", outcome="passed")
    attach_rerun([first], {NODEID: passed}, tmp_path, finished=True)
    assert first.trace is None
    assert first.trace_note is not None
    assert "a second run of this scenario, with a trace, passed" in first.trace_note
    assert "did not repeat" in first.trace_note


@pytest.mark.parametrize("finished", [True, False])
def test_a_second_run_that_did_not_finish_leaves_no_trace(tmp_path: Path, finished: bool) -> None:
    first = _failed()
    reran = {} if finished else {NODEID: _failed()}
    attach_rerun([first], reran, tmp_path, finished=finished)
    assert first.trace is None
    assert first.trace_note == (
        "No trace: the second run of this scenario, with a trace, did not finish."
    )
