"""Guide scenario (step 11): balances arrive by themselves. Once the account is connected
with keys made as step 7 says (WebSocket interface on), a deposit on Kraken shows in
Altrady within 2 s, with no Resync and no other click."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.scenarios.flows import GuideWalk
from e2e.scenarios.live_updates import (
    LIVE_ON,
    LIVE_WITHIN_MS,
    assert_balances_arrive,
    deposit,
    live_line,
)

pytestmark = [pytest.mark.guide, pytest.mark.browser]


def test_live_balances(walk: GuideWalk) -> None:
    """A deposit on Kraken shows in Altrady within 2 s, with no Resync (WebSocket on)."""
    section, (first, _second) = walk.connect_control_keys(2)
    walk.in_altrady.check_balances(section, first)
    before = walk.oracle.kraken_balances(first)

    with walk.guide.step(11, part="a deposit arrives by itself"):
        expect(live_line(section)).to_have_text(LIVE_ON)
        asked_before = balance_calls(walk)
        after = deposit(walk, before, "ZUSD", "1250.5")
        assert_balances_arrive(walk, section, after, LIVE_WITHIN_MS)
        # It came over the WebSocket: nobody asked Kraken's REST Balance in between.
        assert balance_calls(walk) == asked_before, "Altrady polled Balance instead of listening"
        assert walk.oracle.kraken_balances(first) == after, "Kraken does not hold the deposit"


def balance_calls(walk: GuideWalk) -> int:
    return len([r for r in walk.kraken.requests() if r["endpoint"] == "Balance"])
