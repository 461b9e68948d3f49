"""The outline, drawn in a real browser on static pages.

The browser is pytest-playwright's, launched the house way by the keyflow plugin.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import FloatRect, Page

from e2e.shots.highlight import HIGHLIGHT_ID, HighlightStyle, highlighted

# The plugin's browser, context and page (playwright.config.toml), in a smaller window.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.browser_context_args(viewport={"width": 800, "height": 600}),
]

OUTLINE_RGB = (0xFF, 0x3B, 0x6B)

PAGE = """
<!doctype html>
<style>
  body { margin: 0; font-family: sans-serif; }
  .clip { overflow: hidden; width: 300px; height: 60px; margin: 100px; padding: 0; }
  button { margin: 10px; width: 120px; height: 32px; }
  dialog { transform: translateX(40px); }
</style>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'">
<div class="clip"><button id="copy">Copy</button></div>
<button id="other">Other</button>
<div style="height: 2000px"></div>
<button id="far">Far below</button>
<dialog id="keys"><p>API key</p><button id="close">Close</button></dialog>
"""


@pytest.fixture
def page(page: Page) -> Page:
    page.set_content(PAGE)
    return page


def outline_box(page: Page) -> FloatRect:
    box = page.locator(f"#{HIGHLIGHT_ID}").bounding_box()
    assert box is not None
    return box


def screenshot(page: Page) -> Image.Image:
    return Image.open(io.BytesIO(page.screenshot())).convert("RGB")


def test_the_outline_surrounds_the_subject_with_padding(page: Page) -> None:
    style = HighlightStyle()
    inset = style.padding_px + style.width_px
    with highlighted(page.locator("#copy"), style):
        button = page.locator("#copy").bounding_box()
        assert button is not None
        box = outline_box(page)
        assert box["x"] == pytest.approx(button["x"] - inset, abs=1)
        assert box["y"] == pytest.approx(button["y"] - inset, abs=1)
        assert box["width"] == pytest.approx(button["width"] + 2 * inset, abs=1)
        assert box["height"] == pytest.approx(button["height"] + 2 * inset, abs=1)
        picture = screenshot(page)
    # The left edge of the outline, halfway down, is the outline colour even though the
    # button's container clips anything drawn outside it.
    edge = (round(box["x"]) + 1, round(box["y"] + box["height"] / 2))
    assert _near(picture.getpixel(edge), OUTLINE_RGB)


def test_only_the_subject_is_outlined_and_the_outline_goes_away(page: Page) -> None:
    before = screenshot(page)
    with highlighted(page.locator("#copy")):
        assert page.locator(f"#{HIGHLIGHT_ID}").count() == 1
        during = screenshot(page)
        box = outline_box(page)
    other = page.locator("#other").bounding_box()
    assert other is not None
    assert page.locator(f"#{HIGHLIGHT_ID}").count() == 0
    assert screenshot(page).tobytes() == before.tobytes()
    changed = _changed_area(before, during)
    assert changed is not None
    left, top, right, bottom = changed
    # Every changed pixel lies within the outline's box, none near the other button.
    assert left >= box["x"] - 1
    assert top >= box["y"] - 1
    assert right <= box["x"] + box["width"] + 1
    assert bottom <= box["y"] + box["height"] + 1
    assert bottom < other["y"]


@pytest.mark.parametrize("edge", ["below the fold", "at the bottom edge", "at the top edge"])
def test_the_whole_outline_is_in_view(page: Page, edge: str) -> None:
    page.goto("about:blank")  # a fresh document, without the test page's policy
    page.set_content(
        "<div style='height: 1000px'></div><button id='far'>Far</button>"
        "<div style='height: 1000px'></div>"
    )
    top = page.evaluate("document.getElementById('far').getBoundingClientRect().top")
    scroll_to = {
        "below the fold": 0,
        "at the bottom edge": top - 600 + 22,  # the button's bottom on the window's edge
        "at the top edge": top,
    }[edge]
    page.evaluate("(y) => window.scrollTo(0, y)", scroll_to)
    inset = HighlightStyle().padding_px + HighlightStyle().width_px
    with highlighted(page.locator("#far")):
        box = outline_box(page)
        button = page.locator("#far").bounding_box()
    assert button is not None
    # Not cut by the window: the full padding on every side.
    assert box["height"] == pytest.approx(button["height"] + 2 * inset, abs=1)
    assert box["y"] >= 1
    assert box["y"] + box["height"] <= 600 - 1


def test_inside_a_modal_dialog_the_outline_is_painted_above_it(page: Page) -> None:
    page.evaluate("document.getElementById('keys').showModal()")
    with highlighted(page.locator("#close")):
        inside = page.evaluate(f"!!document.querySelector('dialog[open] #{HIGHLIGHT_ID}')")
        assert inside
        button = page.locator("#close").bounding_box()
        assert button is not None
        box = outline_box(page)
        # Placed on the button despite the dialog's transform.
        inset = HighlightStyle().padding_px + HighlightStyle().width_px
        assert box["x"] == pytest.approx(button["x"] - inset, abs=1)
        assert box["y"] == pytest.approx(button["y"] - inset, abs=1)
        picture = screenshot(page)
    assert _near(picture.getpixel((round(box["x"]) + 1, round(box["y"] + 10))), OUTLINE_RGB)


@pytest.mark.parametrize("style", ["display: none", "width: 0; height: 0; padding: 0; border: 0"])
def test_a_subject_that_cannot_be_seen_is_a_clear_error(page: Page, style: str) -> None:
    page.goto("about:blank")  # a fresh document, without the test page's policy
    page.set_content(f"<button id='unseen' style='{style}'></button>")
    page.set_default_timeout(300)
    with (
        pytest.raises(PlaywrightError, match="to be visible"),
        highlighted(page.locator("#unseen")),
    ):
        pass


def _near(pixel: object, rgb: tuple[int, int, int], tolerance: int = 40) -> bool:
    assert isinstance(pixel, tuple)
    return all(abs(int(a) - b) <= tolerance for a, b in zip(pixel, rgb, strict=False))


def _changed_area(a: Image.Image, b: Image.Image) -> tuple[int, int, int, int] | None:
    from PIL import ImageChops  # noqa: PLC0415

    return ImageChops.difference(a, b).getbbox()
