"""An animated walk-through of the whole guide, made from its pictures (animated WebP).

One frame per picture, in the guide's order, each with a caption band naming its step
("Step 7a of 11: ...") and the parts it marks. Built from the committed pictures only, with
Pillow's own font and lossless frames, so the same pictures give the same frames on any
machine; ``keyflow shots --check`` and the docs test decode the committed file and compare
it frame by frame with one made again.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageSequence

from e2e.guide import GUIDE_STEPS, step_by_number
from e2e.shots.manifest import Shot, ShotManifest
from e2e.shots.render import marks_phrase

__all__ = [
    "ANIMATION_FILE",
    "FRAME_MS",
    "FRAME_SIZE",
    "animation_drift",
    "render_frames",
    "render_walkthrough",
]

ANIMATION_FILE = "walkthrough.webp"
FRAME_MS = 2500  # long enough to read a caption and find the marks
FRAME_SIZE = (960, 600)  # the pictures' 1280 x 800, scaled
BAND_PX = 64
BAND_COLOUR = (29, 35, 48)
TEXT_COLOUR = (255, 255, 255)
MUTED_COLOUR = (190, 198, 210)


def _caption(shot: Shot) -> tuple[str, str]:
    step = step_by_number(shot.number)
    first = f"Step {shot.label} of {len(GUIDE_STEPS)}: {step.title}"
    marks = marks_phrase(shot)
    return first, shot.caption + (f" ({marks})" if marks else "")


def _frame(picture: Image.Image, shot: Shot) -> Image.Image:
    width, height = FRAME_SIZE
    frame = Image.new("RGB", (width, height + BAND_PX), BAND_COLOUR)
    frame.paste(picture.convert("RGB").resize(FRAME_SIZE, Image.Resampling.LANCZOS), (0, 0))
    draw = ImageDraw.Draw(frame)
    title, caption = _caption(shot)
    # Pillow's own font (no system font): the same glyphs wherever Pillow is the same.
    draw.text((18, height + 9), title, fill=TEXT_COLOUR, font=ImageFont.load_default(20))
    draw.text((18, height + 36), caption, fill=MUTED_COLOUR, font=ImageFont.load_default(16))
    return frame


def render_frames(manifest: ShotManifest, pictures_dir: Path) -> list[Image.Image]:
    """The walk-through's frames, in the guide's order."""
    order = {step.number: index for index, step in enumerate(GUIDE_STEPS)}
    shots = sorted(manifest.shots, key=lambda shot: (order.get(shot.number, 99), shot.part))
    frames = []
    for shot in shots:
        with Image.open(pictures_dir / shot.file) as picture:
            frames.append(_frame(picture, shot))
    return frames


def render_walkthrough(manifest: ShotManifest, pictures_dir: Path) -> bytes:
    """The animated WebP: one lossless frame per picture, looping."""
    frames = render_frames(manifest, pictures_dir)
    if not frames:
        raise ValueError("no pictures to animate")
    out = io.BytesIO()
    frames[0].save(
        out,
        format="WEBP",
        save_all=True,
        append_images=frames[1:],
        duration=FRAME_MS,
        loop=0,
        lossless=True,
        # Lossless effort: 2 makes a file a third the size of 0's in a few seconds; 4 and
        # up take three times as long for 4 % less.
        quality=50,
        method=2,
    )
    return out.getvalue()


@dataclass(frozen=True)
class _Decoded:
    frames: list[Image.Image]
    durations: list[int]


def _decode(data: bytes) -> _Decoded:
    frames, durations = [], []
    with Image.open(io.BytesIO(data)) as animation:
        for frame in ImageSequence.Iterator(animation):
            frames.append(frame.convert("RGB"))
            durations.append(int(frame.info.get("duration", 0)))
    return _Decoded(frames, durations)


def animation_drift(committed: Path, manifest: ShotManifest, pictures_dir: Path) -> list[str]:
    """What differs between the committed walk-through and one made from ``pictures_dir``."""
    if not committed.is_file():
        return [f"{committed.name}: missing"]
    have = _decode(committed.read_bytes())
    want = render_frames(manifest, pictures_dir)
    problems = []
    if len(have.frames) != len(want):
        problems.append(
            f"{committed.name}: {len(have.frames)} frames, the pictures make {len(want)}"
        )
    for index, (seen, made) in enumerate(zip(have.frames, want, strict=False), start=1):
        if seen.size != made.size or ImageChops.difference(seen, made).getbbox() is not None:
            problems.append(f"{committed.name}: frame {index} is not the picture it should show")
    if any(duration != FRAME_MS for duration in have.durations):
        problems.append(f"{committed.name}: frames are not {FRAME_MS} ms each")
    return problems
