"""The drift check names the step and the words that changed, and a step that is gone."""

from __future__ import annotations

from pathlib import Path

from e2e.shots.drift import Drift, find_drift, sections
from e2e.shots.publish import guide_text

DOCS = Path(__file__).resolve().parents[2] / "docs"


def rendered() -> str:
    return guide_text(DOCS)


def test_the_same_text_has_no_drift() -> None:
    assert find_drift(rendered(), rendered()) == []


def test_a_changed_word_names_its_step_and_the_words() -> None:
    edited = rendered().replace("Click **Next**.", "Click **Continue**.")
    drifts = find_drift(rendered(), edited)
    assert [(drift.number, drift.kind) for drift in drifts] == [(9, "changed")]
    message = str(drifts[0])
    assert message.startswith("step 9 (Confirm the connection) differs")
    assert "'**Next**.'" in message
    assert "'**Continue**.'" in message


def test_a_change_outside_the_headings_is_caught() -> None:
    edited = rendered().replace("**You should see:** The account is connected.", "")
    drifts = find_drift(rendered(), edited)
    assert [drift.number for drift in drifts] == [9]
    assert "'**You should see:** The account is connected.'" in str(drifts[0])


def test_a_deleted_step_is_missing() -> None:
    text = rendered()
    step9 = sections(text)[9][1]
    drifts = find_drift(text, text.replace(step9, ""))
    assert [str(drift) for drift in drifts] == ["step 9 (Confirm the connection) is missing"]


def test_a_step_the_guide_does_not_have_is_named() -> None:
    edited = rendered() + "## Step 12. Celebrate\n\nClick **Party**.\n"
    assert [str(d) for d in find_drift(rendered(), edited)] == [
        "step 12 (Celebrate) is not a step of the guide"
    ]


def test_the_title_is_checked_too() -> None:
    edited = rendered().replace("# How to connect", "# How to link", 1)
    drifts = find_drift(rendered(), edited)
    assert [drift.where for drift in drifts] == ["the title"]


def test_a_layout_change_says_so() -> None:
    drift = find_drift("## Step 1. A\n\nClick **B**.\n", "## Step 1. A\n\nClick  **B**.\n")
    assert drift == [
        Drift(1, "A", "changed", ("the same words, laid out differently (spaces or line breaks)",))
    ]
