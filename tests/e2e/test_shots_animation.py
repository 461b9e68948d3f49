"""The animated walk-through: one frame per picture, in order, captioned, and checked."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageSequence

from e2e.shots.animation import (
    BAND_PX,
    FRAME_MS,
    FRAME_SIZE,
    animation_drift,
    render_frames,
    render_walkthrough,
)
from e2e.shots.manifest import Shot, ShotManifest

COLOURS = {"a.png": (200, 30, 30), "b.png": (30, 30, 200), "c.png": (30, 160, 30)}
# Listed out of order: the walk-through follows the guide's steps.
MANIFEST = ShotManifest(
    shots=[
        Shot(number=8, part="a", caption="Close", file="c.png", marks=("8.2",)),
        Shot(number=3, caption="The copy icon", file="a.png"),
        Shot(number=7, caption="The form", file="b.png", marks=("7.1", "7.2", "7.3")),
    ]
)


@pytest.fixture
def pictures(tmp_path: Path) -> Path:
    for name, colour in COLOURS.items():
        Image.new("RGB", (1280, 800), colour).save(tmp_path / name)
    return tmp_path


def test_one_captioned_frame_per_picture_in_the_guides_order(pictures: Path) -> None:
    data = render_walkthrough(MANIFEST, pictures)
    with Image.open(io.BytesIO(data)) as animation:
        assert animation.format == "WEBP"
        assert animation.info["loop"] == 0
        frames = [
            (frame.convert("RGB"), frame.info["duration"])
            for frame in ImageSequence.Iterator(animation)
        ]
    assert len(frames) == 3
    width, height = FRAME_SIZE
    for (frame, duration), name in zip(frames, ("a.png", "b.png", "c.png"), strict=True):
        assert frame.size == (width, height + BAND_PX)
        assert duration == FRAME_MS
        assert frame.getpixel((width // 2, height // 2)) == COLOURS[name]  # lossless
        band = frame.crop((0, height, width, height + BAND_PX))
        assert len(band.getcolors(100_000) or []) > 2, "the caption band has text"


def test_the_same_pictures_give_the_same_bytes(pictures: Path) -> None:
    assert render_walkthrough(MANIFEST, pictures) == render_walkthrough(MANIFEST, pictures)


def test_a_committed_animation_of_these_pictures_has_no_drift(
    pictures: Path, tmp_path: Path
) -> None:
    committed = tmp_path / "walkthrough.webp"
    committed.write_bytes(render_walkthrough(MANIFEST, pictures))
    assert animation_drift(committed, MANIFEST, pictures) == []


def test_a_changed_picture_names_its_frame(pictures: Path, tmp_path: Path) -> None:
    committed = tmp_path / "walkthrough.webp"
    committed.write_bytes(render_walkthrough(MANIFEST, pictures))
    Image.new("RGB", (1280, 800), (0, 0, 0)).save(pictures / "b.png")
    assert animation_drift(committed, MANIFEST, pictures) == [
        "walkthrough.webp: frame 2 is not the picture it should show"
    ]


def test_a_new_picture_makes_the_animation_stale(pictures: Path, tmp_path: Path) -> None:
    committed = tmp_path / "walkthrough.webp"
    committed.write_bytes(render_walkthrough(MANIFEST, pictures))
    more = ShotManifest(shots=[*MANIFEST.shots, Shot(number=9, caption="Next", file="a.png")])
    assert animation_drift(committed, more, pictures) == [
        "walkthrough.webp: 3 frames, the pictures make 4"
    ]
    assert animation_drift(tmp_path / "none.webp", more, pictures) == ["none.webp: missing"]


def test_frames_show_the_step_and_the_marks(pictures: Path) -> None:
    frames = render_frames(MANIFEST, pictures)
    plain = render_frames(
        ShotManifest(shots=[shot.model_copy(update={"marks": ()}) for shot in MANIFEST.shots]),
        pictures,
    )
    # Same picture, same step: only the caption's "(marks 7.1 to 7.3)" differs.
    assert frames[1].tobytes() != plain[1].tobytes()
    assert frames[0].tobytes() == plain[0].tobytes()
