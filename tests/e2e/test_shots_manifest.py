from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from e2e.shots.manifest import MANIFEST_FILE, ManifestError, Shot, ShotManifest


def shot(number: int, part: str = "", caption: str = "a picture") -> Shot:
    return Shot(number=number, part=part, caption=caption, file=f"step-{number:02d}{part}.png")


def test_round_trip(tmp_path: Path) -> None:
    manifest = ShotManifest(shots=[shot(3), shot(7, "a"), shot(7, "b")])
    manifest.save(tmp_path)
    assert ShotManifest.load(tmp_path) == manifest


def test_a_missing_manifest_is_empty(tmp_path: Path) -> None:
    assert ShotManifest.load(tmp_path).shots == []


def test_a_broken_manifest_is_one_readable_error(tmp_path: Path) -> None:
    (tmp_path / MANIFEST_FILE).write_text('{"shots": [{"number": 0}]}')
    with pytest.raises(ManifestError, match=r"shots\.json: not a valid pictures manifest"):
        ShotManifest.load(tmp_path)


def test_labels_and_step_lookup() -> None:
    manifest = ShotManifest(shots=[shot(3), shot(7, "a"), shot(7, "b")])
    assert [s.label for s in manifest.for_step(7)] == ["7a", "7b"]
    assert manifest.for_step(5) == []


def test_retaking_some_steps_keeps_the_others() -> None:
    old = ShotManifest(shots=[shot(3, caption="old 3"), shot(7, caption="old 7")])
    new = ShotManifest(shots=[shot(7, "a", "new 7a"), shot(7, "b", "new 7b"), shot(9)])
    merged = old.replacing_steps(new, frozenset({7}))
    assert [(s.label, s.caption) for s in merged.shots] == [
        ("3", "old 3"),
        ("7a", "new 7a"),
        ("7b", "new 7b"),
    ]


@pytest.mark.parametrize("part", ["ab", "A", "1"])
def test_parts_are_single_lowercase_letters(part: str) -> None:
    with pytest.raises(ValidationError):
        Shot(number=7, part=part, caption="x", file="x.png")
