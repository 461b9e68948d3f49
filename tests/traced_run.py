"""One traced, filmed ``keyflow run`` of the whole guide, shared by the tests that read it.

``test_secrets_end_to_end`` searches everything a traced run with failures writes for the
private keys; ``test_ffmpeg`` checks that the whole guide's videos are written and play.
Each walked the whole guide in a ``keyflow run`` of its own (12 s and 13 s of a worker at
``-n 2``); they only read what the run left, so one run now does both: the whole guide and
two scenarios that fail on a private key, with ``--tracing on`` and ``--video on``.

The run lives in the session's shared temporary folder behind a file lock (the pattern of
``tests/e2e/test_shots_regenerate.py``): whichever xdist worker asks first walks it, the
other waits for it and reads the same files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.once_per_run import once_per_run
from tests.scenario_folders import write_scenarios

__all__ = ["TracedRun", "traced_guide_run"]

KEYFLOW = str(Path(sys.executable).with_name("keyflow"))
RUN_TIMEOUT_S = 300
OUTCOME_FILE = "outcome.json"  # the run's exit code and what it printed

SCENARIOS = '''
import pytest
from playwright.sync_api import expect

# The project's own whole-guide scenario, collected here too.
from e2e.scenarios.test_whole_guide import test_whole_guide

pytestmark = [pytest.mark.guide]


def test_expect_on_a_pasted_private_key(walk):
    """Fails on the Private key field, whose value Playwright prints."""
    wizard = walk.in_altrady.open_connect_wizard()
    walk.in_altrady.choose_kraken(wizard)
    key = walk.keys.make("Leaky expect")
    walk.in_altrady.paste_key(wizard, 1, key)
    expect(wizard.key_group(1).private_key).to_have_value(key.private_key + "!", timeout=1)


def test_assert_on_a_printed_private_key(walk):
    """Prints a private key, then fails on an assert whose values pytest shows."""
    key = walk.keys.make("Leaky assert")
    print(f"made {key.name}: {key.private_key}")
    assert key.private_key == "what the page showed"
'''

CONFTEST = "from e2e.scenarios.conftest import walk  # noqa: F401\n"

# Loaded with -p: writes down every secret the Kraken mock issued, test by test.
RECORD_SECRETS = """
import os

import pytest


@pytest.fixture(autouse=True)
def record_issued_secrets(keyflow_mocks):
    yield
    state = keyflow_mocks.kraken_app.state.kraken
    with state.lock:
        issued = list(state.issued_secrets)
    with open(os.environ["SECRETS_FILE"], "a", encoding="utf-8") as out:
        out.writelines(f"{secret}\\n" for secret in issued)
"""


@dataclass(frozen=True)
class TracedRun:
    """What the run left: its folder, exit code, output and the secrets Kraken issued."""

    folder: Path
    returncode: int
    stdout: str
    stderr: str

    @property
    def report(self) -> Path:
        return self.folder / "report"

    @property
    def printed(self) -> str:
        return self.stdout + self.stderr

    @property
    def secrets(self) -> set[str]:
        return set((self.folder / "secrets.txt").read_text(encoding="utf-8").split())


def _walk(folder: Path) -> None:
    scenarios = write_scenarios(
        folder / "scenarios",
        {"conftest.py": CONFTEST, "test_leaky.py": textwrap.dedent(SCENARIOS)},
        "addopts = -p no:randomly",
    )
    plugins = folder / "plugins"
    plugins.mkdir()
    (plugins / "record_secrets.py").write_text(textwrap.dedent(RECORD_SECRETS))
    ran = subprocess.run(
        [
            KEYFLOW,
            "run",
            "--scenarios-dir",
            str(scenarios),
            "whole_guide",
            "expect_on_a_pasted_private_key",
            "assert_on_a_printed_private_key",
            "--report",
            "report",
            "--video",
            "on",
            "--",
            "--tracing",
            "on",
            "-p",
            "record_secrets",
        ],
        capture_output=True,
        text=True,
        cwd=folder,
        env={
            **os.environ,
            "PYTHONPATH": str(plugins),
            "SECRETS_FILE": str(folder / "secrets.txt"),
        },
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    outcome = {"returncode": ran.returncode, "stdout": ran.stdout, "stderr": ran.stderr}
    (folder / OUTCOME_FILE).write_text(json.dumps(outcome), encoding="utf-8")


@pytest.fixture(scope="session")
def traced_guide_run(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> TracedRun:
    """The run, walked once for the whole pytest run whichever workers ask for it."""
    folder = once_per_run(tmp_path_factory, worker_id, "traced-guide-run", _walk)
    outcome = json.loads((folder / OUTCOME_FILE).read_text(encoding="utf-8"))
    return TracedRun(folder, outcome["returncode"], outcome["stdout"], outcome["stderr"])
