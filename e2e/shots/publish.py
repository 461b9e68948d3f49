"""Put freshly taken pictures into ``docs/`` and render the guide from them.

``docs/guide.md`` (Markdown), ``docs/guide.html`` (the same article, self-contained, in
help-center layout) and ``docs/walkthrough.webp`` (the pictures animated) all come from the
steps and the pictures in ``docs/shots/``; :func:`derived_drift` says which of them no
longer do.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PIL import Image

from e2e.guide import GUIDE_STEPS, GUIDE_TITLE
from e2e.shots.animation import ANIMATION_FILE, animation_drift, render_walkthrough
from e2e.shots.article import ARTICLE_FILE, render_article
from e2e.shots.drift import find_drift
from e2e.shots.imagediff import Tolerance, compare_images
from e2e.shots.manifest import ShotManifest
from e2e.shots.render import PICTURES_FOLDER, render_guide

__all__ = [
    "ANIMATION_FILE",
    "ARTICLE_FILE",
    "GUIDE_FILE",
    "article_text",
    "derived_drift",
    "guide_text",
    "publish",
]

GUIDE_FILE = "guide.md"


def guide_text(docs_dir: Path) -> str:
    """The guide as the pictures committed in ``docs_dir`` say it should read now."""
    return render_guide(GUIDE_TITLE, GUIDE_STEPS, ShotManifest.load(docs_dir / PICTURES_FOLDER))


def _same_picture(fresh: Path, committed: Path) -> bool:
    """The committed picture stays where the fresh one shows the same (``--check``'s
    tolerance): a rerun then changes only what changed, and the article and the
    animation made from the pictures keep their bytes."""
    if not committed.is_file():
        return False
    with Image.open(fresh) as new, Image.open(committed) as old:
        return compare_images(old, new, Tolerance()).matches


def article_text(docs_dir: Path) -> str:
    """The HTML article as the pictures committed in ``docs_dir`` say it should read now."""
    pictures = docs_dir / PICTURES_FOLDER
    return render_article(GUIDE_TITLE, GUIDE_STEPS, ShotManifest.load(pictures), pictures)


def derived_drift(docs_dir: Path) -> list[str]:
    """Each file in ``docs_dir`` that no longer follows from the steps and its pictures."""
    problems: list[str] = []
    guide = docs_dir / GUIDE_FILE
    if guide.is_file():
        drifts = find_drift(guide_text(docs_dir), guide.read_text(encoding="utf-8"))
        problems += [f"{GUIDE_FILE}: {drift}" for drift in drifts]
    else:
        problems.append(f"{GUIDE_FILE}: missing")
    article = docs_dir / ARTICLE_FILE
    if not article.is_file():
        problems.append(f"{ARTICLE_FILE}: missing")
    elif article.read_text(encoding="utf-8") != article_text(docs_dir):
        problems.append(f"{ARTICLE_FILE}: does not match the guide's steps and pictures")
    pictures = docs_dir / PICTURES_FOLDER
    problems += animation_drift(docs_dir / ANIMATION_FILE, ShotManifest.load(pictures), pictures)
    return problems


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
    merged = current.replacing_steps(taken, retaken)
    kept = {shot.file for shot in merged.shots}
    for old in current.shots:
        if old.number in retaken and old.file not in kept:
            (pictures_dir / old.file).unlink(missing_ok=True)
    for shot in merged.shots:
        if shot.number in retaken and not _same_picture(
            taken_dir / shot.file, pictures_dir / shot.file
        ):
            shutil.copyfile(taken_dir / shot.file, pictures_dir / shot.file)
    merged.save(pictures_dir)
    guide = docs_dir / GUIDE_FILE
    guide.write_text(guide_text(docs_dir), encoding="utf-8")
    (docs_dir / ARTICLE_FILE).write_text(article_text(docs_dir), encoding="utf-8")
    (docs_dir / ANIMATION_FILE).write_bytes(render_walkthrough(merged, pictures_dir))
    return guide
