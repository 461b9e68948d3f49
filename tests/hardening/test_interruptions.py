"""Ctrl-C or SIGTERM mid-run leaves no process behind and no port bound, within 2 seconds.

Each command runs in its own process group. Ctrl-C is sent as a terminal sends it, to the
whole group; SIGTERM as ``kill`` sends it, to the command alone. Before the signal the test
records every descendant (Chromium runs in a session of its own, so a group signal never
reaches it) and every port the tree listens on.
"""

from __future__ import annotations

import contextlib
import os
import queue
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from fixtures.interruptions import descendant_pids

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
START_TIMEOUT_S = 180.0  # a loaded shared machine; only the stop has a tight bound
STOP_DEADLINE_S = 2.0
POLL_S = 0.05

STOPS = [
    pytest.param(signal.SIGINT, True, id="ctrl-c-to-the-group"),
    pytest.param(signal.SIGTERM, False, id="sigterm-to-the-command"),
]


def _listening_ports(pids: list[int]) -> set[int]:
    inodes: set[str] = set()
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").glob("*"):
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[len("socket:[") : -1])
    ports: set[int] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            fields = row.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                ports.add(int(fields[1].rpartition(":")[2], 16))
    return ports


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _alive(pids: list[int]) -> list[str]:
    left = []
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        if stat.rpartition(")")[2].split()[0] not in {"Z", "X"}:
            left.append(f"{pid} {_cmdline(pid)[:120]}")
    return left


def _wait_exited(pids: list[int], deadline: float) -> None:
    """Wait on each process's pidfd (readable once it has exited) until ``deadline``."""
    for pid in pids:
        try:
            handle = os.pidfd_open(pid)
        except OSError:
            continue
        try:
            select.select([handle], [], [], max(0.0, deadline - time.monotonic()))
        finally:
            os.close(handle)


def _environ(pid: int) -> dict[str, str]:
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace")
    except OSError:
        return {}
    return dict(entry.partition("=")[::2] for entry in raw.split("\0") if entry)


@dataclass
class Snapshot:
    tree: list[int]
    ports: set[int]
    profiles: list[Path]
    scratch: list[Path]  # the run's own TMPDIR of each Playwright driver


