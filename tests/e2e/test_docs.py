"""``docs/guide.md`` and ``e2e.guide.GUIDE_STEPS`` must agree about which steps exist."""

from __future__ import annotations

import re
from pathlib import Path

from e2e.guide import GUIDE_STEPS
from e2e.shots.manifest import ShotManifest
from e2e.shots.render import PICTURES_FOLDER

DOCS = Path(__file__).resolve().parents[2] / "docs"
GUIDE = DOCS / "guide.md"
HEADING = re.compile(r"^## Step (\d+)\. (.+)$", re.MULTILINE)
PICTURE = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")


def test_docs_and_guide_steps_name_the_same_steps() -> None:
    documented = [(int(n), title) for n, title in HEADING.findall(GUIDE.read_text("utf-8"))]
    defined = [(step.number, step.title) for step in GUIDE_STEPS]
    assert documented == defined, "docs/guide.md is stale: run `keyflow shots`"


def test_every_picture_the_guide_shows_is_committed() -> None:
    linked = PICTURE.findall(GUIDE.read_text("utf-8"))
    missing = [link for link in linked if not (DOCS / link).is_file()]
    assert not missing, f"docs/guide.md links pictures that are not in docs/: {missing}"


def test_every_committed_picture_belongs_to_an_existing_step() -> None:
    manifest = ShotManifest.load(DOCS / PICTURES_FOLDER)
    known = {step.number for step in GUIDE_STEPS}
    orphans = [shot.file for shot in manifest.shots if shot.number not in known]
    assert not orphans, f"pictures of steps the guide no longer has: {orphans}"
    on_disk = {path.name for path in (DOCS / PICTURES_FOLDER).glob("*.png")}
    assert on_disk == {shot.file for shot in manifest.shots}
