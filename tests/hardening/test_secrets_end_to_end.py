"""No private key anywhere a traced ``keyflow run`` writes: report, traces, JUnit, terminal.

The run walks the real whole guide (keys made on Kraken's pages, pasted into Altrady) and
two scenarios that fail on a private key: a Playwright ``expect`` on the pasted field, and a
plain ``assert`` after printing the key. Every secret the Kraken mock issued is recorded by
a small plugin; then every file of the report folder, every entry of every trace, and all
that the command printed are searched for each of them, in every form a trace may write one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixtures.redaction import REDACTED, secret_variants
from tests.scenario_folders import write_scenarios

KEYFLOW = str(Path(sys.executable).with_name("keyflow"))
RUN_TIMEOUT_S = 300

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


def _texts(folder: Path) -> Iterator[tuple[str, str]]:
    """(where, text) for every file under ``folder`` and every entry of every zip."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for entry in archive.namelist():
                    yield f"{path}!{entry}", archive.read(entry).decode("latin-1")
        else:
            yield str(path), path.read_bytes().decode("latin-1")


@pytest.mark.browser
def test_a_traced_run_with_failures_keeps_every_secret_out(tmp_path: Path) -> None:
    scenarios = write_scenarios(
        tmp_path / "scenarios",
        {"conftest.py": CONFTEST, "test_leaky.py": textwrap.dedent(SCENARIOS)},
        "addopts = -p no:randomly",
    )
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "record_secrets.py").write_text(textwrap.dedent(RECORD_SECRETS))
    secrets_file = tmp_path / "secrets.txt"

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
            "--",
            "--tracing",
            "on",
            "-p",
            "record_secrets",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(plugins), "SECRETS_FILE": str(secrets_file)},
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    printed = ran.stdout + ran.stderr
    assert ran.returncode == 1, printed
    assert "2 failed, 1 passed" in ran.stdout, printed

    secrets = set(secrets_file.read_text(encoding="utf-8").split())
    assert len(secrets) >= 4, "the guide's two keys and one key per failing scenario"
    # The failures were about secrets, and pytest's own failure text says so, redacted.
    failures = ran.stdout.partition("= FAILURES =")[2]
    assert failures.count(REDACTED) >= 2, failures

    report = tmp_path / "report"
    traces = sorted(report.rglob("trace*.zip"))
    assert len(traces) == 3, "--tracing on keeps a trace of every scenario"
    texts = [("the command's output", printed), *_texts(report)]
    for secret in secrets:
        for form in secret_variants(secret):
            leaks = [where for where, text in texts if form in text]
            assert leaks == [], f"a private key ({form[:6]}...) is written in {leaks}"
    for trace in traces:
        with zipfile.ZipFile(trace) as archive:
            events = archive.read("trace.trace").decode()
        # No filmstrip: its screenshots would show the private key dialog in clear pixels.
        assert '"screencast-frame"' not in events, trace
