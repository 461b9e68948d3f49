"""Collects each test's guide-step records and hands them on with the test's reports.

Always active (the report plugin registers it), because under pytest-xdist the
steps run in a worker while the live progress and the report live in the controller: pytest
reports are the one thing xdist carries across, so the records travel on them.
"""

from __future__ import annotations

import time
from collections.abc import Generator

import pytest

from e2e.report.records import SCENARIO_ATTR, STEPS_ATTR, record_to_dict
from e2e.steps import StepRecord

__all__ = ["UNFINISHED_STEP_ERROR", "StepRecorder", "scenario_info", "scenario_name"]

UNFINISHED_STEP_ERROR = "The step started but never finished (the test stopped inside it)."


def scenario_name(item: pytest.Item) -> str:
    """The test's name, without the ``[chromium]`` every test gets from pytest-playwright."""
    callspec = getattr(item, "callspec", None)
    if callspec is not None and set(callspec.params) <= {"browser_name"}:
        return str(getattr(item, "originalname", item.name))
    return item.name


def scenario_info(item: pytest.Item) -> dict[str, object]:
    """Name, one-line summary and whether ``item`` is a guide scenario."""
    doc = getattr(getattr(item, "obj", None), "__doc__", None) or ""
    summary = next((line.strip() for line in doc.strip().splitlines() if line.strip()), "")
    return {
        "name": scenario_name(item),
        "summary": summary,
        "guide": item.get_closest_marker("guide") is not None,
    }


class StepRecorder:
    def __init__(self) -> None:
        self._pending: dict[str, list[StepRecord]] = {}
        self._open: dict[str, tuple[int, str, str, float]] = {}

    def pytest_keyflow_step_started(self, nodeid: str, number: int, title: str, part: str) -> None:
        self._open[nodeid] = (number, title, part, time.time())

    def pytest_keyflow_step_finished(self, record: StepRecord) -> None:
        self._open.pop(record.nodeid, None)
        self._pending.setdefault(record.nodeid, []).append(record)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        if call.when == "teardown":
            self._close_unfinished(item.nodeid)
        records = self._pending.pop(item.nodeid, [])
        setattr(report, STEPS_ATTR, [record_to_dict(record) for record in records])
        setattr(report, SCENARIO_ATTR, scenario_info(item))
        return report

    def _close_unfinished(self, nodeid: str) -> None:
        opened = self._open.pop(nodeid, None)
        if opened is None:
            return
        number, title, part, started_at = opened
        self._pending.setdefault(nodeid, []).append(
            StepRecord(
                nodeid=nodeid,
                number=number,
                title=title,
                status="failed",
                started_at=started_at,
                duration_s=max(0.0, time.time() - started_at),
                error=UNFINISHED_STEP_ERROR,
                part=part,
            )
        )
