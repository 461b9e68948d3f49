"""The pages render in fonts every machine installs the same way, or pictures drift.

Both mocks name system fonts first (``system-ui``, ``Segoe UI``, ``Arial``, ...); on Linux
those resolve through fontconfig to whatever is installed. The pictures are stable when
they resolve to DejaVu (fonts-dejavu-core) and Liberation (fonts-liberation), which the
CI image and the developers' machines install. A machine that resolves to anything else
would take different pictures: this test names the font and the page.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from fixtures.servers import MockStack

pytestmark = pytest.mark.browser

STABLE_FAMILIES = {"DejaVu Sans", "DejaVu Sans Mono", "Liberation Sans", "Liberation Mono"}
# Text of every kind the guide's pictures show: headings, labels, fields, buttons, code.
TEXT = "h1, h2, h3, p, label, button, input, a, code, td, th, li, .mono, textarea"


def fonts_used(page: Page) -> dict[str, set[str]]:
    """Rendered font family -> the selectors of the elements drawn in it."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root: Any = session.send("DOM.getDocument", {"depth": -1})
    found: Any = session.send(
        "DOM.querySelectorAll", {"nodeId": root["root"]["nodeId"], "selector": TEXT}
    )
    used: dict[str, set[str]] = {}
    for node_id in found["nodeIds"]:
        fonts: Any = session.send("CSS.getPlatformFontsForNode", {"nodeId": node_id})
        node: Any = session.send("DOM.describeNode", {"nodeId": node_id})
        for font in fonts["fonts"]:
            used.setdefault(font["familyName"], set()).add(node["node"]["localName"])
    session.detach()
    return used


@pytest.mark.parametrize("mock", ["kraken", "altrady"])
def test_the_login_pages_render_in_dejavu_or_liberation(
    keyflow_mocks: MockStack, page: Page, mock: str
) -> None:
    base = keyflow_mocks.kraken_url if mock == "kraken" else keyflow_mocks.altrady_url
    page.goto(base + "/login")
    page.evaluate("document.fonts.ready.then(() => true)")
    used = fonts_used(page)
    assert used, "no text found to check"
    others = {family: tags for family, tags in used.items() if family not in STABLE_FAMILIES}
    assert not others, (
        f"{mock}'s pages render in fonts other than DejaVu or Liberation: {others}. "
        "Install fonts-dejavu-core and fonts-liberation, or the pictures will differ "
        "from the committed ones"
    )
