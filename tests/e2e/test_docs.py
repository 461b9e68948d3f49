"""``docs/`` says what ``e2e.guide.GUIDE_STEPS`` and the committed pictures say, word for word.

No browser: the guide, the HTML article and the animated walk-through are made again from
the steps and the committed pictures and compared with the committed files (``keyflow
shots --check`` compares the pictures themselves with fresh ones).
"""

from __future__ import annotations

import re
from pathlib import Path

from e2e.guide import GUIDE_STEPS
from e2e.shots.drift import find_drift
from e2e.shots.manifest import ShotManifest
from e2e.shots.publish import derived_drift, guide_text
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


def test_the_article_and_the_animation_follow_from_the_committed_pictures() -> None:
    assert derived_drift(DOCS) == [], "docs/ is stale: run `keyflow shots`"


def test_every_numbered_part_is_marked_in_a_picture_of_its_step() -> None:
    manifest = ShotManifest.load(DOCS / PICTURES_FOLDER)
    for step in GUIDE_STEPS:
        shots = manifest.for_step(step.number)
        labels = [step.part_label(index) for index in range(1, len(step.parts) + 1)]
        marked = {mark for shot in shots for mark in shot.marks}
        if step.parts:
            assert marked == set(labels), f"step {step.number}: parts {labels}, marked {marked}"
            unmarked = [shot.file for shot in shots if not shot.marks]
            assert not unmarked, f"pictures of step {step.number} without numbered marks"
        else:
            assert not marked, f"step {step.number} has no numbered parts, yet marks {marked}"
    text = GUIDE.read_text("utf-8")
    for step in GUIDE_STEPS:
        for index in range(1, len(step.parts) + 1):
            assert f"- **{step.part_label(index)}** " in text
