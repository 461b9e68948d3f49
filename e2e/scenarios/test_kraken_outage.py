"""Guide scenario: Kraken goes down after the keys are connected, then comes back."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.scenarios.flows import GuideWalk
from fixtures.factories import DataFactory

pytestmark = [pytest.mark.guide, pytest.mark.browser]


def test_kraken_outage(walk: GuideWalk, keyflow_data: DataFactory) -> None:
    """Resync while Kraken is down says so and keeps keys and balances; after it, Resync works."""
    section, (first, _second) = walk.connect_control_keys(2)
    walk.in_altrady.check_balances(section, first)
    before = walk.oracle.kraken_balances(first)
    keys_before = section.key_rows()

    # Deviation: every REST call fails until the faults are cleared.
    walk.kraken.add_fault("*", "error", error="EService:Unavailable", times=0)
    with walk.guide.step(11, part="while Kraken is down"):
        section.resync()
        expect(section.error).to_contain_text("Kraken")
        expect(section.error).to_contain_text("The balances shown are from the last update.")
        expect(section.keys_table.get_by_role("row")).to_have_count(len(keys_before) + 1)
        walk.in_altrady.assert_balances_shown(section, before)
    assert section.key_rows() == keys_before, "Altrady lost keys during the outage"
    stored = walk.oracle.altrady_accounts()
    assert [len(account["keys"]) for account in stored] == [2], stored

    walk.kraken.clear_faults()
    after = keyflow_data.balances()
    assert after != before
    walk.kraken.set_balances(walk.trader.email, after)
    with walk.guide.step(11, part="once Kraken is back"):
        section.resync()
        expect(section.resync_status).to_have_text("Balances updated.")
        expect(section.error).to_be_hidden()
        walk.in_altrady.assert_balances_shown(section, after)
