"""The real thing: the whole-guide scenario walked in shots mode, in a real browser.

Two runs give the same pictures, and a label changed on one mock page makes the check fail
on exactly the pictures that show it. To keep to two walks of the guide, the second run
does both: every picture that does not show the changed page must be the same, pixel for
pixel but for rendering noise (see NOISE_LEVELS), and those that do may differ only on
the changed line.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from e2e.config import load_config
from e2e.guide import GUIDE_STEPS, GUIDE_TITLE
from e2e.shots.check import check_pictures
from e2e.shots.manifest import ShotManifest
from e2e.shots.publish import GUIDE_FILE
from e2e.shots.render import PICTURES_FOLDER, render_guide
from e2e.shots.take import PROJECT_ROOT, take_pictures
from tests.once_per_run import once_per_run

pytestmark = [pytest.mark.browser, pytest.mark.guide]

DOCS = PROJECT_ROOT / load_config(PROJECT_ROOT).artifacts.docs_dir

# Loaded into the second run with -p: Kraken's Security page says something else under
# its heading. Only the pictures of that page may change. And Altrady lists the accounts
# late, as a loaded server would: a picture taken before the list arrived would show
# "Loading exchange accounts…" and differ from the first run's.
RELABEL_PLUGIN = """
import asyncio

import jinja2
from starlette.routing import Route

from mocks.altrady import api

LATE_LIST_S = 0.6
_get_source = jinja2.FileSystemLoader.get_source


def _late(endpoint):
    async def late(request):
        await asyncio.sleep(LATE_LIST_S)
        return await endpoint(request)

    return late


def _relabelled(self, environment, template):
    source, filename, uptodate = _get_source(self, environment, template)
    if template == "security.html":
        source = source.replace("Protect your account", "Guard your account")
    return source, filename, uptodate


def pytest_configure(config):
    jinja2.FileSystemLoader.get_source = _relabelled
    for index, route in enumerate(api.routes):
        if route.path == "/api/accounts" and "GET" in route.methods:
            api.routes[index] = Route(route.path, _late(route.endpoint), methods=["GET"])
"""
# Step 8's key dialog opens over the Security page, whose heading shows around it.
# Most runs are byte-identical. Now and then Chromium anti-aliases an edge a little
# differently: a few dozen pixels one level off, or a single corner pixel a few levels.
# "The same picture" means: no pixel off by more than NOISE_LEVELS, but for at most
# NOISE_PIXELS stray ones. A changed word moves hundreds of pixels by far more.
NOISE_LEVELS = 2
NOISE_PIXELS = 8
CHANGE_LEVELS = 32  # the check's own threshold: a difference a reader would see


def differing(before: Path, after: Path, above: int) -> Image.Image:
    """An ``L`` mask, 255 where the pictures differ by more than ``above`` levels."""
    with Image.open(before) as first, Image.open(after) as second:
        delta = ImageChops.difference(first.convert("RGB"), second.convert("RGB"))
    red, green, blue = delta.split()
    largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    return largest.point(lambda level: 255 if level > above else 0)


def same_picture(before: Path, after: Path) -> bool:
    return differing(before, after, NOISE_LEVELS).histogram()[255] <= NOISE_PIXELS


SECURITY_PAGE_PICTURES = {
    "step-06-start-a-new-api-key.png",
    "step-08a-paste-the-keys-into-altrady.png",
}


@pytest.fixture(scope="session")
def first_run(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """One walk in shots mode for the whole run, whichever xdist workers draw these tests
    (a walk per worker that drew one of them cost 30 s each)."""
    return once_per_run(tmp_path_factory, worker_id, "shots-first-run", take_pictures)


def test_every_step_has_a_picture(first_run: Path) -> None:
    manifest = ShotManifest.load(first_run)
    pictured = {shot.number for shot in manifest.shots}
    assert pictured == {step.number for step in GUIDE_STEPS}
    for shot in manifest.shots:
        assert (first_run / shot.file).stat().st_size > 10_000, f"{shot.file} looks empty"


def test_the_committed_pictures_are_up_to_date(first_run: Path, tmp_path: Path) -> None:
    """What ``keyflow shots --check`` asks, on this run's pictures: no second walk needed."""
    result = check_pictures(first_run, DOCS / PICTURES_FOLDER, tmp_path / "evidence")
    stale = "\n  ".join(str(picture) for picture in result.stale)
    assert result.ok, f"stale pictures in docs/ (run `keyflow shots`):\n  {stale}"
    rendered = render_guide(GUIDE_TITLE, GUIDE_STEPS, ShotManifest.load(first_run))
    assert (DOCS / GUIDE_FILE).read_text(encoding="utf-8") == rendered, (
        "docs/guide.md is stale (run `keyflow shots`)"
    )


def test_two_runs_give_identical_pictures_and_a_label_change_shows_exactly_where(
    first_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "relabel_security.py").write_text(textwrap.dedent(RELABEL_PLUGIN))
    monkeypatch.setenv("PYTHONPATH", str(plugins))
    second = tmp_path / "pictures"
    take_pictures(second, pytest_args=["-p", "relabel_security"])

    first_manifest, second_manifest = ShotManifest.load(first_run), ShotManifest.load(second)
    assert first_manifest == second_manifest
    everything = {shot.file for shot in first_manifest.shots}
    assert everything >= SECURITY_PAGE_PICTURES
    # Same run, same pixels: every picture that does not show the changed page...
    assert {name for name in everything if same_picture(first_run / name, second / name)} == (
        everything - SECURITY_PAGE_PICTURES
    )
    for name in SECURITY_PAGE_PICTURES:
        # ... and in those, nothing but the one line of text that changed.
        box = differing(first_run / name, second / name, CHANGE_LEVELS).getbbox()
        assert box is not None
        assert box[3] - box[1] < 30, f"{name}: more than one line changed ({box})"
    result = check_pictures(second, first_run, tmp_path / "evidence")
    assert {stale.name for stale in result.stale} == SECURITY_PAGE_PICTURES
    for name in SECURITY_PAGE_PICTURES:
        assert (tmp_path / "evidence" / name.replace(".png", "-diff.png")).is_file()
