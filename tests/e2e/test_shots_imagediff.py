from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from e2e.shots.imagediff import (
    DIFF_COLOUR,
    Tolerance,
    compare_files,
    compare_images,
    diff_image,
)


def page_like(label: str = "Generate Key", *, shade: int = 0) -> Image.Image:
    """A white 200x100 'page' with a dark button and a label, like a screenshot."""
    image = Image.new("RGB", (200, 100), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 30, 180, 70), fill=(40 + shade, 60 + shade, 90 + shade))
    draw.text((30, 42), label, fill=(255, 255, 255))
    return image


def test_identical_pictures_match() -> None:
    result = compare_images(page_like(), page_like())
    assert result.matches
    assert result.differing_pixels == 0
    assert result.total_pixels == 200 * 100


def test_small_channel_shifts_are_anti_aliasing_not_change() -> None:
    result = compare_images(page_like(), page_like(shade=10), Tolerance(channel_threshold=16))
    assert result.matches
    assert result.differing_pixels == 0


def test_shifts_beyond_the_threshold_count_as_differing() -> None:
    result = compare_images(page_like(), page_like(shade=10), Tolerance(channel_threshold=5))
    button = 161 * 41
    # The whole button moved, except where the white label covers it in both.
    assert button * 0.9 < result.differing_pixels <= button
    assert not result.matches


def test_a_changed_label_is_a_change() -> None:
    result = compare_images(page_like("Generate Key"), page_like("Create Key"))
    assert not result.matches
    assert result.differing_pixels > 20
    assert "pixels differ" in result.describe()


def test_a_few_stray_pixels_fit_within_the_allowed_fraction() -> None:
    changed = page_like()
    for x in range(5):
        changed.putpixel((x, 0), (0, 0, 0))
    tolerance = Tolerance(max_fraction=5 / 20_000)
    assert compare_images(page_like(), changed, tolerance).matches
    changed.putpixel((5, 0), (0, 0, 0))
    assert not compare_images(page_like(), changed, tolerance).matches


def test_a_size_change_never_matches_and_says_so() -> None:
    bigger = Image.new("RGB", (200, 120), (255, 255, 255))
    bigger.paste(page_like(), (0, 0))
    result = compare_images(page_like(), bigger)
    assert not result.matches
    assert result.describe() == "size changed from 200x100 to 200x120"
    # Everything only the bigger picture has differs.
    assert result.differing_pixels == 200 * 20
    assert result.total_pixels == 200 * 120


def test_transparency_is_compared_as_white() -> None:
    transparent = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    white = Image.new("RGB", (10, 10), (255, 255, 255))
    assert compare_images(white, transparent).matches


def test_diff_marks_changed_pixels_red_over_a_faded_copy() -> None:
    before = page_like()
    after = page_like()
    ImageDraw.Draw(after).rectangle((0, 0, 9, 9), fill=(0, 0, 0))
    diff = diff_image(before, after)
    assert diff.size == before.size
    assert diff.getpixel((5, 5)) == DIFF_COLOUR
    # Unchanged: the button, greyed and faded towards white, never red.
    red, green, blue = diff.getpixel((100, 35))  # type: ignore[misc]
    assert red == green == blue
    assert red > 150
    # Unchanged white stays white.
    assert diff.getpixel((199, 99)) == (255, 255, 255)


def test_diff_of_different_sizes_marks_the_extra_area() -> None:
    bigger = Image.new("RGB", (200, 120), (255, 255, 255))
    bigger.paste(page_like(), (0, 0))
    diff = diff_image(page_like(), bigger)
    assert diff.size == (200, 120)
    assert diff.getpixel((10, 110)) == DIFF_COLOUR
    assert diff.getpixel((10, 10)) != DIFF_COLOUR


def test_compare_files_reads_pngs(tmp_path: Path) -> None:
    page_like().save(tmp_path / "a.png")
    page_like("Other").save(tmp_path / "b.png")
    assert compare_files(tmp_path / "a.png", tmp_path / "a.png").matches
    assert not compare_files(tmp_path / "a.png", tmp_path / "b.png").matches


@pytest.mark.parametrize(("threshold", "fraction"), [(-1, 0.0), (256, 0.0), (10, -0.1), (10, 1.5)])
def test_tolerance_rejects_nonsense(threshold: int, fraction: float) -> None:
    with pytest.raises(ValueError, match="between"):
        Tolerance(channel_threshold=threshold, max_fraction=fraction)
