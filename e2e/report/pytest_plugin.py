"""The keyflow report as a pytest plugin (registered by ``e2e/plugin.py``).

Always: a :class:`StepRecorder` that carries each test's guide steps on its reports. With
``--keyflow-report DIR`` (``keyflow run`` turns it on), the process that sees every report
(the only one, or the xdist controller) writes ``DIR/index.html`` and ``DIR/report.json``
when the session ends.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from slugify import slugify

from e2e.report.model import ScenarioResult, ScenarioResults
from e2e.report.recorder import StepRecorder

if TYPE_CHECKING:
    from e2e.report.writer import ReportMeta

__all__ = ["REPORT_NAME", "KeyflowReport", "find_trace", "find_videos"]

RECORDER_NAME = "keyflow-step-recorder"
REPORT_NAME = "keyflow-report-writer"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("keyflow").addoption(
        "--keyflow-report",
        metavar="DIR",
        default=None,
        help="write the guide's step report (index.html, report.json) into DIR",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(StepRecorder(), RECORDER_NAME)
    directory = config.getoption("keyflow_report")
    if directory and not hasattr(config, "workerinput"):  # xdist workers only record
        root = config.invocation_params.dir
        config.pluginmanager.register(KeyflowReport(root / directory, config), REPORT_NAME)


def _artifacts_folder(output_dir: Path, nodeid: str) -> Path | None:
    """Where pytest-playwright kept ``nodeid``'s artifacts (``<output>/<slug>/``)."""
    folder = output_dir / slugify(nodeid)
    if not folder.is_dir():
        # pytest-playwright shortens long folder names; they still start with the slug.
        folder = next(iter(sorted(output_dir.glob(slugify(nodeid)[:100] + "*"))), folder)
    return folder if folder.is_dir() else None


def find_trace(output_dir: Path, nodeid: str) -> Path | None:
    """The trace pytest-playwright kept for ``nodeid`` (``<output>/<slug>/trace.zip``)."""
    folder = _artifacts_folder(output_dir, nodeid)
    traces = sorted(folder.glob("trace*.zip")) if folder else []
    return traces[0] if traces else None


def find_videos(output_dir: Path, nodeid: str) -> list[Path]:
    """The videos pytest-playwright kept for ``nodeid``: ``video.webm``, or one per tab
    in the order the tabs opened (``video-1.webm``, ``video-2.webm``)."""
    folder = _artifacts_folder(output_dir, nodeid)
    videos = folder.glob("video*.webm") if folder else ()
    return sorted(videos, key=lambda path: (len(path.name), path.name))


class KeyflowReport:
    def __init__(self, directory: Path, config: pytest.Config) -> None:
        self.directory = directory
        self._config = config
        self._collected = ScenarioResults()  # ``results`` once the session has ended
        self._started = time.time()
        self.index: Path | None = None
        self.results: list[ScenarioResult] = []
        self._meta: ReportMeta | None = None

    def pytest_sessionstart(self) -> None:
        self._started = time.time()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self._collected.add(report)

    def _attach_artifacts(self, results: list[ScenarioResult]) -> None:
        output = self._config.getoption("output", default=None)
        if not output:
            return
        output_dir = self._config.invocation_params.dir / str(output)
        for result in results:
            if result.outcome in ("failed", "error"):
                result.trace = find_trace(output_dir, result.nodeid)
            result.videos = find_videos(output_dir, result.nodeid)

    @pytest.hookimpl(trylast=True)  # after junitxml has written its file
    def pytest_sessionfinish(self) -> None:
        # Its templates (Jinja) load when there is a report to write, not at every start.
        from e2e.report.writer import ReportMeta, write_report  # noqa: PLC0415

        self.results = self._collected.results()
        self._attach_artifacts(self.results)
        xmlpath = getattr(self._config.option, "xmlpath", None)
        self._meta = ReportMeta(
            started_at=self._started,
            duration_s=time.time() - self._started,
            junit_xml=self._config.invocation_params.dir / xmlpath if xmlpath else None,
        )
        self.index = write_report(self.directory, self.results, self._meta)

    def rewrite(self) -> Path:
        """Write the report again, from ``results`` as they are now (after the session)."""
        from e2e.report.writer import write_report  # noqa: PLC0415

        if self._meta is None:
            raise RuntimeError("the report is rewritten after its session has written it")
        self.index = write_report(self.directory, self.results, self._meta)
        return self.index

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if self.index is not None:
            terminalreporter.write_line(f"keyflow report: {self.index}")
