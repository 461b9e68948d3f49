"""``keyflow serve``, ``keyflow scenarios`` and ``keyflow run``'s refusals, as a user runs them."""

from __future__ import annotations

import gc
import json
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from pathlib import Path

import httpx
import pytest

from benchmarks.plain_walk import parse_served
from e2e import cli
from e2e.cli import build_parser, main
from e2e.commands.catalog import SCENARIOS_DIR, collect_scenarios
from e2e.commands.run import (
    DEFAULT_SCENARIO,
    RERUN_DIR,
    default_selector,
    pytest_args,
    rerun_args,
)
from tests.scenario_folders import write_scenarios

# `keyflow scenarios` and `keyflow run`'s refusals run pytest in-process (`pytest.main`), so
# they are tested in-process too, under `pytester`: it restores `sys.modules`, `sys.path` and
# the working directory afterwards, as a separate `keyflow` process would leave them. That
# the `keyflow` command itself starts is shown by the `serve` tests, in real processes.
pytest_plugins = ["pytester"]

KEYFLOW = str(Path(sys.executable).with_name("keyflow"))
LINE_TIMEOUT_S = 30.0  # a loaded CI machine; a healthy start takes well under a second


class Served:
    """A running ``keyflow serve``: its output line by line, each with a bounded wait."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [KEYFLOW, "serve", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._pump, daemon=True)
        self._reader.start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def next_line(self) -> str:
        line = self._lines.get(timeout=LINE_TIMEOUT_S)
        if line is None:
            raise EOFError("keyflow serve closed its output")
        return line

    def stop(self, stop_signal: signal.Signals = signal.SIGTERM) -> tuple[int, list[str], str]:
        """Send ``stop_signal``; return the exit code, the lines left and stderr."""
        self.process.send_signal(stop_signal)
        code = self.process.wait(timeout=2)
        rest: list[str] = []
        while (line := self._lines.get(timeout=LINE_TIMEOUT_S)) is not None:
            rest.append(line)
        assert self.process.stderr is not None
        return code, rest, self.process.stderr.read()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._reader.join(LINE_TIMEOUT_S)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def serve() -> Iterator[Callable[..., Served]]:
    started: list[Served] = []

    def start(*args: str) -> Served:
        started.append(Served(*args))
        return started[-1]

    yield start
    for served in started:
        served.close()


def _port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def _refused(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_serve_prints_one_line_per_server_and_a_login_then_stops_cleanly(
    stop_signal: signal.Signals, serve: Callable[..., Served]
) -> None:
    served = serve("--seed", "3")
    kraken, altrady = served.next_line(), served.next_line()
    kraken_ws, kraken_ws_auth, login = served.next_line(), served.next_line(), served.next_line()
    assert re.fullmatch(r"kraken http://127\.0\.0\.1:\d+", kraken)
    assert re.fullmatch(r"altrady http://127\.0\.0\.1:\d+", altrady)
    assert re.fullmatch(r"kraken-ws ws://127\.0\.0\.1:\d+/v2", kraken_ws)
    assert re.fullmatch(r"kraken-ws-auth ws://127\.0\.0\.1:\d+/v2", kraken_ws_auth)
    match = re.fullmatch(r"login: (\S+@\S+) / (\S+)", login)
    assert match, login
    kraken_url, altrady_url = kraken.split()[1], altrady.split()[1]
    # The benchmark's plain Playwright walk reads these lines on its own.
    baseline = parse_served([kraken, altrady, kraken_ws, kraken_ws_auth, login])
    assert (baseline.kraken_url, baseline.altrady_url) == (kraken_url, altrady_url)
    assert httpx.get(kraken_url + "/_mock/health").json()["service"] == "kraken"
    session = httpx.post(
        altrady_url + "/api/session", json={"email": match[1], "password": match[2]}
    )
    assert session.status_code == 200, session.text

    code, rest, err = served.stop(stop_signal)
    assert code == 0
    assert rest == []  # exactly the five lines
    assert "stopped" in err
    assert _refused(_port_of(kraken_url))
    assert _refused(_port_of(altrady_url))
    assert _refused(_port_of(kraken_ws.split()[1].removesuffix("/v2")))
    assert _refused(_port_of(kraken_ws_auth.split()[1].removesuffix("/v2")))


def test_serve_on_a_taken_port_says_so(serve: Callable[..., Served]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        served = serve("--kraken-port", str(taken.getsockname()[1]))
        code = served.process.wait(timeout=LINE_TIMEOUT_S)
    assert code == 1
    assert served.process.stderr is not None
    err = served.process.stderr.read()
    assert "cannot bind" in err
    assert "Traceback" not in err


def test_serve_warns_when_reachable_from_the_network(serve: Callable[..., Served]) -> None:
    served = serve("--host", "0.0.0.0")
    assert served.next_line().startswith("kraken http://0.0.0.0:")
    assert served.next_line().startswith("altrady http://0.0.0.0:")
    assert served.next_line().startswith("kraken-ws ws://0.0.0.0:")
    assert served.next_line().startswith("kraken-ws-auth ws://0.0.0.0:")
    assert served.next_line().startswith("login: ")
    code, _, err = served.stop()
    assert code == 0
    assert "reachable from the network" in err


def _python(script: str) -> subprocess.CompletedProcess[str]:
    """``script`` in a Python process of its own, with a bound on how long it may take."""
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=LINE_TIMEOUT_S,
        check=False,
    )


# `keyflow` with a Ctrl-C that lands before the command has taken the signals over, as one
# does while `keyflow run` loads pytest's plugins: deterministic here, by a command that
# raises it.
CTRL_C_AT_START = """
import sys
from e2e import cli

