"""Shots mode for pytest (registered by ``e2e/plugin.py``): ``--shots-dir DIR``.

With ``--shots-dir`` the session gets a :class:`~e2e.shots.camera.Camera`, which hears each
picture the step runner offers (``pytest_keyflow_picture``); :func:`camera_for` finds it
(None outside shots mode). When the session ends the camera writes its pictures and
manifest.

As soon as the ``mocks`` fixture has cleaned the mocks, before any user, key or page
exists, shots mode holds them still (:mod:`e2e.shots.steady`): the clock stopped at a fixed
instant, Kraken's tokens from a seeded generator. Every date, account ID and key a page
shows is then the same in every run.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Locator, Page

from e2e.guide import GUIDE_STEPS
from e2e.shots.steady import hold_still, let_go

if TYPE_CHECKING:
    from e2e.shots.camera import Camera

__all__ = [
    "CAMERA_KEY",
    "STEADY_RENDERING_ARGS",
    "CameraListener",
    "SteadyRendering",
    "camera_for",
    "keyflow_camera",
    "parse_steps",
]

CAMERA_KEY = pytest.StashKey["Camera"]()
# Chromium rasterises on the GPU process and several threads by default, and two runs then
# differ by a level or two on a few anti-aliased edges. Software rasterisation on one
# thread gives the same bytes every time, at no cost a walk of the guide would notice.
STEADY_RENDERING_ARGS = ("--disable-gpu", "--num-raster-threads=1")
CLEAN_MOCKS_FIXTURE = "mocks"  # fixtures/plugin.py: both mocks, reset for one test
KRAKEN_CONTROL_FIXTURE = "kraken_control"  # fixtures/plugin.py: Kraken's control API client


def camera_for(config: pytest.Config) -> Camera | None:
    """The documentation camera in shots mode, else None."""
    return config.stash.get(CAMERA_KEY, None)


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


@dataclass
class CameraListener:
    """Hands the camera every picture the step runner offers."""

    camera: Camera

    def pytest_keyflow_picture(  # noqa: PLR0917 - the hook's arguments, by name
        self,
        page: Page,
        number: int,
        part: str,
        caption: str,
        subject: Locator | None,
        masks: Sequence[Locator],
        marks: Sequence[tuple[int, Locator | Sequence[Locator]]],
    ) -> None:
        self.camera.take(
            page,
            number=number,
            caption=caption,
            subject=subject,
            masks=masks,
            walk=part,
            marks=marks,
        )


class SteadyRendering:
    """pytest-playwright's launch and context arguments, made steadier for pictures."""

    @pytest.fixture(scope="session")
    @classmethod
    def browser_type_launch_args(
        cls, browser_type_launch_args: dict[str, Any], browser_name: str
    ) -> dict[str, Any]:
        if browser_name != "chromium":
            return browser_type_launch_args
        launch = dict(browser_type_launch_args)
        launch["args"] = [*launch.get("args", []), *STEADY_RENDERING_ARGS]
        return launch

    @pytest.fixture(scope="session")
    @classmethod
    def browser_context_args(cls, browser_context_args: dict[str, Any]) -> dict[str, Any]:
        # Pages that honour it skip their transitions: no picture catches one half-way.
        return {**browser_context_args, "reduced_motion": "reduce"}


def pytest_configure(config: pytest.Config) -> None:
    out_dir: Path | None = config.getoption("--shots-dir")
    if out_dir is None:
        return
    steps_text: str | None = config.getoption("--shots-steps")
    try:
        steps = parse_steps(steps_text) if steps_text else None
    except ValueError as exc:
        raise pytest.UsageError(f"--shots-steps: {exc}") from None
    from e2e.shots.camera import Camera  # noqa: PLC0415  (loaded in shots mode only)

    camera = Camera(out_dir, steps=steps)
    config.stash[CAMERA_KEY] = camera
    config.pluginmanager.register(CameraListener(camera), "keyflow-shots-camera")
    # e2e/plugin.py registers SteadyRendering after the keyflow plugin's own overrides.


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(
    fixturedef: pytest.FixtureDef[Any], request: pytest.FixtureRequest
) -> Generator[None, Any, Any]:
    value = yield
    if fixturedef.argname == CLEAN_MOCKS_FIXTURE and camera_for(request.config) is not None:
        from e2e.config import load_config  # noqa: PLC0415  (pydantic: see e2e/config.py)

        kraken = request.getfixturevalue(KRAKEN_CONTROL_FIXTURE)
        hold_still(value, kraken, load_config(request.config.rootpath).seed)
        request.addfinalizer(lambda: let_go(kraken))
    return value


def pytest_sessionfinish(session: pytest.Session) -> None:
    camera = camera_for(session.config)
    if camera is not None:
        camera.develop()


@pytest.fixture(scope="session")
def keyflow_camera(pytestconfig: pytest.Config) -> Camera | None:
    """The documentation camera in shots mode, else None."""
    return camera_for(pytestconfig)
