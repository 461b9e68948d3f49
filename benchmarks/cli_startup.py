"""What starting the harness costs before any browser: the CLI and collecting one scenario.

Timed as a user runs them, whole processes, after one untimed run that writes the bytecode
(``__pycache__``, and pytest's rewritten test modules) as ``make`` lets Python do. The same
commands with ``PYTHONDONTWRITEBYTECODE=1`` on a tree with no bytecode (a fresh clone, as
CI has) are in the ``clone`` part: there every process parses the project again.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from benchmarks.commands import ROOT, find_command, run_timed
from benchmarks.figures import BenchError, Figure, NotAvailableError, Target, median

__all__ = ["STARTUP_COMMANDS", "STARTUP_TARGET", "measure_cli_startup", "startup_commands"]

STARTUP_TARGET = Target("<", 1.0)
TIMEOUT_S = 120.0
ONE_SCENARIO = "e2e/scenarios/test_whole_guide.py"

# label -> (argv after the interpreter's scripts folder, whether the 1 s target applies)
STARTUP_COMMANDS: dict[str, tuple[tuple[str, ...], bool]] = {
    "keyflow --help": (("keyflow", "--help"), False),
    "keyflow run --help": (("keyflow", "run", "--help"), True),
    "pytest: collect one scenario": (
        ("pytest", "--collect-only", "-q", "-p", "no:cacheprovider", ONE_SCENARIO),
        True,
    ),
}


def startup_commands(scripts: Path) -> dict[str, tuple[list[str], bool]]:
    """Each command with its program from ``scripts`` (a virtualenv's ``bin``)."""
    return {
        label: ([str(scripts / argv[0]), *argv[1:]], targeted)
        for label, (argv, targeted) in STARTUP_COMMANDS.items()
    }


def time_commands(
    commands: Mapping[str, tuple[list[str], bool]],
    runs: int,
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    warm_up: bool = True,
) -> dict[str, float]:
    """label -> median seconds over ``runs``, after one untimed run when ``warm_up``."""
    medians: dict[str, float] = {}
    for label, (argv, _) in commands.items():
        samples = []
        for index in range(runs + int(warm_up)):
            run = run_timed(argv, timeout_s=TIMEOUT_S, cwd=cwd, env=env)
            if run.returncode != 0:
                raise BenchError(f"`{label}` exited {run.returncode}: {run.stderr_tail}")
            if index or not warm_up:
                samples.append(run.elapsed_s)
        medians[label] = median(samples)
    return medians


def measure_cli_startup(runs: int) -> list[Figure]:
    keyflow = find_command("keyflow")
    if keyflow is None:
        raise NotAvailableError("`keyflow` is not installed")
    commands = startup_commands(Path(keyflow).parent)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    medians = time_commands(commands, runs, cwd=ROOT, env=env)
    interpreter = time_commands(
        {"python -c pass": ([sys.executable, "-c", "pass"], False)}, runs, cwd=ROOT, env=env
    )
    return [
        *(
            Figure(f"{label}, bytecode written", medians[label], "s", STARTUP_TARGET if t else None)
            for label, (_, t) in commands.items()
        ),
        Figure("  (python -c pass: the interpreter alone)", interpreter["python -c pass"], "s"),
    ]
