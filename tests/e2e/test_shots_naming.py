from __future__ import annotations

import pytest

from e2e.guide import GUIDE_STEPS, step_by_number
from e2e.shots.naming import part_letter, shot_filename, slugify


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Copy Altrady's IP whitelist", "copy-altradys-ip-whitelist"),
        ("Fill in and generate the key", "fill-in-and-generate-the-key"),
        ("Connections & API", "connections-api"),
        ("  Trailing, punctuation!  ", "trailing-punctuation"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_a_step_with_one_picture_is_named_by_number_and_title() -> None:
    step = step_by_number(3)
    assert shot_filename(step.number, step.title) == "step-03-copy-altradys-ip-whitelist.png"


def test_a_step_with_several_pictures_gets_letters() -> None:
    step = step_by_number(7)
    assert (
        shot_filename(7, step.title, part_letter(0)) == "step-07a-fill-in-and-generate-the-key.png"
    )
    assert part_letter(1) == "b"


def test_every_step_name_is_unique_and_sorts_in_guide_order() -> None:
    names = [shot_filename(step.number, step.title) for step in GUIDE_STEPS]
    assert len(set(names)) == len(names)
    assert sorted(names) == names


def test_more_than_26_pictures_per_step_is_refused() -> None:
    with pytest.raises(ValueError, match="at most 26"):
        part_letter(26)
