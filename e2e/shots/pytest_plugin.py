"""Shots mode for pytest (entry point ``keyflow-shots``): ``--shots-dir DIR``.

With ``--shots-dir`` the session gets a :class:`~e2e.shots.camera.Camera`; the step runner
asks for it through the ``keyflow_camera`` fixture (None outside shots mode) and hands it
each step's subject. When the session ends the camera writes its pictures and manifest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from e2e.guide import GUIDE_STEPS
from e2e.shots.camera import Camera

__all__ = ["CAMERA_KEY", "keyflow_camera", "parse_steps"]

CAMERA_KEY = pytest.StashKey[Camera]()


def parse_steps(text: str) -> frozenset[int]:
    """``"3,7"`` -> ``{3, 7}``; a clear error for anything that is not a guide step."""
    known = {step.number for step in GUIDE_STEPS}
    numbers: set[int] = set()
    for item in (piece.strip() for piece in text.split(",")):
        if not item.isdigit() or int(item) not in known:
            raise ValueError(
                f"{item!r} is not a guide step; steps are {min(known)} to {max(known)}, "
                "comma-separated (for example 3,7)"
            )
        numbers.add(int(item))
    return frozenset(numbers)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("keyflow-shots", "the guide's documentation pictures")
    group.addoption(
        "--shots-dir",
        type=Path,
        default=None,
        help="take the guide's documentation pictures into this folder",
    )
    group.addoption(
        "--shots-steps",
        default=None,
        help="only these guide steps, comma-separated (for example 3,7)",
    )


def pytest_configure(config: pytest.Config) -> None:
    out_dir: Path | None = config.getoption("--shots-dir")
    if out_dir is None:
        return
    steps_text: str | None = config.getoption("--shots-steps")
    try:
        steps = parse_steps(steps_text) if steps_text else None
    except ValueError as exc:
        raise pytest.UsageError(f"--shots-steps: {exc}") from None
    config.stash[CAMERA_KEY] = Camera(out_dir, steps=steps)


def pytest_sessionfinish(session: pytest.Session) -> None:
    camera = session.config.stash.get(CAMERA_KEY, None)
    if camera is not None:
        camera.develop()


@pytest.fixture(scope="session")
def keyflow_camera(pytestconfig: pytest.Config) -> Camera | None:
    """The documentation camera in shots mode, else None."""
    return pytestconfig.stash.get(CAMERA_KEY, None)
