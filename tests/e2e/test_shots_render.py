from __future__ import annotations

from e2e.guide import GUIDE_STEPS, GUIDE_TITLE, GuideStep
from e2e.shots.manifest import Shot, ShotManifest
from e2e.shots.render import GENERATED_NOTE, marks_phrase, render_guide, step_heading

STEPS = (
    GuideStep(3, "Copy the whitelist", "Altrady", "Click **copy**.", "The clipboard holds it."),
    GuideStep(7, "Generate the key", "Kraken", "Click **Generate Key**.", "A key exists."),
)


def test_every_step_is_rendered_in_order_with_its_words() -> None:
    text = render_guide("Title", STEPS, ShotManifest())
    assert text.startswith("# Title\n\n" + GENERATED_NOTE)
    assert text.index("## Step 3. Copy the whitelist") < text.index("## Step 7. Generate the key")
    assert "*Where:* in Altrady" in text
    assert "*Where:* on Kraken" in text
    assert "Click **Generate Key**." in text
    assert "**You should see:** A key exists." in text
    assert text.endswith("\n")
    assert not text.endswith("\n\n")


def test_pictures_are_embedded_under_their_step_with_captions() -> None:
    manifest = ShotManifest(
        shots=[
            Shot(number=3, caption="The copy icon", file="step-03-copy.png"),
            Shot(number=7, part="a", caption="The form, filled in", file="step-07a-gen.png"),
            Shot(number=7, part="b", caption="The new key", file="step-07b-gen.png"),
        ]
    )
    text = render_guide("Title", STEPS, manifest)
    step7 = text[text.index("## Step 7.") :]
    assert "![Step 3: The copy icon](shots/step-03-copy.png)" in text
    assert step7.index("(shots/step-07a-gen.png)") < step7.index("(shots/step-07b-gen.png)")
    assert "*Picture 7b: The new key*" in step7
    # The confirmation comes after the pictures.
    assert step7.index("*Picture 7b") < step7.index("**You should see:**")


def test_the_real_guide_renders_every_step() -> None:
    text = render_guide(GUIDE_TITLE, GUIDE_STEPS, ShotManifest())
    for step in GUIDE_STEPS:
        assert step_heading(step) in text


def test_numbered_parts_are_listed_with_their_numbers_then_what_follows() -> None:
    step = GuideStep(
        7,
        "Generate the key",
        "Kraken",
        "Fill it all in.",
        "A key exists.",
        parts=("**Name** it.", "Tick the permissions."),
        closing="Click **Generate Key**.",
    )
    manifest = ShotManifest(
        shots=[Shot(number=7, caption="The form", file="f.png", marks=("7.1", "7.2"))]
    )
    text = render_guide("Title", (step,), manifest)
    assert (
        "- **7.1** **Name** it.\n- **7.2** Tick the permissions.\n\nClick **Generate Key**." in text
    )
    assert "Fill it all in." not in text  # the parts say it
    assert "*Picture 7: The form (marks 7.1 and 7.2)*" in text


def test_marks_read_as_a_reader_counts_them() -> None:
    def shot(*marks: str) -> Shot:
        return Shot(number=8, caption="c", file="f.png", marks=marks)

    assert marks_phrase(shot()) == ""
    assert marks_phrase(shot("8.4")) == "mark 8.4"
    assert marks_phrase(shot("8.1", "8.2")) == "marks 8.1 and 8.2"
    assert marks_phrase(shot("7.1", "7.2", "7.3")) == "marks 7.1 to 7.3"
    assert marks_phrase(shot("7.1", "7.3", "7.5")) == "marks 7.1, 7.3 and 7.5"
