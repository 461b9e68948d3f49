"""Guide scenario (step 7): a key made without the WebSocket interface permission still
connects; the account card says live updates are off and names the permission step 7 asks
for; Resync stays the way to update the balances (step 11)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.scenarios.flows import GUIDE_PERMISSION_FIELDS, KRAKEN_ACCOUNT, GuideWalk
from e2e.scenarios.live_updates import LIVE_OFF, WEBSOCKET_PERMISSION, deposit, live_line
from fixtures.factories import key_name

pytestmark = [pytest.mark.guide, pytest.mark.browser]


def test_websocket_permission_missing(walk: GuideWalk) -> None:
    """A key without WebSocket interface connects; the card says live updates are off."""
    wizard = walk.in_altrady.open_connect_wizard()
    walk.in_altrady.choose_kraken(wizard)
    key = walk.keys.make(key_name(1), permissions=GUIDE_PERMISSION_FIELDS - {"websocket"})
    with walk.guide.step(8, part="a key without the WebSocket interface"):
        walk.in_altrady.paste_key(wizard, 1, key)
        walk.in_altrady.connect(wizard)
        expect(wizard.next_button).to_be_visible()
    walk.in_altrady.confirm_connected(wizard)
    section = walk.in_altrady.finish(wizard, KRAKEN_ACCOUNT)

    with walk.guide.step(7, part="what the WebSocket interface is for"):
        line = live_line(section)
        expect(line).to_have_text(LIVE_OFF)
        expect(line).to_contain_text(WEBSOCKET_PERMISSION)
        expect(line).to_contain_text("Resync")

    before = walk.oracle.kraken_balances(key)
    walk.in_altrady.check_balances(section, key)
    with walk.guide.step(11, part="Resync without live updates"):
        after = deposit(walk, before, "ZUSD", "300")
        assert walk.oracle.kraken_balances(key) == after, "Kraken does not hold the deposit"
        walk.in_altrady.assert_balances_shown(section, before)
        section.resync()
        expect(section.resync_status).to_have_text("Balances updated.")
        walk.in_altrady.assert_balances_shown(section, after)
