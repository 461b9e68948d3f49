"""Run the project's own commands (``keyflow``, ``pytest``) as subprocesses and time them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sysconfig
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.figures import BenchError, NotAvailableError

__all__ = ["ROOT", "CommandRun", "find_command", "require_command", "run_timed"]

ROOT = Path(__file__).resolve().parents[1]
PROBE_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class CommandRun:
    elapsed_s: float
    returncode: int
    stderr_tail: str
    stdout: str = ""


def find_command(name: str) -> str | None:
    """The venv's own script first (the venv may not be on PATH), then PATH."""
    beside_python = Path(sysconfig.get_path("scripts")) / name
    if beside_python.is_file() and os.access(beside_python, os.X_OK):
        return str(beside_python)
    return shutil.which(name)


def require_command(name: str, *subcommand: str) -> list[str]:
    """``[path, *subcommand]`` once ``name subcommand --help`` works, else NotAvailableError."""
    found = find_command(name)
    shown = " ".join([name, *subcommand])
    if found is None:
        raise NotAvailableError(f"`{name}` is not installed")
    try:
        # The project's own command, found in its venv or on PATH.
        probe = subprocess.run(  # noqa: S603
            [found, *subcommand, "--help"],
            capture_output=True,
            timeout=PROBE_TIMEOUT_S,
            check=False,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"`{shown} --help` did not answer in {PROBE_TIMEOUT_S:.0f} s") from None
    if probe.returncode != 0:
        raise NotAvailableError(f"`{shown}` does not exist yet")
    return [found, *subcommand]


def _tail(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""


def run_timed(
    command: Sequence[str],
    *,
    timeout_s: float,
    cwd: Path = ROOT,
    env: Mapping[str, str] | None = None,
) -> CommandRun:
    """Run ``command`` in ``cwd`` (the repository), output captured (never echoed), timed."""
    started = time.perf_counter()
    try:
        result = subprocess.run(  # noqa: S603  (the project's own commands)
            list(command),
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=False,
            cwd=cwd,
            env=None if env is None else dict(env),
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"`{' '.join(command)}` ran past {timeout_s:.0f} s") from None
    elapsed = time.perf_counter() - started
    return CommandRun(elapsed, result.returncode, _tail(result.stderr), result.stdout)
