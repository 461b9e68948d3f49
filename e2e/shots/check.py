"""``keyflow shots --check``: are the committed pictures still what the guide looks like?

Every freshly taken picture is compared with the committed one of the same name (with the
anti-aliasing tolerance of :mod:`e2e.shots.imagediff`). Each stale picture gets its
expected, actual and diff images written side by side, so a reviewer sees what moved.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from e2e.shots.imagediff import Tolerance, compare_images, diff_image
from e2e.shots.manifest import ShotManifest

__all__ = ["CheckResult", "StalePicture", "check_pictures"]


@dataclass(frozen=True)
class StalePicture:
    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass
class CheckResult:
    compared: int = 0
    stale: list[StalePicture] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.stale


def _write_evidence(
    name: str,
    expected: Image.Image | None,
    actual: Image.Image | None,
    out_dir: Path,
    tolerance: Tolerance,
) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = Path(name).stem
    if expected is not None:
        expected.save(out_dir / f"{stem}-expected.png")
    if actual is not None:
        actual.save(out_dir / f"{stem}-actual.png")
    if expected is not None and actual is not None:
        diff_image(expected, actual, tolerance).save(out_dir / f"{stem}-diff.png")


def check_pictures(
    taken_dir: Path,
    committed_dir: Path,
    out_dir: Path,
    *,
    steps: frozenset[int] | None = None,
    tolerance: Tolerance | None = None,
) -> CheckResult:
    """Compare the pictures in ``taken_dir`` with ``committed_dir`` (only ``steps`` if given)."""
    tolerance = tolerance or Tolerance()
    if out_dir.exists():
        shutil.rmtree(out_dir)
    taken = ShotManifest.load(taken_dir)
    committed = ShotManifest.load(committed_dir)

    def selected(manifest: ShotManifest) -> set[str]:
        return {s.file for s in manifest.shots if steps is None or s.number in steps}

    taken_names, committed_names = selected(taken), selected(committed)
    result = CheckResult()
    for name in sorted(taken_names | committed_names):
        expected_path, actual_path = committed_dir / name, taken_dir / name
        if name not in committed_names or not expected_path.is_file():
            result.stale.append(StalePicture(name, "new picture, not committed yet"))
            with Image.open(actual_path) as actual:
                _write_evidence(name, None, actual, out_dir, tolerance)
            continue
        if name not in taken_names:
            result.stale.append(StalePicture(name, "committed, but the guide no longer takes it"))
            continue
        with Image.open(expected_path) as expected, Image.open(actual_path) as actual:
            comparison = compare_images(expected, actual, tolerance)
            result.compared += 1
            if not comparison.matches:
                result.stale.append(StalePicture(name, comparison.describe()))
                _write_evidence(name, expected, actual, out_dir, tolerance)
    return result
