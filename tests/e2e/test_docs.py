"""``docs/`` says what ``e2e.guide.GUIDE_STEPS`` and the committed pictures say, word for word.

No browser: the guide is rendered from the steps and the committed pictures' manifest and
compared with the committed files (``keyflow shots --check`` compares the pictures).
"""

from __future__ import annotations

import re
from pathlib import Path

from e2e.guide import GUIDE_STEPS
from e2e.shots.drift import find_drift
from e2e.shots.manifest import ShotManifest
from e2e.shots.publish import guide_text
from e2e.shots.render import PICTURES_FOLDER

DOCS = Path(__file__).resolve().parents[2] / "docs"
GUIDE = DOCS / "guide.md"
PICTURE = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")


def test_docs_guide_reads_as_the_guide_renders() -> None:
    drifts = find_drift(guide_text(DOCS), GUIDE.read_text("utf-8"))
    assert not drifts, "docs/guide.md is stale (run `keyflow shots`):\n" + "\n".join(
        f"  {drift}" for drift in drifts
    )


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
