"""Compare two screenshots the way a person would: ignore anti-aliasing, see real change.

A pixel differs when any colour channel moved by more than ``channel_threshold``; two
pictures match when they have the same size and at most ``max_fraction`` of their pixels
differ. Font smoothing and sub-pixel positioning move a few edge pixels by a few levels
between machines; a changed label moves hundreds of pixels by far more.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops

__all__ = ["Comparison", "Tolerance", "compare_files", "compare_images", "diff_image"]

DIFF_COLOUR = (255, 0, 0)
# How much of the expected picture shows through under the red marks: enough to see
# where on the page the change is, faint enough that the red stands out.
FADE_TO_WHITE = 0.75


@dataclass(frozen=True)
class Tolerance:
    channel_threshold: int = 32  # 0..255: a channel may move this much and still match
    max_fraction: float = 0.0005  # share of pixels allowed to differ (0.05%: ~500 at 1280x800)

    def __post_init__(self) -> None:
        if not 0 <= self.channel_threshold <= 255:
            raise ValueError("channel_threshold must be between 0 and 255")
        if not 0 <= self.max_fraction <= 1:
            raise ValueError("max_fraction must be between 0 and 1")


@dataclass(frozen=True)
class Comparison:
    expected_size: tuple[int, int]
    actual_size: tuple[int, int]
    differing_pixels: int
    total_pixels: int
    tolerance: Tolerance

    @property
    def same_size(self) -> bool:
        return self.expected_size == self.actual_size

    @property
    def fraction(self) -> float:
        return self.differing_pixels / self.total_pixels if self.total_pixels else 0.0

    @property
    def matches(self) -> bool:
        return self.same_size and self.fraction <= self.tolerance.max_fraction

    def describe(self) -> str:
        if not self.same_size:
            ew, eh = self.expected_size
            aw, ah = self.actual_size
            return f"size changed from {ew}x{eh} to {aw}x{ah}"
        return (
            f"{self.differing_pixels} of {self.total_pixels} pixels differ "
            f"({self.fraction:.3%}; allowed {self.tolerance.max_fraction:.3%})"
        )


def _rgb(image: Image.Image) -> Image.Image:
    """Flatten onto white: a transparent pixel looks white on a documentation page."""
    if image.mode == "RGB":
        return image
    rgba = image.convert("RGBA")
    flat = Image.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return flat


def _on_canvas(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    if image.size == size:
        return image
    canvas = Image.new("RGB", size, (255, 255, 255))
    canvas.paste(image, (0, 0))
    return canvas


def _difference_mask(expected: Image.Image, actual: Image.Image, threshold: int) -> Image.Image:
    """An ``L`` image, 255 where the pictures differ beyond ``threshold``, over the union size."""
    size = (max(expected.width, actual.width), max(expected.height, actual.height))
    delta = ImageChops.difference(_on_canvas(expected, size), _on_canvas(actual, size))
    red, green, blue = delta.split()
    largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    mask = largest.point(lambda level: 255 if level > threshold else 0)
    if expected.size != actual.size:
        # Where only one picture has pixels, everything differs.
        both = Image.new("L", size, 255)
        both.paste(
            0, (0, 0, min(expected.width, actual.width), min(expected.height, actual.height))
        )
        mask = ImageChops.lighter(mask, both)
    return mask


def compare_images(
    expected: Image.Image, actual: Image.Image, tolerance: Tolerance | None = None
) -> Comparison:
    tolerance = tolerance or Tolerance()
    expected, actual = _rgb(expected), _rgb(actual)
    mask = _difference_mask(expected, actual, tolerance.channel_threshold)
    return Comparison(
        expected_size=expected.size,
        actual_size=actual.size,
        differing_pixels=mask.histogram()[255],
        total_pixels=mask.width * mask.height,
        tolerance=tolerance,
    )


def diff_image(
    expected: Image.Image, actual: Image.Image, tolerance: Tolerance | None = None
) -> Image.Image:
    """The changed pixels in red over a faded grey copy of the expected picture."""
    tolerance = tolerance or Tolerance()
    expected, actual = _rgb(expected), _rgb(actual)
    mask = _difference_mask(expected, actual, tolerance.channel_threshold)
    grey = _on_canvas(expected, mask.size).convert("L").convert("RGB")
    white = Image.new("RGB", mask.size, (255, 255, 255))
    faded = Image.blend(grey, white, FADE_TO_WHITE)
    faded.paste(DIFF_COLOUR, (0, 0, *mask.size), mask=mask)
    return faded


def compare_files(expected: Path, actual: Path, tolerance: Tolerance | None = None) -> Comparison:
    with Image.open(expected) as want, Image.open(actual) as got:
        want.load()
        got.load()
        return compare_images(want, got, tolerance)
