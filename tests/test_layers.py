"""The import-linter contracts in ``pyproject.toml`` hold, and fail on a deliberate violation.

Each case copies the three packages into a scratch folder, adds one import that breaks one
layer rule, and runs ``lint-imports`` there with the project's own contracts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("e2e", "fixtures", "mocks")

VIOLATIONS = {
    "fixtures imports e2e": ("fixtures/plugin.py", "import e2e.guide"),
    "mocks import fixtures": ("mocks/clock.py", "import fixtures.factories"),
    "Altrady imports the Kraken server": (
        "mocks/altrady/key_pool.py",
        "from mocks.kraken.state import KrakenState",
    ),
    "Kraken's facts import the server": ("mocks/kraken_facts/errors.py", "import mocks.kraken.app"),
    "a scenario reads a mock's constant": (
        "e2e/scenarios/test_eleventh_key.py",
        "from mocks.altrady.settings import MAX_KEYS_MESSAGE",
    ),
}


def _copy_project(into: Path) -> None:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            into / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.html", "*.css", "*.js", "*.svg"),
        )
    shutil.copy(ROOT / "pyproject.toml", into / "pyproject.toml")


def _lint_imports(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(folder)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_project_keeps_every_contract() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("violation", sorted(VIOLATIONS))
def test_a_deliberate_violation_fails_the_check(tmp_path: Path, violation: str) -> None:
    _copy_project(tmp_path)
    path, line = VIOLATIONS[violation]
    module = tmp_path / path
    text = module.read_text(encoding="utf-8")
    future = "from __future__ import annotations\n"
    assert future in text, f"{path} no longer starts its imports with {future!r}"
    module.write_text(text.replace(future, f"{future}{line}\n", 1), encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 broken" in result.stdout, result.stdout
