"""Numbered marks, drawn in a real browser on a static page under the mocks' CSP."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page

from e2e.shots.callouts import CALLOUT_CLASS, Mark, MarkOutOfViewError, bring_into_view, numbered

pytestmark = pytest.mark.browser

BADGE_RGB = (0xFF, 0x3B, 0x6B)
PAGE = """
<!doctype html>
<style>
  body { margin: 0; font-family: sans-serif; }
  form { margin: 40px 0 0 60px; width: 500px; }
  label { display: block; margin-top: 16px; }
  .spacer { height: 1400px; }
  dialog { transform: translateX(30px); }
</style>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'">
<form>
  <label for="name">Name</label><input id="name" value="Altrady 1">
  <label><input type="checkbox" id="ws" checked> WebSocket interface</label>
  <button type="button" id="cancel">Cancel</button>
  <button type="button" id="connect">Connect</button>
</form>
<div class="spacer"></div>
<label for="far">Far below</label><input id="far">
<dialog id="keys">
  <p>Your new API key</p><input id="api" value="a-key"><button id="close">Close</button>
</dialog>
"""

DRAWN = f"""() => [...document.querySelectorAll(".{CALLOUT_CLASS}")].map((node) => {{
  const r = node.getBoundingClientRect();
  return {{ text: node.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom,
            parent: node.parentElement.tagName }};
}})"""


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 800, "height": 500})
    page = context.new_page()
    page.set_content(PAGE)
    yield page
    context.close()


def rect(page: Page, selector: str) -> dict[str, float]:
    box = page.locator(selector).bounding_box()
    assert box is not None
    return {
        "left": box["x"],
        "top": box["y"],
        "right": box["x"] + box["width"],
        "bottom": box["y"] + box["height"],
    }


def overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return not (
        a["right"] <= b["left"]
        or b["right"] <= a["left"]
        or a["bottom"] <= b["top"]
        or b["bottom"] <= a["top"]
    )


def test_each_mark_gets_a_box_and_a_badge_with_its_number(page: Page) -> None:
    marks = [
        Mark("7.1", (page.locator("#name"),)),
        Mark("7.3", (page.locator("#ws"),)),
        Mark("8.5", (page.locator("#connect"),)),
    ]
    with numbered(page, marks):
        drawn: list[dict[str, Any]] = page.evaluate(DRAWN)
        png = page.screenshot()
    boxes = [node for node in drawn if not node["text"]]
    badges = [node for node in drawn if node["text"]]
    assert [badge["text"] for badge in badges] == ["7.1", "7.3", "8.5"]
    assert len(boxes) == 3
    # A control is marked with its label: the checkbox's box takes in its words.
    ws_label = rect(page, "label:has(#ws)")
    assert boxes[1]["left"] <= ws_label["left"]
    assert boxes[1]["right"] >= ws_label["right"]
    # No badge sits on another control (Connect's badge must not hide Cancel).
    for badge in badges:
        for control in ("#name", "#ws", "#cancel", "#connect"):
            assert not overlaps(badge, rect(page, control)), (badge["text"], control)
    # The badge is drawn in the marks' colour, in the picture.
    with Image.open(io.BytesIO(png)) as image:
        inside = (  # in the badge's padding, left of its number
            round(badges[0]["left"]) + 4,
            round((badges[0]["top"] + badges[0]["bottom"]) / 2),
        )
        assert image.convert("RGB").getpixel(inside) == BADGE_RGB
    assert page.evaluate(DRAWN) == []  # gone after the block


def test_marks_in_a_dialog_join_it_and_land_on_their_control(page: Page) -> None:
    page.evaluate("document.getElementById('keys').showModal()")
    with numbered(page, [Mark("8.2", (page.locator("#close"),))]):
        drawn: list[dict[str, Any]] = page.evaluate(DRAWN)
    box = next(node for node in drawn if not node["text"])
    close = rect(page, "#close")
    assert {node["parent"] for node in drawn} == {"DIALOG"}  # above the modal's backdrop
    assert box["left"] <= close["left"] <= close["right"] <= box["right"]
    assert box["top"] <= close["top"] <= close["bottom"] <= box["bottom"]


def test_marks_far_apart_are_refused_by_name(page: Page) -> None:
    groups = [[page.locator("#name")], [page.locator("#far")]]
    with pytest.raises(MarkOutOfViewError, match=r"^mark 7.4 does not fit in the picture"):
        bring_into_view(page, groups, ["mark 7.1", "mark 7.4"])


def test_marks_out_of_view_are_scrolled_in_together(page: Page) -> None:
    page.evaluate("window.scrollTo(0, 1000)")
    bring_into_view(page, [[page.locator("#name")], [page.locator("#ws")]], ["a", "b"])
    for selector in ("#name", "#ws"):
        box = rect(page, selector)
        assert 0 <= box["top"] <= box["bottom"] <= 500, selector
