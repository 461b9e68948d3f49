"""The trace of a failure: ``keyflow run`` runs each failed scenario once more, traced.

A Playwright trace costs every run, not only the runs that fail: its DOM snapshots, taken
around each of the guide's ~130 browser calls, were a sixth of a passing whole-guide run
here (1.0 s of 6 s of steps). So ``keyflow run`` walks untraced, and when scenarios fail it
walks those again under ``--tracing retain-on-failure``. The report then links the second
run's trace and says where it comes from, or says that the failure did not repeat.
Playwright Test advises the same for CI (``trace: "on-first-retry"``), with one difference:
the second run never changes the verdict. The first run's failure stands, exit code and all.

A ``--tracing`` of the user's own (after ``--``) turns this off: that run is traced as asked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from e2e.report.model import ScenarioResult, ScenarioResults
from e2e.report.pytest_plugin import REPORT_NAME, KeyflowReport, find_trace

__all__ = [
    "FirstRun",
    "RerunResults",
    "attach_rerun",
    "rerun_selectors",
    "run_traced_again",
    "traced_rerun_wanted",
]

FAILED = ("failed", "error")


def traced_rerun_wanted(pytest_args: Sequence[str]) -> bool:
    """False when the user chose the tracing themselves (``-- --tracing on``)."""
    return not any(arg == "--tracing" or arg.startswith("--tracing=") for arg in pytest_args)


class FirstRun:
    """A plugin for the first session: keeps its report and root once ``pytest.main`` returns."""

    def __init__(self) -> None:
        self.report: KeyflowReport | None = None
        self.rootpath: Path | None = None

    def pytest_configure(self, config: pytest.Config) -> None:
        self.rootpath = config.rootpath

    @pytest.hookimpl(trylast=True)  # after the report plugin has written the report
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        plugin = session.config.pluginmanager.get_plugin(REPORT_NAME)
        self.report = plugin if isinstance(plugin, KeyflowReport) else None

    def failed(self) -> list[ScenarioResult]:
        results = self.report.results if self.report is not None else []
        return [result for result in results if result.outcome in FAILED]


class RerunResults:
    """A plugin for the second session: how each scenario ended this time."""

    def __init__(self) -> None:
        self._results = ScenarioResults()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self._results.add(report)

    def by_nodeid(self) -> dict[str, ScenarioResult]:
        return {result.nodeid: result for result in self._results.results()}


def rerun_selectors(rootpath: Path, failed: Sequence[ScenarioResult]) -> list[str]:
    """Each failed scenario's node id, with an absolute path, as ``keyflow run`` selects."""
    selectors = []
    for result in failed:
        path, separator, rest = result.nodeid.partition("::")
        selectors.append(f"{rootpath / path}{separator}{rest}")
    return selectors


def _where_it_failed(result: ScenarioResult) -> str:
    failed = next((step for step in result.steps if step.status == "failed"), None)
    if failed is not None:
        return f" at step {failed.number}, {failed.title}."
    first_line = (result.failure or "").strip().splitlines()[:1]
    return f": {first_line[0]}" if first_line else "."


def attach_rerun(
    failed: Sequence[ScenarioResult],
    rerun: dict[str, ScenarioResult],
    artifacts: Path,
    *,
    finished: bool,
) -> None:
    """Give each first-run failure the second run's trace, or say why it has none."""
    for result in failed:
        again = rerun.get(result.nodeid)
        if again is None or not finished:
            result.trace_note = (
                "No trace: the second run of this scenario, with a trace, did not finish."
            )
        elif again.outcome in FAILED:
            result.trace = find_trace(artifacts, result.nodeid)
            result.trace_note = (
                "The trace is of a second run of this scenario, which failed again"
                + _where_it_failed(again)
            )
        else:
            result.trace_note = (
                f"No trace: a second run of this scenario, with a trace, {again.outcome} "
                "(the failure above did not repeat). `keyflow run NAME -- --tracing on` "
                "keeps the trace of every run."
            )


def run_traced_again(
    first: FirstRun,
    artifacts: Path,
    run_pytest: Callable[[list[str], RerunResults], int],
    say: Callable[[str], None],
) -> int | None:
    """Run the first run's failed scenarios again, traced, and rewrite its report.

    ``run_pytest(selectors, plugin)`` runs the second session, its ``--output`` in
    ``artifacts``; its exit code is returned, or None when nothing failed (or nothing was
    reported) and nothing ran.
    """
    failed = first.failed()
    if first.report is None or first.rootpath is None or not failed:
        return None
    names = ", ".join(result.name for result in failed)
    say(
        f"\nkeyflow run: running {names} again with a Playwright trace, for the report "
        "(this run's failures stand)"
    )
    results = RerunResults()
    code = run_pytest(rerun_selectors(first.rootpath, failed), results)
    finished = code in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED)
    attach_rerun(failed, results.by_nodeid(), artifacts, finished=finished)
    index = first.report.rewrite()
    say(f"keyflow report: {index}")
    return code
