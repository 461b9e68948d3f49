"""The colours a picture shows inside a form field: one colour is a mask's grey box."""

from __future__ import annotations

import io
from pathlib import Path
from typing import cast

from PIL import Image
from playwright.sync_api import Locator


def colours_inside(picture: bytes | Path, field: Locator) -> set[tuple[int, ...]]:
    """Every colour of ``picture`` within ``field``'s border, clear of its resize grip."""
    box = field.bounding_box()
    assert box is not None, f"{field} is not on the page"
    inside = (
        round(box["x"]) + 3,
        round(box["y"]) + 3,
        round(box["x"] + box["width"]) - 16,
        round(box["y"] + box["height"]) - 16,
    )
    source = io.BytesIO(picture) if isinstance(picture, bytes) else picture
    with Image.open(source) as shot:
        colours = shot.convert("RGB").crop(inside).getcolors(10_000) or []
    return {cast(tuple[int, ...], colour) for _, colour in colours}
