from __future__ import annotations

import base64
from pathlib import Path

import pytest

from e2e.report.redaction import REDACTED, redact, redact_file

SECRET = base64.b64encode(bytes(range(7, 71))).decode()  # 64 bytes, as Kraken's secrets
PUBLIC_KEY = base64.b64encode(bytes(range(100, 142))).decode()  # 42 bytes, as Kraken's keys


def test_a_kraken_secret_is_hidden_wherever_it_sits() -> None:
    assert len(SECRET) == 88
    assert redact(f"Seen: {SECRET}") == f"Seen: {REDACTED}"
    assert redact(f"'{SECRET}'") == f"'{REDACTED}'"
    assert redact(f"value={SECRET}&x=1") == f"value={REDACTED}&x=1"


def test_pytests_shortened_secret_is_hidden() -> None:
    shortened = f"assert '{SECRET[:12]}...{SECRET[-12:]}' == 'x'"
    assert redact(shortened) == f"assert '{REDACTED}' == 'x'"


@pytest.mark.parametrize(
    "kept",
    [
        PUBLIC_KEY,  # API keys are public: the report may name them
        "/work/main/test-results/" + "e2e-scenarios-test-whole-guide-py-" * 3 + "step-01.png",
        "a" * 120,
        "Guide step 3 (Copy Altrady's IP whitelist) failed.",
        "127.0.0.11,127.0.0.12,127.0.0.13",
    ],
)
def test_ordinary_text_is_left_alone(kept: str) -> None:
    assert redact(kept) == kept


def test_redact_file_rewrites_only_when_needed(tmp_path: Path) -> None:
    dirty = tmp_path / "junit.xml"
    dirty.write_text(f"<failure>{SECRET}</failure>", encoding="utf-8")
    redact_file(dirty)
    assert dirty.read_text(encoding="utf-8") == f"<failure>{REDACTED}</failure>"
