"""Put freshly taken pictures into ``docs/`` and render ``docs/guide.md`` from them."""

from __future__ import annotations

import shutil
from pathlib import Path

from e2e.guide import GUIDE_STEPS, GUIDE_TITLE
from e2e.shots.manifest import ShotManifest
from e2e.shots.render import PICTURES_FOLDER, render_guide

__all__ = ["GUIDE_FILE", "guide_text", "publish"]

GUIDE_FILE = "guide.md"


def guide_text(docs_dir: Path) -> str:
    """The guide as the pictures committed in ``docs_dir`` say it should read now."""
    return render_guide(GUIDE_TITLE, GUIDE_STEPS, ShotManifest.load(docs_dir / PICTURES_FOLDER))


def publish(taken_dir: Path, docs_dir: Path, *, steps: frozenset[int] | None = None) -> Path:
    """Replace the pictures of ``steps`` (all when None) in ``docs_dir``; rewrite the guide.

    Pictures of other steps stay as they are, so ``--steps 3,7`` retakes only those.
    Returns the path of the written guide.
    """
    pictures_dir = docs_dir / PICTURES_FOLDER
    pictures_dir.mkdir(parents=True, exist_ok=True)
    taken = ShotManifest.load(taken_dir)
    current = ShotManifest.load(pictures_dir)
    retaken = steps if steps is not None else frozenset(step.number for step in GUIDE_STEPS)
    for old in current.shots:
        if old.number in retaken:
            (pictures_dir / old.file).unlink(missing_ok=True)
    merged = current.replacing_steps(taken, retaken)
    for shot in merged.shots:
        if shot.number in retaken:
            shutil.copyfile(taken_dir / shot.file, pictures_dir / shot.file)
    merged.save(pictures_dir)
    guide = docs_dir / GUIDE_FILE
    guide.write_text(guide_text(docs_dir), encoding="utf-8")
    return guide
