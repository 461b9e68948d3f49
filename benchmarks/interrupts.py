"""Ctrl-C and SIGTERM to ``keyflow run`` and ``keyflow serve``, the other core busy: N of 20 clean.

    python benchmarks/interrupts.py [--tries 20]

Each try starts a command, waits until it prints its ready line, records every process
below it, then sends SIGINT (Ctrl-C, to the command alone, not its group) or SIGTERM and
counts the try as clean when every one of those processes, the command included, has
exited within 2 s. ``keyflow run`` (the whole guide) is stopped at step 3, with the browser
and both mocks up; ``keyflow serve`` the moment it prints its login, as someone who started
it by mistake stops it (a stop at that moment once hung it for good). A process that spins
on one core runs throughout: a busy machine is where a stop used to leave Chromium behind.
Every loop here is bounded in count and in time; whatever a try leaves is killed after it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import queue
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in {None, ""}:  # run as a script: the repository's root on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.commands import ROOT, require_command
from benchmarks.figures import BenchError, Figure, Target
from fixtures.interruptions import descendant_pids

__all__ = [
    "DEFAULT_TRIES",
    "STOP_DEADLINE_S",
    "Stoppable",
    "Try",
    "main",
    "measure_interrupts",
    "one_try",
]

DEFAULT_TRIES = 20
MAX_TRIES = 100
STOP_DEADLINE_S = 2.0
START_TIMEOUT_S = 180.0
BUSY_LIMIT_S = 3600.0
READY_LINE = "step 3/11"
SIGNALS = {"Ctrl-C (SIGINT)": signal.SIGINT, "SIGTERM": signal.SIGTERM}


@dataclass(frozen=True)
class Stoppable:
    """A command to stop, and what it prints once it is worth stopping."""

    name: str
    argv: tuple[str, ...]
    ready: str


def _stoppables(report: Path) -> list[Stoppable]:
    return [
        Stoppable(
            "keyflow run mid-guide",
            (*require_command("keyflow", "run"), "--report", str(report)),
            READY_LINE,
        ),
        Stoppable(
            "keyflow serve at its login", tuple(require_command("keyflow", "serve")), "login: "
        ),
    ]


BUSY_LOOP = (
    "import time\n"
    f"end = time.monotonic() + {BUSY_LIMIT_S}\n"
    "while time.monotonic() < end:\n"
    "    pass\n"
)


@dataclass(frozen=True)
class Try:
    signal_name: str
    clean: bool
    exit_code: int | None
    left: tuple[str, ...]  # what still ran 2 s after the signal


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:100]
    except OSError:
        return ""


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] not in {"Z", "X"}


@contextlib.contextmanager
def busy_core() -> Iterator[None]:
    """One process keeping a core busy (bounded by BUSY_LIMIT_S), stopped on the way out."""
    busy = subprocess.Popen([sys.executable, "-c", BUSY_LOOP])  # noqa: S603
    try:
        yield
    finally:
        busy.kill()
        busy.wait()


def _pump(stream: object, lines: queue.Queue[str | None]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        lines.put(str(line))
    lines.put(None)


def _wait_for_line(lines: queue.Queue[str | None], wanted: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if line is None:
            raise BenchError(f"the command exited before it printed {wanted!r}")
        if wanted in line:
            return
    raise BenchError(f"the command never printed {wanted!r} in {START_TIMEOUT_S:.0f} s")


def one_try(command: Sequence[str], sig: signal.Signals, name: str, ready: str = READY_LINE) -> Try:
    process = subprocess.Popen(  # noqa: S603  (the project's own command)
        list(command),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        process_group=0,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    reader = threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True)
    reader.start()
    handles: list[int] = []
    try:
        _wait_for_line(lines, ready)
        tree = descendant_pids(process.pid)
        for pid in tree:
            with contextlib.suppress(OSError):
                handles.append(os.pidfd_open(pid))
        process.send_signal(sig)  # to the command alone, as the Ctrl-C was
        deadline = time.monotonic() + STOP_DEADLINE_S
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=STOP_DEADLINE_S)
        for handle in handles:
            select.select([handle], [], [], max(0.0, deadline - time.monotonic()))
        left = [f"{pid} {_cmdline(pid)}" for pid in tree if _running(pid)]
        if process.poll() is None:
            left.insert(0, f"{process.pid} the command itself")
        return Try(name, not left, process.returncode, tuple(left))
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        for handle in handles:  # Chromium runs in a session of its own
            with contextlib.suppress(OSError):
                signal.pidfd_send_signal(handle, signal.SIGKILL)
            os.close(handle)
        process.wait()
        reader.join(10)
        if process.stdout is not None:
            process.stdout.close()


def run_tries(tries: int, report: Path, *, say: bool = False) -> list[Try]:
    done: list[Try] = []
    with busy_core():
        for index in range(tries):
            for command in _stoppables(report):
                for signal_name, sig in SIGNALS.items():
                    name = f"{signal_name} to {command.name}"
                    outcome = one_try(command.argv, sig, name, command.ready)
                    done.append(outcome)
                    if say:
                        verdict = "clean" if outcome.clean else "LEFT " + "; ".join(outcome.left)
                        code = outcome.exit_code
                        print(f"try {index + 1}/{tries} {name}: exit {code}, {verdict}")
    return done


def clean_counts(done: Sequence[Try]) -> dict[str, tuple[int, int]]:
    """signal name -> (clean tries, tries)."""
    counts: dict[str, tuple[int, int]] = {}
    for outcome in done:
        clean, total = counts.get(outcome.signal_name, (0, 0))
        counts[outcome.signal_name] = (clean + outcome.clean, total + 1)
    return counts


def measure_interrupts(tries: int) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="bench-interrupts-") as scratch:
        done = run_tries(tries, Path(scratch) / "report")
    figures = []
    for name, (clean, total) in clean_counts(done).items():
        left = sorted({line for t in done if t.signal_name == name for line in t.left})
        figures.append(
            Figure(
                f"{name}, other core busy: nothing left after 2 s",
                clean,
                "tries",
                Target(">=", total),
                note=f"of {total}" + (f"; left: {left[0]}" if left else ""),
            )
        )
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="interrupts.py", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--tries", type=int, default=DEFAULT_TRIES, help="tries per command and signal"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.tries <= MAX_TRIES:
        parser.error(f"--tries must be between 1 and {MAX_TRIES}")
    with tempfile.TemporaryDirectory(prefix="interrupts-") as scratch:
        done = run_tries(args.tries, Path(scratch) / "report", say=True)
    for name, (clean, total) in clean_counts(done).items():
        print(f"{name}: nothing left running within {STOP_DEADLINE_S:g} s in {clean} of {total}")
    return 0 if all(t.clean for t in done) else 1


if __name__ == "__main__":
    sys.exit(main())
