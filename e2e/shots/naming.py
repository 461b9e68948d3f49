"""File names of the documentation pictures: by step number, then the step's title."""

from __future__ import annotations

import re
import string

__all__ = ["part_letter", "shot_filename", "slugify"]


def slugify(title: str) -> str:
    """``"Copy Altrady's IP whitelist"`` -> ``"copy-altradys-ip-whitelist"``."""
    without_apostrophes = re.sub(r"['\u2019]", "", title.lower())
    return re.sub(r"[^a-z0-9]+", "-", without_apostrophes).strip("-")


def part_letter(index: int) -> str:
    """The letter of a step's ``index``-th picture (0 -> ``a``), for steps with several."""
    if not 0 <= index < len(string.ascii_lowercase):
        raise ValueError(f"a step has at most 26 pictures, not {index + 1}")
    return string.ascii_lowercase[index]


def shot_filename(number: int, title: str, part: str = "") -> str:
    """``step-03-copy-altradys-ip-whitelist.png``; ``part`` ("a", "b") for several per step."""
    return f"step-{number:02d}{part}-{slugify(title)}.png"
