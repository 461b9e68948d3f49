"""The guide scenarios, as pytest collects them (tests marked ``guide`` in ``e2e/scenarios``)."""

from __future__ import annotations

import argparse
import contextlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pytest is imported when scenarios are collected, not to build `--help`
    import pytest

__all__ = [
    "IN_PROCESS_PYTEST_ARGS",
    "SCENARIOS_DIR",
    "SCENARIO_PLUGINS",
    "CatalogError",
    "Scenario",
    "add_scenarios_dir_option",
    "collect_scenarios",
    "select",
]

SCENARIOS_DIR = Path(__file__).resolve().parents[1] / "scenarios"

# The pytest plugins a guide scenario needs, by their entry-point names: keyflow's own, the
# browser (pytest-playwright) and xdist (``-n``).
SCENARIO_PLUGINS = ("keyflow", "playwright", "xdist")

# keyflow runs pytest in its own process, where the keyflow plugins' packages are already
# imported; pytest warns it cannot rewrite their asserts, and warnings are errors here.
# Only the plugins above are loaded: the others installed serve the fast tests, never a
# guide scenario, and cost start-up (anyio's imports anyio's backends; Hypothesis's
# imported all of Hypothesis at the end of every session, 0.25 s a run). A scenario that
# needs another names it after `--` (`keyflow run -- -p anyio`).
IN_PROCESS_PYTEST_ARGS = (
    *("-W", "ignore::pytest.PytestAssertRewriteWarning"),
    "--disable-plugin-autoload",
    *(arg for name in SCENARIO_PLUGINS for arg in ("-p", name)),
)


def add_scenarios_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scenarios-dir",
        type=Path,
        default=SCENARIOS_DIR,
        metavar="DIR",
        help="where the scenarios live (default: the project's e2e/scenarios)",
    )


class CatalogError(RuntimeError):
    """The scenarios could not be collected, or a name matches none of them."""


@dataclass(frozen=True)
class Scenario:
    name: str  # what keyflow shows: the test function's name, e.g. "test_whole_guide"
    test_name: str  # pytest's item name, with parameters: "test_whole_guide[chromium]"
    nodeid: str
    summary: str  # first line of its docstring
    selector: str  # the nodeid with an absolute path: selects it from any working directory

    def matches(self, wanted: str) -> bool:
        base = self.test_name.partition("[")[0]
        names = (self.name, self.test_name, base, base.removeprefix("test_"), self.nodeid)
        return wanted in names


class _Collector:
    def __init__(self) -> None:
        self.scenarios: list[Scenario] = []

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        from e2e.report.recorder import scenario_info  # noqa: PLC0415  (see TYPE_CHECKING)

        for item in session.items:
            info = scenario_info(item)
            name, summary = str(info["name"]), str(info["summary"])
            path, _, rest = item.nodeid.partition("::")
            selector = f"{session.config.rootpath / path}::{rest}"
            self.scenarios.append(Scenario(name, item.name, item.nodeid, summary, selector))


def collect_scenarios(directory: Path = SCENARIOS_DIR) -> list[Scenario]:
    import pytest  # noqa: PLC0415  (see TYPE_CHECKING)

    if not directory.is_dir():
        raise CatalogError(f"no scenarios folder at {directory}")
    collector = _Collector()
    output = io.StringIO()
    args = [
        *IN_PROCESS_PYTEST_ARGS,
        *("--collect-only", "-q", "-m", "guide", "-p", "no:cacheprovider", "-p", "no:randomly"),
        # Its end runs five full garbage collections of the whole process, for a listing
        # that ran no test: 0.3 s a listing inside a test worker, whose heap is large.
        *("-p", "no:unraisableexception"),
        str(directory),
    ]
    with contextlib.redirect_stdout(output):
        code = pytest.main(args, plugins=[collector])
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        raise CatalogError(f"collecting the scenarios failed:\n{output.getvalue().strip()}")
    return collector.scenarios


def select(scenarios: list[Scenario], names: list[str]) -> list[Scenario]:
    """The scenarios ``names`` ask for, in the order asked; a clear error for unknown names."""
    chosen: list[Scenario] = []
    unknown: list[str] = []
    for name in names:
        found = [scenario for scenario in scenarios if scenario.matches(name)]
        if not found:
            unknown.append(name)
        chosen.extend(scenario for scenario in found if scenario not in chosen)
    if unknown:
        known = ", ".join(scenario.name for scenario in scenarios) or "(none found)"
        plural = "s" if len(unknown) > 1 else ""
        raise CatalogError(
            f"unknown scenario{plural}: {', '.join(unknown)}. Known scenarios: {known}"
        )
    return chosen