def interrupted(argv=None):
    raise KeyboardInterrupt

cli.main = interrupted
sys.exit(cli.run_command())
"""


def test_a_ctrl_c_before_a_command_takes_the_signals_is_a_stop_not_a_traceback() -> None:
    stopped = _python(CTRL_C_AT_START)
    assert (stopped.returncode, stopped.stderr) == (
        128 + signal.SIGINT,
        "keyflow: interrupted by SIGINT\n",
    )


# Raises SIGTERM at every line of Python the wait runs, so a stop also comes while the
# wait is in the middle of its own work.
STOP_AT_EVERY_LINE = """
import signal, sys
from e2e.commands.serve import stop_signals

def at_every_line(frame, event, arg):
    if event == "line":
        signal.raise_signal(signal.SIGTERM)
    return at_every_line

with stop_signals() as wait_for_a_stop:
    sys.settrace(at_every_line)
    wait_for_a_stop()
    sys.settrace(None)
print("stopped")
"""


def test_a_stop_ends_serves_wait_whenever_it_comes() -> None:
    """``keyflow serve`` once waited on a ``threading.Event`` its signal handler set: a stop
    that came while the wait held the event's lock waited for that lock forever (1 of 20
    stops sent as it printed its login; it ignored every later one)."""
    stopped = _python(STOP_AT_EVERY_LINE)
    assert (stopped.returncode, stopped.stdout) == (0, "stopped\n"), stopped.stderr


@pytest.mark.parametrize("bad", ["70000", "-1", "http"])
def test_serve_refuses_a_bad_port(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--kraken-port", bad])
    assert exited.value.code == 2
    assert "--kraken-port" in capsys.readouterr().err


SCENARIOS = '''
import pytest


@pytest.mark.guide
def test_whole_guide() -> None:
    """Walk the whole guide with two keys.

    More words that the listing leaves out.
    """


@pytest.mark.guide
@pytest.mark.parametrize("keys", [1, 3])
def test_grid_bot(keys: int) -> None:
    """A grid bot burst on one key versus three."""


def test_helper_not_a_scenario() -> None:
    """Not marked guide."""
'''


@pytest.fixture
def scenarios_dir(pytester: pytest.Pytester) -> Path:
    return write_scenarios(
        pytester.path / "scenarios", {"test_listing.py": SCENARIOS}, "filterwarnings = error"
    )


def _keyflow(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``keyflow ARGS`` in this process: its exit code, its output and its errors."""
    capsys.readouterr()
    code = main(list(args))
    printed = capsys.readouterr()
    return code, printed.out, printed.err


