"""Playwright traces never hold a private key: a tiny traced scenario, then its trace.zip."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from fixtures.redaction import REDACTED, redact_secrets, redact_zip, secret_variants

ROOT = Path(__file__).resolve().parents[2]

# Shows a Kraken secret in the page, types it into a field and sends it to Altrady, as
# the guide's steps 7 and 8 do; then fails or passes as asked.
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
        assert os.environ["OUTCOME"] == "pass"
    """
)


def _run_traced(tmp_path: Path, tracing: str, outcome: str) -> tuple[str, list[Path]]:
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
            tracing,
            "--output",
            str(output),
            str(scenario),
        ],
        cwd=ROOT,
        env={"SECRET_FILE": str(secret_file), "OUTCOME": outcome, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    expected = 0 if outcome == "pass" else 1
    assert result.returncode == expected, result.stdout + result.stderr
    secret = secret_file.read_text()
    assert secret not in result.stdout + result.stderr
    return secret, sorted(output.rglob("trace*.zip"))


@pytest.mark.browser
@pytest.mark.parametrize(("tracing", "outcome"), [("on", "pass"), ("retain-on-failure", "fail")])
def test_a_traced_scenario_leaves_no_secret_in_its_trace(
    tmp_path: Path, tracing: str, outcome: str
) -> None:
    secret, traces = _run_traced(tmp_path, tracing, outcome)
    assert len(traces) == 1
    with zipfile.ZipFile(traces[0]) as trace:
        texts = [trace.read(name) for name in trace.namelist()]
    everything = b"\n".join(texts)
    for form in secret_variants(secret):
        assert form.encode() not in everything
    assert REDACTED.encode() in everything  # it was there, and was replaced


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
