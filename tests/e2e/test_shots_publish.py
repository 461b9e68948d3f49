from __future__ import annotations

from pathlib import Path

from PIL import Image

from e2e.guide import GUIDE_STEPS
from e2e.shots.manifest import Shot, ShotManifest
from e2e.shots.naming import shot_filename
from e2e.shots.publish import GUIDE_FILE, publish
from e2e.shots.render import PICTURES_FOLDER, step_heading


def taken(path: Path, numbers: list[int], colour: tuple[int, int, int]) -> Path:
    path.mkdir(parents=True)
    shots = []
    for number in numbers:
        name = shot_filename(number, GUIDE_STEPS[number - 1].title)
        Image.new("RGB", (4, 4), colour).save(path / name)
        shots.append(Shot(number=number, caption=f"picture of {number}", file=name))
    ShotManifest(shots=shots).save(path)
    return path


def pixel(path: Path) -> object:
    with Image.open(path) as image:
        return image.convert("RGB").getpixel((0, 0))


def test_publishing_writes_pictures_manifest_and_guide(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    guide = publish(taken(tmp_path / "run", [1, 3], (1, 2, 3)), docs)
    assert guide == docs / GUIDE_FILE
    text = guide.read_text(encoding="utf-8")
    for step in GUIDE_STEPS:
        assert step_heading(step) in text
    name = shot_filename(3, GUIDE_STEPS[2].title)
    assert f"({PICTURES_FOLDER}/{name})" in text
    assert (docs / PICTURES_FOLDER / name).is_file()
    assert [s.number for s in ShotManifest.load(docs / PICTURES_FOLDER).shots] == [1, 3]


def test_retaking_some_steps_keeps_the_other_pictures(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    publish(taken(tmp_path / "first", [1, 3], (10, 10, 10)), docs)
    publish(taken(tmp_path / "second", [3], (200, 200, 200)), docs, steps=frozenset({3}))
    pictures = docs / PICTURES_FOLDER
    assert pixel(pictures / shot_filename(1, GUIDE_STEPS[0].title)) == (10, 10, 10)
    assert pixel(pictures / shot_filename(3, GUIDE_STEPS[2].title)) == (200, 200, 200)


def test_a_full_run_removes_pictures_the_guide_no_longer_takes(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    publish(taken(tmp_path / "first", [1, 3], (10, 10, 10)), docs)
    publish(taken(tmp_path / "second", [1], (10, 10, 10)), docs)
    pictures = docs / PICTURES_FOLDER
    assert sorted(p.name for p in pictures.glob("*.png")) == [
        shot_filename(1, GUIDE_STEPS[0].title)
    ]


def test_a_picture_that_shows_the_same_keeps_its_committed_bytes(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    publish(taken(tmp_path / "first", [1], (10, 10, 10)), docs)
    committed = docs / PICTURES_FOLDER / shot_filename(1, GUIDE_STEPS[0].title)
    before = committed.read_bytes()
    again = taken(tmp_path / "again", [1], (10, 10, 10))
    # The same pixels, saved differently (another encoder setting): not a change.
    with Image.open(again / committed.name) as image:
        image.save(again / committed.name, compress_level=0)
    assert (again / committed.name).read_bytes() != before
    publish(again, docs)
    assert committed.read_bytes() == before
    publish(taken(tmp_path / "changed", [1], (200, 0, 0)), docs)
    assert pixel(committed) == (200, 0, 0)