def test_scenarios_lists_names_and_first_doc_lines(
    scenarios_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _keyflow(capsys, "scenarios", "--scenarios-dir", str(scenarios_dir))
    assert code == 0, err
    assert out.splitlines() == [
        "test_whole_guide  Walk the whole guide with two keys.",
        "test_grid_bot[1]  A grid bot burst on one key versus three.",
        "test_grid_bot[3]  A grid bot burst on one key versus three.",
    ]


def test_scenarios_lists_the_projects_own(
    pytester: pytest.Pytester, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _keyflow(capsys, "scenarios")  # from pytester's folder, not the project's
    assert code == 0, err
    listed = out.splitlines()
    assert "test_whole_guide" in {line.split()[0] for line in listed}
    for line in listed:
        assert re.fullmatch(r"test_\w+(\[[^\]]+\])? +\S.*", line), line


def test_scenarios_reports_a_broken_scenario_file(
    scenarios_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (scenarios_dir / "test_broken.py").write_text("import no_such_module\n")
    code, _, err = _keyflow(capsys, "scenarios", "--scenarios-dir", str(scenarios_dir))
    assert code == 1
    assert "no_such_module" in err


def test_run_with_an_unknown_name_lists_the_known_ones(
    scenarios_dir: Path, pytester: pytest.Pytester, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _keyflow(capsys, "run", "no_such", "--scenarios-dir", str(scenarios_dir))
    assert code == 2
    assert err.strip() == (
        "keyflow run: unknown scenario: no_such. Known scenarios: "
        "test_whole_guide, test_grid_bot[1], test_grid_bot[3]"
    )
    assert not (pytester.path / "keyflow-report").exists()


TEST_A = "/p/test_a.py::test_a"
# Both sessions print one line per test, with the live step lines between them.
QUIET_CLASSIC = ["-q", "-o", "console_output_style=classic"]


def test_run_args_turn_on_junit_and_the_report_and_leave_the_trace_to_a_rerun(
    tmp_path: Path,
) -> None:
    args = build_parser().parse_args(
        ["run", "whole_guide", "--headed", "--slowmo", "250", "-n", "2"]
    )
    args.pytest_args = ["-x"]
    command = pytest_args(args, [TEST_A], tmp_path / "r")
    assert command[command.index(TEST_A) :] == [
        TEST_A,
        *QUIET_CLASSIC,
        "--tracing",
        "off",
        "--output",
        str(tmp_path / "r" / "artifacts"),
        "--junitxml",
        str(tmp_path / "r" / "junit.xml"),
        "--keyflow-report",
        str(tmp_path / "r"),
        "--headed",
        "--slowmo",
        "250",
        "-n",
        "2",
        "-x",
    ]


def test_the_rerun_of_failures_is_traced_in_one_process_beside_the_report(
    tmp_path: Path,
) -> None:
    args = build_parser().parse_args(
        ["run", "--headed", "-n", "2", "--video", "on", "--kraken-url", "http://k:1"]
    )
    args.pytest_args = ["-x"]
    command = rerun_args(args, [TEST_A], tmp_path / "r")
    assert command[command.index(TEST_A) :] == [
        TEST_A,
        *QUIET_CLASSIC,
        "--tracing",
        "retain-on-failure",
        "--output",
        str(tmp_path / "r" / RERUN_DIR / "artifacts"),
        "--tb=no",
        "-rN",
        "--headed",
        "--kraken-url",
        "http://k:1",
        "-x",
    ]


def test_run_passes_a_remote_browser_and_the_mock_host_to_pytest(tmp_path: Path) -> None:
    args = build_parser().parse_args(
        ["run", "--connect", "ws://browsers:3000/", "--mock-host", "10.0.0.5"]
    )
    args.pytest_args = []
    command = pytest_args(args, ["/p/test_a.py::test_a"], tmp_path / "r")
    assert command[-4:] == [
        "--keyflow-connect",
        "ws://browsers:3000/",
        "--keyflow-mock-host",
        "10.0.0.5",
    ]


def test_run_passes_video_and_running_mocks_to_pytest(tmp_path: Path) -> None:
    args = build_parser().parse_args(
        [
            "run",
            "--video",
            "retain-on-failure",
            "--kraken-url",
            "http://127.0.0.1:8001",
            "--altrady-url",
            "http://127.0.0.1:8002",
        ]
    )
    args.pytest_args = []
    command = pytest_args(args, ["/p/test_a.py::test_a"], tmp_path / "r")
    assert command[-6:] == [
        "--kraken-url",
        "http://127.0.0.1:8001",
        "--altrady-url",
        "http://127.0.0.1:8002",
        "--video",
        "retain-on-failure",
    ]


def test_only_run_takes_pytest_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["scenarios", "--", "-x"])
    assert exited.value.code == 2
    assert "only `keyflow run`" in capsys.readouterr().err


def test_a_command_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([])
    assert exited.value.code == 2
    assert "COMMAND" in capsys.readouterr().err


def test_the_overview_says_what_the_commands_themselves_say() -> None:
    assert build_parser(overview=True).format_help() == build_parser().format_help()


# What each command's start-up must not load: pytest, the browser's client, the mocks.
HEAVY = ("pytest", "playwright", "fixtures.servers", "mocks", "starlette", "pydantic")


@pytest.mark.parametrize(
    "argv", [["--help"], ["run", "--help"], ["scenarios", "--help"], ["serve", "--help"]]
)
def test_a_commands_help_imports_none_of_the_heavy_packages(argv: list[str]) -> None:
    probe = (
        "import contextlib, json, sys\n"
        "from e2e.cli import main\n"
        "with contextlib.redirect_stdout(None), contextlib.suppress(SystemExit):\n"
        f"    main({argv!r})\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(done.stdout) == []


def test_run_without_names_selects_the_whole_guide_without_collecting(
    pytester: pytest.Pytester,
) -> None:
    # `keyflow run` alone skips the collection that resolves names: the selector it uses
    # instead must name the very test collection finds (all its browsers' parameters).
    (whole,) = [s for s in collect_scenarios() if s.name == DEFAULT_SCENARIO]
    assert default_selector(SCENARIOS_DIR) == whole.selector.partition("[")[0]
    assert default_selector(pytester.path) is None  # another folder: names are resolved


def test_the_keyflow_command_ends_without_collecting_what_it_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (script,) = [ep for ep in entry_points(group="console_scripts") if ep.name == "keyflow"]
    assert script.value == "e2e.cli:run_command"
    monkeypatch.setattr(cli, "main", lambda: 3)
    try:
        assert cli.run_command() == 3
        assert gc.get_freeze_count() > 0  # the exit's collection skips all of it
    finally:
        gc.unfreeze()
