"""benchmarks/bench.py as a user runs it: a script that prints figures (nothing here is timed)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.bench import PARTS, build_parser

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench.py"


def run_bench(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BENCH), *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=BENCH.parents[1],
    )


def test_help_names_every_part_and_its_target() -> None:
    result = run_bench("--help")
    assert result.returncode == 0, result.stderr
    for name in PARTS:
        assert name in result.stdout
    for target in ("< 0.5 s", "< 1 s", "<= 1.15", "< 120 s"):
        assert target in result.stdout


def test_startup_alone_prints_its_figure_beside_the_target() -> None:
    result = run_bench("--only", "startup", "--runs", "1")
    assert result.returncode == 0, result.stderr
    assert re.search(
        r"mock start-up to ready .* \d+\.\d{3} s +< 0\.5 s +(met|MISSED)", result.stdout
    )
    assert "signed" not in result.stdout, "--only runs the parts asked for and no other"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--only", "startup,bogus"], "unknown part bogus; choose from startup"),
        (["--runs", "0"], "--runs must be between 1 and"),
        (["--calls", "many"], "--calls must be a whole number"),
    ],
)
def test_bad_arguments_get_a_clear_error(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(arguments)
    assert exited.value.code == 2
    assert message in capsys.readouterr().err
