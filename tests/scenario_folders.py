"""Throwaway scenario folders for tests that run ``keyflow`` on scenarios of their own."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

__all__ = ["write_scenarios"]


def write_scenarios(folder: Path, files: Mapping[str, str], *ini_lines: str) -> Path:
    """``folder`` with a ``pytest.ini`` declaring the guide marker (plus ``ini_lines``)
    and ``files`` (name -> text); ``--scenarios-dir`` can point at it."""
    folder.mkdir(parents=True, exist_ok=True)
    ini = ["[pytest]", "markers =", "    guide: a guide scenario", *ini_lines]
    (folder / "pytest.ini").write_text("\n".join(ini) + "\n")
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder
