"""Chromium's own step screenshots cover every private key Playwright's masks covered.

In a headless Chromium run the step runner takes its pictures straight from Chromium
(``ChromiumStepCamera``), without Playwright's masks: the mask stylesheet every page of the
context carries (``MASK_SCRIPT``) has covered the keys. Walked here on the real mocks up to
the first key pasted into Altrady (Kraken's one-time dialog, Altrady's key fields): after
each step, every field the Playwright path masks (``_private_key_fields``) is one the
stylesheet covers, and the step's picture shows the dialog's Private key as one grey box.
"""

from __future__ import annotations

from typing import cast

import pytest
from playwright.sync_api import Page

from e2e.guide_plugin import _private_key_fields
from e2e.masks import MASK_COLOUR, PAGE_MASK_SELECTORS
from e2e.scenarios.conftest import walk  # noqa: F401 - the scenarios' fixture
from e2e.scenarios.flows import GuideWalk, guide_key_settings
from e2e.walk import GuideWalker
from fixtures.factories import key_name
from tests.e2e.field_colours import colours_inside

pytestmark = pytest.mark.browser

MASK_RGB = tuple(int(MASK_COLOUR[i : i + 2], 16) for i in (1, 3, 5))

# True when every element the locator matches is one the page's stylesheet covers; and how
# many there were.
COVERED = """(elements, selector) => ({
  count: elements.length,
  uncovered: elements.filter(e => !e.matches(selector)).map(e => e.outerHTML.slice(0, 80)),
})"""


def assert_covered(tab: Page) -> int:
    selector = ", ".join(PAGE_MASK_SELECTORS)
    count = 0
    for fields in _private_key_fields(tab):
        found = cast(dict[str, object], fields.evaluate_all(COVERED, selector))
        assert found["uncovered"] == [], f"{fields} is masked only by Playwright"
        count += cast(int, found["count"])
    return count


def test_the_page_stylesheet_covers_every_masked_field_up_to_step_8(
    walk: GuideWalk,  # noqa: F811 - the fixture imported above
    guide: GuideWalker,
    chromium_step_shots: bool,
) -> None:
    if not chromium_step_shots:
        pytest.skip("Playwright's masks take the step screenshots in this run (headed)")
    tabs = (walk.altrady_page, walk.kraken_page)
    wizard = walk.in_altrady.open_connect_wizard()
    walk.in_altrady.choose_kraken(wizard)
    whitelist = walk.in_altrady.copy_whitelist(wizard)
    assert sum(assert_covered(tab) for tab in tabs) >= 1  # the empty Private key field
    account = walk.in_kraken.log_in()
    security = walk.in_kraken.open_security(account)
    form = walk.in_kraken.start_new_key(security)
    first = walk.in_kraken.generate_key(form, guide_key_settings(key_name(1), whitelist))
    # Kraken's one-time dialog: the Private key, marked and labelled.
    assert assert_covered(walk.kraken_page) >= 2
    (picture,) = guide.records[-1].screenshots
    assert colours_inside(picture, walk.kraken_page.get_by_label("Private key")) == {MASK_RGB}
    walk.paste_keys(wizard, [first], connect=False)
    assert sum(assert_covered(tab) for tab in tabs) >= 1  # the pasted Private key
