"""Guide scenario 1: every step of the guide, with two keys, each step's outcome confirmed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.scenarios.flows import KRAKEN_ACCOUNT, GuideWalk, guide_key_settings
from fixtures.factories import key_name

pytestmark = [pytest.mark.guide, pytest.mark.browser]


def test_whole_guide(walk: GuideWalk) -> None:
    """Steps 1 to 11 with two keys: connect Kraken to Altrady exactly as the guide says."""
    wizard = walk.in_altrady.open_connect_wizard()
    walk.in_altrady.choose_kraken(wizard)
    whitelist = walk.in_altrady.copy_whitelist(wizard)

    account = walk.in_kraken.log_in()
    security = walk.in_kraken.open_security(account)
    form = walk.in_kraken.start_new_key(security)
    first = walk.in_kraken.generate_key(form, guide_key_settings(key_name(1), whitelist))
    walk.paste_keys(wizard, [first], connect=False)

    api_tab = walk.in_kraken.api_keys_tab()
    second_settings = guide_key_settings(key_name(2), whitelist)
    second = walk.in_kraken.new_key(api_tab, second_settings, part="second key")
    walk.paste_keys(wizard, [second], first=2, part="second key")

    walk.in_altrady.confirm_connected(wizard)
    section = walk.in_altrady.finish(wizard, KRAKEN_ACCOUNT)
    expect(section.keys_table.get_by_role("row")).to_have_count(3)  # header + two keys

    walk.in_altrady.check_balances(section, first)
    assert walk.oracle.kraken_balances(first) == walk.trader.balances
