"""Playwright traces never hold a private key: a traced pass and a kept failure, then their zips.

The pass is the whole guide's, in the traced run ``tests/traced_run.py`` shares with the
secrets and video tests (issue 14: a run of its own cost a worker 7 s); the failure is a
tiny scenario of its own, since only a failing test keeps its trace under
``retain-on-failure``.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from fixtures.redaction import REDACTED, redact_secrets, redact_zip, secret_variants
from tests.traced_run import TracedRun, traced_guide_run

__all__ = ["traced_guide_run"]  # the shared run's fixture, imported to be found here

ROOT = Path(__file__).resolve().parents[2]

# Shows a Kraken secret in the page, types it into a field and sends it to Altrady, as
# the guide's steps 7 and 8 do; then fails, so that retain-on-failure keeps its trace.
TINY_SCENARIO = textwrap.dedent(
    """
    import os
    import pytest
    from pathlib import Path

    @pytest.mark.browser
    def test_tiny(kraken_control, trader, altrady_page, kraken_page, mocks):
        pair = kraken_control.create_key(trader.email, "Traced", ["funds_query"])
        Path(os.environ["SECRET_FILE"]).write_text(pair.secret)
        kraken_page.set_content(f"<dialog open><p>Private key</p><p>{pair.secret}</p></dialog>")
        altrady_page.goto(mocks.altrady_url + "/login")
        altrady_page.evaluate(
            "s => fetch('/api/session', {method: 'POST', body: JSON.stringify({email: s})})",
            pair.secret,
        )
        altrady_page.get_by_label("Email").fill(pair.secret)
        raise AssertionError("failed on purpose")
    """
)


def _run_failing_traced(tmp_path: Path) -> tuple[str, list[Path]]:
    scenario = tmp_path / "test_tiny_traced.py"
    scenario.write_text(TINY_SCENARIO)
    secret_file, output = tmp_path / "secret.txt", tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(ROOT),
            "-c",
            str(ROOT / "pyproject.toml"),
            "--tracing",
            "retain-on-failure",
            "--output",
            str(output),
            str(scenario),
        ],
        cwd=ROOT,
        env={"SECRET_FILE": str(secret_file), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    secret = secret_file.read_text()
    assert secret not in result.stdout + result.stderr
    return secret, sorted(output.rglob("trace*.zip"))


def _zip_text(trace: Path) -> bytes:
    with zipfile.ZipFile(trace) as archive:
        return b"\n".join(archive.read(name) for name in archive.namelist())


def _assert_redacted(everything: bytes, secrets: set[str]) -> None:
    for secret in secrets:
        for form in secret_variants(secret):
            assert form.encode() not in everything
    assert REDACTED.encode() in everything  # it was there, and was replaced


@pytest.mark.browser
def test_a_traced_pass_leaves_no_secret_in_its_trace(traced_guide_run: TracedRun) -> None:
    """``--tracing on``: the whole guide shows each key's secret and types it into Altrady."""
    traces = [
        trace for trace in traced_guide_run.report.rglob("trace*.zip") if "whole" in str(trace)
    ]
    assert len(traces) == 1, sorted(traced_guide_run.report.rglob("trace*.zip"))
    _assert_redacted(_zip_text(traces[0]), traced_guide_run.secrets)


@pytest.mark.browser
def test_a_failure_kept_by_retain_on_failure_leaves_no_secret_in_its_trace(
    tmp_path: Path,
) -> None:
    secret, traces = _run_failing_traced(tmp_path)
    assert len(traces) == 1
    _assert_redacted(_zip_text(traces[0]), {secret})


def test_redact_secrets_covers_the_encoded_forms() -> None:
    secret = "ab+/cd=="
    text = f"{secret} {secret.replace('/', chr(92) + '/')} ab%2B%2Fcd%3D%3D"
    assert redact_secrets(text, [secret]) == " ".join([REDACTED] * 3)


def test_redact_zip_leaves_binaries_and_other_text_alone(tmp_path: Path) -> None:
    path = tmp_path / "trace.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("trace.trace", "before SECRETSECRET after")
        archive.writestr("resources/shot.jpeg", b"\xff\xd8SECRETSECRET\xff")
    assert redact_zip(path, ["SECRETSECRET"]) == 1
    with zipfile.ZipFile(path) as archive:
        assert archive.read("trace.trace") == f"before {REDACTED} after".encode()
        assert archive.read("resources/shot.jpeg") == b"\xff\xd8SECRETSECRET\xff"
