"""Guide scenario 4: balances shown equal Kraken's, and a change on Kraken shows after Resync."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.scenarios.flows import GuideWalk
from fixtures.factories import DataFactory

pytestmark = [pytest.mark.guide, pytest.mark.browser]


def test_balance_update(walk: GuideWalk, keyflow_data: DataFactory) -> None:
    """Shown balances equal Kraken's; after PUT /_mock/balances, Resync shows the new figures."""
    section, (first, _second) = walk.connect_control_keys(2)
    walk.in_altrady.check_balances(section, first)

    before = walk.oracle.kraken_balances(first)
    after = keyflow_data.balances()
    assert after != before
    walk.kraken.set_balances(walk.trader.email, after)
    assert walk.oracle.kraken_balances(first) == after, "Kraken does not hold the new balances"

    # Deviation: step 11 with the balances changed on Kraken after the account connected.
    with walk.guide.step(11, part="after a change on Kraken"):
        # Live updates may already show it (test_live_balances); Resync fetches it anyway.
        walk.guide.picture(section.resync_button, "Resync")
        section.resync()
        expect(section.resync_status).to_have_text("Balances updated.")
        walk.in_altrady.assert_balances_shown(section, after)
