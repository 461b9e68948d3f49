"""requirements.lock pins every package pyproject.toml asks for, at a version it allows.

A dependency added to pyproject.toml without ``make lock`` would be missing from every
install (``make`` and CI install the lock, then the project without dependencies).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"


def locked() -> dict[str, str]:
    """Package name -> the exact version the lock pins."""
    pins: dict[str, str] = {}
    for raw in LOCK.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        requirement = Requirement(line)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"not an exact pin in the lock: {line}"
        pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    return [Requirement(line) for line in lines]


def test_every_declared_package_is_pinned_at_a_version_it_allows() -> None:
    pins = locked()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in requirements.lock: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {name}=={pins[name]}, pyproject.toml asks for "
            f"{requirement}: run `make lock`"
        )


def test_the_lock_says_how_to_regenerate_it() -> None:
    assert "#    make lock" in LOCK.read_text(encoding="utf-8")
