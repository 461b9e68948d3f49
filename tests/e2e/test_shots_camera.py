"""The camera on a static page in a real browser: outline, masks, names, manifest."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page

from e2e.shots.camera import MASK_COLOUR, Camera
from e2e.shots.highlight import HIGHLIGHT_ID
from e2e.shots.manifest import ShotManifest

# The plugin's browser, context and page (playwright.config.toml), in a smaller window.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.browser_context_args(viewport={"width": 800, "height": 400}),
]

SECRET = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg=="
# Both mocks send a strict Content-Security-Policy (no inline styles or scripts); the
# camera must work under it, so the test page sets the same policy. Its own style comes
# from the test, before the policy applies (a meta policy covers what follows it).
PAGE = f"""
<!doctype html>
<style>
  body {{ margin: 20px; font-family: sans-serif; }}
  input {{ width: 600px; }}
  #glow:focus {{ outline: none; box-shadow: 0 0 0 3px rgba(113, 50, 245, 0.5); }}
  #tinted:focus {{ outline: none; border-color: #7132f5; }}
</style>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; base-uri 'none'">
<label>Name <input id="name" value="Altrady 1"></label>
<label>Window <input id="glow" value="5000"></label>
<label>Whitelist <input id="tinted" value="127.0.0.11"></label>
<p>Private key: <code id="secret" data-shot-mask>{SECRET}</code></p>
<p>API key: <code id="api">a-public-api-key</code></p>
<button id="generate">Generate Key</button>
"""
MASK_RGB = tuple(int(MASK_COLOUR[i : i + 2], 16) for i in (1, 3, 5))


@pytest.fixture
def page(page: Page) -> Page:
    page.set_content(PAGE)
    return page


def centre(page: Page, selector: str) -> tuple[int, int]:
    box = page.locator(selector).bounding_box()
    assert box is not None
    return round(box["x"] + box["width"] / 2), round(box["y"] + box["height"] / 2)


def rgb(path: Path, at: tuple[int, int]) -> object:
    with Image.open(path) as image:
        return image.convert("RGB").getpixel(at)


def test_pictures_are_named_by_step_with_letters_when_several(page: Page, tmp_path: Path) -> None:
    camera = Camera(tmp_path)
    button = page.get_by_role("button", name="Generate Key")
    assert camera.take(page, number=7, caption="The form, filled in", subject=button)
    assert camera.take(page, number=7, caption="The new key", subject=page.locator("#api"))
    assert camera.take(page, number=3, caption="The copy icon", subject=button)
    manifest = camera.develop()
    assert [(s.label, s.file) for s in manifest.shots] == [
        ("3", "step-03-copy-altradys-ip-whitelist.png"),
        ("7a", "step-07a-fill-in-and-generate-the-key.png"),
        ("7b", "step-07b-fill-in-and-generate-the-key.png"),
    ]
    assert ShotManifest.load(tmp_path) == manifest
    for shot in manifest.shots:
        with Image.open(tmp_path / shot.file) as image:
            assert image.size == (800, 400)


def test_each_picture_of_the_chosen_steps_is_taken_once(page: Page, tmp_path: Path) -> None:
    camera = Camera(tmp_path, steps=frozenset({7, 8}))
    button = page.get_by_role("button", name="Generate Key")
    assert not camera.take(page, number=3, caption="Copy", subject=button)
    assert camera.take(page, number=7, caption="Generate Key", subject=button)
    # The second key walks step 7 again: nothing new to show.
    assert not camera.take(
        page, number=7, caption="Generate Key", subject=button, walk="second key"
    )
    # A picture only a later walk takes still counts.
    assert camera.take(page, number=8, caption="Add Extra Key", subject=button, walk="second key")
    assert camera.taken == 2


def test_secrets_are_masked_and_the_page_is_left_as_it_was(page: Page, tmp_path: Path) -> None:
    page.locator("#name").focus()
    camera = Camera(tmp_path)
    camera.take(
        page,
        number=8,
        caption="The key dialog",
        subject=page.get_by_role("button", name="Generate Key"),
        masks=[page.locator("#api")],
    )
    (shot,) = camera.develop().shots
    picture = tmp_path / shot.file
    # Marked on the page, and passed by the caller: both covered in grey.
    assert rgb(picture, centre(page, "#secret")) == MASK_RGB
    assert rgb(picture, centre(page, "#api")) == MASK_RGB
    # Nothing of the camera's stays behind, and the focus is where it was.
    assert page.locator(f"#{HIGHLIGHT_ID}").count() == 0
    assert page.evaluate("document.activeElement.id") == "name"
    assert page.evaluate("document.adoptedStyleSheets.length") == 0


@pytest.mark.parametrize("field", ["#name", "#glow", "#tinted"])
def test_the_focused_field_gets_no_focus_ring(page: Page, tmp_path: Path, field: str) -> None:
    box = page.locator(field).bounding_box()
    assert box is not None
    around_field = (
        round(box["x"]) - 4,
        round(box["y"]) - 4,
        round(box["x"] + box["width"]) + 4,
        round(box["y"] + box["height"]) + 4,
    )

    def field_area(png: bytes) -> bytes:
        return Image.open(io.BytesIO(png)).convert("RGB").crop(around_field).tobytes()

    unfocused = field_area(page.screenshot(caret="hide"))
    page.locator(field).focus()
    assert field_area(page.screenshot(caret="hide")) != unfocused  # the ring shows
    camera = Camera(tmp_path)
    camera.take(
        page, number=7, caption="x", subject=page.get_by_role("button", name="Generate Key")
    )
    (shot,) = camera.develop().shots
    assert field_area((tmp_path / shot.file).read_bytes()) == unfocused


def test_two_pictures_of_the_same_page_are_identical(page: Page, tmp_path: Path) -> None:
    button = page.get_by_role("button", name="Generate Key")
    first, second = Camera(tmp_path / "1"), Camera(tmp_path / "2")
    first.take(page, number=3, caption="x", subject=button)
    second.take(page, number=3, caption="x", subject=button)
    (a,), (b,) = first.develop().shots, second.develop().shots
    assert (tmp_path / "1" / a.file).read_bytes() == (tmp_path / "2" / b.file).read_bytes()