class Command:
    """A command in its own process group, its output read line by line."""

    def __init__(self, argv: list[str], cwd: Path) -> None:
        self.process = subprocess.Popen(
            argv,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            process_group=0,
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._pump, daemon=True)
        self._reader.start()
        # pidfds, not pids: a pid of this tree may be reused by another process (say,
        # this worker's own Playwright driver) by the time the test cleans up.
        self.seen: list[int] = []

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for_line(self, wanted: Callable[[str], bool]) -> str:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            if line is None:
                raise AssertionError("exited early:\n" + "\n".join(self.lines))
            self.lines.append(line)
            if wanted(line):
                return line
        raise AssertionError("never saw the line:\n" + "\n".join(self.lines))

    def wait_for_tree(self, ready: Callable[[list[int]], bool]) -> None:
        """Until ``ready(descendants)``; the pause between looks is a wait on the exit."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while not ready(descendant_pids(self.process.pid)):
            if time.monotonic() > deadline:
                raise AssertionError("the browser never started")
            with pytest.raises(subprocess.TimeoutExpired):
                self.process.wait(timeout=POLL_S)

    def snapshot(self) -> Snapshot:
        tree = descendant_pids(self.process.pid)
        for pid in tree:
            with contextlib.suppress(OSError):
                self.seen.append(os.pidfd_open(pid))
        profiles = [
            Path(argument.removeprefix("--user-data-dir="))
            for pid in tree
            for argument in _cmdline(pid).split()
            if argument.startswith("--user-data-dir=")
        ]
        scratch = [
            Path(_environ(pid)["TMPDIR"])
            for pid in tree
            if "run-driver" in _cmdline(pid) and "TMPDIR" in _environ(pid)
        ]
        return Snapshot(tree, _listening_ports([self.process.pid, *tree]), profiles, scratch)

    def interrupt(self, sig: signal.Signals, whole_group: bool) -> tuple[int, float]:
        started = time.monotonic()
        if whole_group:
            os.killpg(self.process.pid, sig)
        else:
            self.process.send_signal(sig)
        code = self.process.wait(timeout=STOP_DEADLINE_S)
        return code, started + STOP_DEADLINE_S

    def rest_of_output(self) -> str:
        while (line := self._queue.get(timeout=START_TIMEOUT_S)) is not None:
            self.lines.append(line)
        return "\n".join(self.lines)

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        # Chromium's own session is out of the group's reach.
        for handle in self.seen:
            with contextlib.suppress(OSError):
                signal.pidfd_send_signal(handle, signal.SIGKILL)
            os.close(handle)
        self.seen.clear()
        self.process.wait()
        self._reader.join(START_TIMEOUT_S)
        if self.process.stdout is not None:
            self.process.stdout.close()


@pytest.fixture
def launch(tmp_path: Path) -> Iterator[Callable[..., Command]]:
    started: list[Command] = []

    def start(*argv: str, cwd: Path = tmp_path) -> Command:
        started.append(Command(list(argv), cwd))
        return started[-1]

    yield start
    for command in started:
        command.close()


def _assert_all_stopped(command: Command, before: Snapshot, deadline: float) -> str:
    _wait_exited(before.tree, deadline)
    assert _alive(before.tree) == []
    for port in sorted(before.ports):
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still answers"
    assert [profile for profile in before.profiles if profile.exists()] == []
    assert [folder for folder in before.scratch if folder.exists()] == []
    return command.rest_of_output()


def _has_browser(tree: list[int]) -> bool:
    return any("--type=renderer" in _cmdline(pid) for pid in tree)


@pytest.mark.browser
@pytest.mark.parametrize(("sig", "whole_group"), STOPS)
def test_keyflow_run_mid_guide(
    sig: signal.Signals, whole_group: bool, launch: Callable[..., Command], tmp_path: Path
) -> None:
    command = launch(str(BIN / "keyflow"), "run", "--report", str(tmp_path / "report"))
    command.wait_for_line(lambda line: "step 3/11" in line)
    before = command.snapshot()
    assert _has_browser(before.tree)
    assert len(before.ports) >= 2  # both mocks

    code, deadline = command.interrupt(sig, whole_group)

    output = _assert_all_stopped(command, before, deadline)
    assert code == 128 + sig
    assert f"interrupted by {sig.name}" in output
    assert "Traceback" not in output


@pytest.mark.browser
@pytest.mark.parametrize("workers", [None, 2], ids=["one-process", "xdist"])
@pytest.mark.parametrize(("sig", "whole_group"), STOPS)
def test_pytest_mid_scenarios(
    sig: signal.Signals,
    whole_group: bool,
    workers: int | None,
    launch: Callable[..., Command],
    tmp_path: Path,
) -> None:
    # The scenarios' folder, not the whole suite: collecting 1,100 tests to select eleven
    # took longer than starting the browsers, and the stop is the same.
    argv = [str(BIN / "pytest"), "-m", "guide", "-p", "no:cacheprovider", "-q", "e2e/scenarios"]
    argv += ["--output", str(tmp_path / "results")]
    if workers:
        argv += ["-n", str(workers)]
    command = launch(*argv, cwd=ROOT)
    wanted_browsers = workers or 1

    def browsers_up(tree: list[int]) -> bool:
        drivers = [pid for pid in tree if "run-driver" in _cmdline(pid)]
        ready = [pid for pid in drivers if _has_browser(descendant_pids(pid))]
        return len(ready) >= wanted_browsers

    command.wait_for_tree(browsers_up)
    before = command.snapshot()
    assert len(before.ports) >= 2 * wanted_browsers  # both mocks, in each worker

    # Each driver makes its profiles in the run's scratch folder, which the stop removes
    # whoever stopped first (a terminal's Ctrl-C reaches the drivers too).
    assert len(before.scratch) == wanted_browsers
    assert all(profile.is_relative_to(before.scratch[0].parent) for profile in before.profiles)

    code, deadline = command.interrupt(sig, whole_group)

    output = _assert_all_stopped(command, before, deadline)
    assert code != 0
    assert "Traceback" not in output


@pytest.mark.parametrize(("sig", "whole_group"), STOPS)
def test_keyflow_serve(
    sig: signal.Signals, whole_group: bool, launch: Callable[..., Command]
) -> None:
    command = launch(str(BIN / "keyflow"), "serve")
    command.wait_for_line(lambda line: line.startswith("login: "))
    before = command.snapshot()
    kraken, altrady = (int(line.rpartition(":")[2]) for line in command.lines[:2])
    assert {kraken, altrady} <= before.ports

    code, deadline = command.interrupt(sig, whole_group)

    output = _assert_all_stopped(command, before, deadline)
    assert code == 0
    assert "keyflow serve: stopped" in output
    assert "Traceback" not in output
