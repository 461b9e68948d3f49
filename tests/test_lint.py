"""The project's own lint and type check, as tests: ``ruff check``, ``ruff format --check``
and ``mypy --strict`` (its settings in ``pyproject.toml``).

``make lint`` runs the same tools alone. As tests, they run inside ``make test``'s one
pytest session, beside the other tests: mypy takes 13 s of one core from a fresh clone,
which the suite's workers used to wait out before their first test. The import contracts
are ``tests/test_layers.py``'s.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOLS = Path(sys.executable).parent
TIMEOUT_S = 300

CHECKS = {
    "ruff check": ["ruff", "check", "."],
    "ruff format": ["ruff", "format", "--check", "."],
    "mypy --strict": ["mypy"],
}


@pytest.mark.lint
@pytest.mark.parametrize("check", list(CHECKS))
def test_the_project_passes(check: str) -> None:
    tool, *arguments = CHECKS[check]
    done = subprocess.run(
        [str(TOOLS / tool), *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, f"{check} found problems:\n{done.stdout}{done.stderr}"
