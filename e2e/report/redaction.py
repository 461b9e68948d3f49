"""Keep Kraken secrets out of anything the report writes or prints.

A Kraken private key is 64 random bytes in base64: 88 characters ending in ``==``. Public
keys are 56 characters without padding, so a base64 run of 80 or more characters that mixes
upper case, lower case and digits (which a path or a word does not) is treated as a secret.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["REDACTED", "redact", "redact_file"]

REDACTED = "[secret hidden]"

_BASE64_RUN = re.compile(r"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{80,}={0,2}")
# pytest and Playwright shorten long strings in messages ("kQH5HW/8p1uG...uZuj6F1huXg==");
# a shortened run that ends in padding is still the two ends of a secret.
_ELIDED_SECRET = re.compile(r"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{4,}\.\.\.[A-Za-z0-9+/]{2,}==")


def _looks_random(run: str) -> bool:
    return (
        any(c.isdigit() for c in run)
        and any(c.isupper() for c in run)
        and any(c.islower() for c in run)
    )


def redact(text: str) -> str:
    text = _BASE64_RUN.sub(
        lambda match: REDACTED if _looks_random(match.group()) else match.group(), text
    )
    return _ELIDED_SECRET.sub(REDACTED, text)


def redact_file(path: Path) -> None:
    """Redact a text file in place (the JUnit XML pytest writes holds raw failure text)."""
    text = path.read_text(encoding="utf-8")
    cleaned = redact(text)
    if cleaned != text:
        path.write_text(cleaned, encoding="utf-8")
