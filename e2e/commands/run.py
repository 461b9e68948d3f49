"""``keyflow run``: walk the guide in a browser with live step progress and the report."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from e2e.commands.catalog import IN_PROCESS_PYTEST_ARGS, SCENARIOS_DIR, add_scenarios_dir_option

__all__ = [
    "DEFAULT_SCENARIO",
    "RERUN_DIR",
    "add_parser",
    "default_selector",
    "pytest_args",
    "rerun_args",
    "rerun_output",
    "run",
]

DEFAULT_SCENARIO = "test_whole_guide"
# Inside the report folder: the traced second run's artifacts (see e2e.commands.traced_rerun).
RERUN_DIR = "traced-rerun"


def default_selector(scenarios_dir: Path) -> str | None:
    """The whole guide's pytest selector, without collecting the scenarios first.

    Resolving a name collects every scenario in a pytest session of its own (0.15 to 0.6 s
    of a 8 s run) before the run's session collects again; the project's own whole guide
    needs no resolving. None for any other folder, or if the file is not there.
    """
    if scenarios_dir.resolve() != SCENARIOS_DIR:
        return None
    path = SCENARIOS_DIR / f"{DEFAULT_SCENARIO}.py"
    return f"{path}::{DEFAULT_SCENARIO}" if path.is_file() else None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "run",
        help="run guide scenarios in a browser",
        description=(
            "Run guide scenarios (default: the whole guide) with pytest, showing each step "
            "as it finishes, and write the step report. A scenario that fails is run once "
            "more with a Playwright trace, for the report; its failure stands. Arguments "
            "after `--` go to pytest (`-- --tracing on` traces the run itself instead)."
        ),
    )
    parser.add_argument("scenarios", nargs="*", metavar="SCENARIO", help="see `keyflow scenarios`")
    parser.add_argument("--headed", action="store_true", help="show the browser")
    parser.add_argument("--slowmo", type=int, default=0, metavar="MS", help="slow each action")
    parser.add_argument(
        "--report", type=Path, default=None, metavar="DIR", help="report folder (default: config)"
    )
    parser.add_argument(
        "--connect",
        metavar="WS_URL",
        default=None,
        help="use the browser of a Playwright browser server (`playwright run-server`)",
    )
    parser.add_argument(
        "--mock-host",
        metavar="HOST",
        default=None,
        help=(
            "address the mocks listen on and the browser opens them at (default loopback; "
            "with --connect to another machine, an address of this one it can reach)"
        ),
    )
    parser.add_argument(
        "--video",
        choices=("on", "retain-on-failure"),
        default=None,
        help="record each tab's video (the report links them); ffmpeg: `python -m e2e.ffmpeg`",
    )
    parser.add_argument(
        "--kraken-url",
        metavar="URL",
        default=None,
        help="run against this Kraken mock, already running (`keyflow serve`); with --altrady-url",
    )
    parser.add_argument(
        "--altrady-url",
        metavar="URL",
        default=None,
        help="the Altrady mock already running beside --kraken-url",
    )
    parser.add_argument("-n", type=_positive, default=None, metavar="N", help="parallel workers")
    add_scenarios_dir_option(parser)
    parser.set_defaults(handler=run)


def _browser_and_mocks(args: argparse.Namespace) -> list[str]:
    """The options that pick the browser and the mocks, the same for both sessions."""
    command: list[str] = []
    if args.headed:
        command.append("--headed")
    if args.slowmo:
        command += ["--slowmo", str(args.slowmo)]
    if args.connect:
        command += ["--keyflow-connect", args.connect]
    if args.mock_host:
        command += ["--keyflow-mock-host", args.mock_host]
    if args.kraken_url:
        command += ["--kraken-url", args.kraken_url]
    if args.altrady_url:
        command += ["--altrady-url", args.altrady_url]
    return command


def _session(nodeids: list[str]) -> list[str]:
    """What both sessions start with: keyflow's plugins, the tests, one line per test."""
    return [*IN_PROCESS_PYTEST_ARGS, *nodeids, "-q", "-o", "console_output_style=classic"]


def rerun_output(report_dir: Path) -> Path:
    """The traced second run's ``--output``: where its trace is looked for."""
    return Path(report_dir) / RERUN_DIR / "artifacts"


def pytest_args(args: argparse.Namespace, nodeids: list[str], report_dir: Path) -> list[str]:
    """The run's session: untraced (see ``e2e.commands.traced_rerun``), with its report."""
    command = [
        *_session(nodeids),
        *("--tracing", "off"),
        *("--output", str(report_dir / "artifacts")),
        *("--junitxml", str(report_dir / "junit.xml")),
        *("--keyflow-report", str(report_dir)),
        *_browser_and_mocks(args),
    ]
    if args.n:
        command += ["-n", str(args.n)]
    if args.video:
        command += ["--video", args.video]
    return [*command, *args.pytest_args]


def rerun_args(args: argparse.Namespace, nodeids: list[str], report_dir: Path) -> list[str]:
    """The second session, for the failed scenarios: traced, in one process, no report."""
    return [
        *_session(nodeids),
        *("--tracing", "retain-on-failure"),
        *("--output", str(rerun_output(report_dir))),
        # The first run printed the failures in full; this one says only how it ended.
        *("--tb=no", "-rN"),
        *_browser_and_mocks(args),
        *args.pytest_args,
    ]


def run(args: argparse.Namespace) -> int:
    # Imported here, not at the top: `keyflow run --help` needs none of them.
    import pytest  # noqa: PLC0415

    from e2e.commands.catalog import CatalogError, collect_scenarios, select  # noqa: PLC0415
    from e2e.commands.traced_rerun import (  # noqa: PLC0415
        FirstRun,
        RerunResults,
        run_traced_again,
        traced_rerun_wanted,
    )
    from e2e.config import ConfigError, load_config  # noqa: PLC0415
    from e2e.report.progress import LiveProgress  # noqa: PLC0415

    try:
        report_dir = args.report or load_config().artifacts.report_dir
        default = None if args.scenarios else default_selector(args.scenarios_dir)
        if default is not None:
            selectors = [default]
        else:
            names = args.scenarios or [DEFAULT_SCENARIO]
            selectors = [s.selector for s in select(collect_scenarios(args.scenarios_dir), names)]
    except (CatalogError, ConfigError) as exc:
        print(f"keyflow run: {exc}", file=sys.stderr)
        return 2
    shutil.rmtree(Path(report_dir) / RERUN_DIR, ignore_errors=True)  # an older run's
    first = FirstRun()
    code = int(
        pytest.main(pytest_args(args, selectors, report_dir), plugins=[LiveProgress(), first])
    )
    if code != pytest.ExitCode.TESTS_FAILED or not traced_rerun_wanted(args.pytest_args):
        return code

    def run_again(nodeids: list[str], results: RerunResults) -> int:
        return int(
            pytest.main(rerun_args(args, nodeids, report_dir), plugins=[LiveProgress(), results])
        )

    again = run_traced_again(first, rerun_output(report_dir), run_again, print)
    # Interrupted while it ran again: say so; the first run's failure stands otherwise.
    return int(pytest.ExitCode.INTERRUPTED) if again == pytest.ExitCode.INTERRUPTED else code
