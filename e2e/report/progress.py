"""Live progress for ``keyflow run``: one line per guide step as it finishes.

    ▶ test_whole_guide  Walk the whole guide with two keys
      ✓ step 3/11 Copy Altrady's IP whitelist  0.41s
    ✓ test_whole_guide passed in 6.12s

In one process the lines come straight from the step hooks; under pytest-xdist they come
with each test's reports (see ``e2e.report.recorder``), so they appear per test, not live.
"""

from __future__ import annotations

import re
from collections.abc import Generator

import pytest

from e2e.guide import GUIDE_STEPS
from e2e.report.records import SCENARIO_ATTR, STEPS_ATTR, record_from_dict
from e2e.steps import StepRecord
from fixtures.redaction import redact

__all__ = ["LiveProgress", "format_step"]

# pytest-playwright's per-browser parameter, which every test carries.
_BROWSER_PARAM = re.compile(r"\[(chromium|firefox|webkit)\]$")

PASSED_MARK = "✓"
FAILED_MARK = "✗"


def format_step(record: StepRecord, total: int = len(GUIDE_STEPS)) -> str:
    mark = PASSED_MARK if record.status == "passed" else FAILED_MARK
    part = f" ({record.part})" if record.part else ""
    return f"  {mark} step {record.number}/{total} {record.title}{part}  {record.duration_s:.2f}s"


class LiveProgress:
    def __init__(self) -> None:
        self._config: pytest.Config | None = None
        self._shown: set[tuple[str, int, str, float]] = set()
        self._durations: dict[str, float] = {}
        self._failed: set[str] = set()

    def pytest_configure(self, config: pytest.Config) -> None:
        self._config = config

    def _write(self, line: str, **markup: bool) -> None:
        if self._config is None:
            return
        # Looked up late: pytest registers its terminal reporter during configure too.
        terminal = self._config.pluginmanager.get_plugin("terminalreporter")
        capture = self._config.pluginmanager.get_plugin("capturemanager")
        if terminal is None:
            return
        if capture is None:
            terminal.write_line(line, **markup)
            return
        # Steps finish while the test runs and pytest is capturing its output.
        with capture.global_and_fixture_disabled():
            terminal.write_line(line, **markup)
            terminal.flush()  # before capturing resumes, or the line lands in the capture

    def _show(self, record: StepRecord) -> None:
        key = (record.nodeid, record.number, record.part, record.started_at)
        if key in self._shown:
            return
        self._shown.add(key)
        failed = record.status == "failed"
        self._write(format_step(record), red=failed, green=not failed)
        if failed and record.error:
            lines = [line for line in redact(record.error).splitlines() if line.strip()]
            for line in lines[:4]:
                self._write(f"      {line}", red=True)

    def pytest_runtest_logstart(self, nodeid: str) -> None:
        self._write(f"▶ {_BROWSER_PARAM.sub('', nodeid.rpartition('::')[2])}", bold=True)

    def pytest_keyflow_step_finished(self, record: StepRecord) -> None:
        self._show(record)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        for data in getattr(report, STEPS_ATTR, []):
            self._show(record_from_dict(data))
        nodeid = report.nodeid
        self._durations[nodeid] = self._durations.get(nodeid, 0.0) + report.duration
        if report.failed:
            self._failed.add(nodeid)
        if report.when != "teardown":
            return
        name = str(getattr(report, SCENARIO_ATTR, {}).get("name") or nodeid)
        took = self._durations.pop(nodeid, 0.0)
        if nodeid in self._failed:
            self._write(f"{FAILED_MARK} {name} failed in {took:.2f}s", red=True, bold=True)
        else:
            self._write(f"{PASSED_MARK} {name} passed in {took:.2f}s", green=True, bold=True)

    @pytest.hookimpl(wrapper=True)
    def pytest_report_teststatus(
        self, report: pytest.TestReport
    ) -> Generator[None, tuple[str, str, str], tuple[str, str, str]]:
        # Keep pytest's counts but drop its dots: the step lines say it better.
        category, _letter, _word = yield
        return category, "", ""
