"""The start-up part: which commands it times, and which of them the 1 s target is for."""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.cli_startup import STARTUP_TARGET, startup_commands, time_commands


def test_the_target_applies_to_run_help_and_collecting_one_scenario() -> None:
    commands = startup_commands(Path("/venv/bin"))
    assert {label for label, (_, targeted) in commands.items() if targeted} == {
        "keyflow run --help",
        "pytest: collect one scenario",
    }
    argv, _ = commands["pytest: collect one scenario"]
    assert argv[0] == "/venv/bin/pytest"
    assert "--collect-only" in argv
    assert argv[-1] == "e2e/scenarios/test_whole_guide.py"
    assert (Path(__file__).parents[2] / argv[-1]).is_file()
    assert STARTUP_TARGET.comparison == "<"
    assert STARTUP_TARGET.value == 1.0


def test_the_untimed_warm_up_run_writes_what_the_timed_runs_read(tmp_path: Path) -> None:
    marker = tmp_path / "runs"
    count = f"open({str(marker)!r}, 'a').write('x')"
    medians = time_commands({"probe": ([sys.executable, "-c", count], False)}, 2, cwd=tmp_path)
    assert marker.read_text() == "xxx", "two timed runs after one warm-up"
    assert medians["probe"] > 0
