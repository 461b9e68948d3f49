"""Guide scenario 1: every step of the guide, with two keys, each step's outcome confirmed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, expect

from e2e.pages.altrady.wizard import ConnectWizard
from e2e.pages.kraken.create_key import KrakenNewKeyDialog
from e2e.scenarios.flows import (
    KRAKEN_ACCOUNT,
    GuideWalk,
    guide_key_settings,
    split_whitelist,
)
from fixtures.factories import key_name

pytestmark = [pytest.mark.guide, pytest.mark.browser]


def key_fields(wizard: ConnectWizard, *numbers: int) -> list[Locator]:
    """Key fields to cover in documentation pictures (shots mode)."""
    groups = [wizard.key_group(number) for number in numbers]
    return [field for group in groups for field in (group.api_key, group.private_key)]


def test_whole_guide(walk: GuideWalk) -> None:
    """Steps 1 to 11 with two keys: connect Kraken to Altrady exactly as the guide says."""
    wizard = walk.open_connect_wizard()
    walk.choose_kraken(wizard)
    whitelist = walk.copy_whitelist(wizard)

    account = walk.log_in_to_kraken()
    security = walk.open_security(account)
    form = walk.start_new_key(security)
    first = walk.generate_key(form, guide_key_settings(key_name(1), whitelist))

    with walk.guide.step(8):
        new_key = KrakenNewKeyDialog(walk.kraken_page)
        walk.guide.picture(
            None,
            "Kraken shows the new key once: copy the API key and the Private key, then Close",
            masks=[new_key.api_key, new_key.private_key],
            marks=[
                (1, [new_key.api_key, new_key.copy_api_key_button, new_key.private_key]),
                (2, new_key.close_button),
            ],
        )
        walk.paste_key(wizard, 1, first)
        walk.guide.picture(
            None,
            "Both pasted into Key 1 in Altrady",
            masks=key_fields(wizard, 1),
            marks=[(1, wizard.key_group(1).group)],
        )
        expect(wizard.key_group(1).api_key).to_have_value(first.api_key)
        api_tab = walk.close_new_key_dialog()
        expect(api_tab.key_row(first.name)).to_be_visible()

    second_settings = guide_key_settings(key_name(2), whitelist)
    second = walk.create_key_in_kraken(api_tab, second_settings, part="second key")

    with walk.guide.step(8, part="second key"):
        walk.close_new_key_dialog()
        walk.guide.picture(
            None,
            "++ Add Extra Key, for the second key made the same way",
            masks=key_fields(wizard, 1),
            marks=[(4, wizard.add_extra_key_button)],
        )
        walk.paste_key(wizard, 2, second)
        walk.guide.picture(
            None,
            "The second key pasted into Key 2: Connect",
            masks=key_fields(wizard, 1, 2),
            marks=[(3, wizard.key_group(2).group), (5, wizard.connect_button)],
        )
        walk.connect(wizard)
        expect(wizard.next_button).to_be_visible()
        for number in (1, 2):
            expect(wizard.dialog.get_by_text(f"Key {number}", exact=True)).to_be_visible()
        stored = walk.altrady.accounts(walk.trader.email)
        assert [key["name"] for key in stored[0]["keys"]] == [first.name, second.name], stored
        assert all(key["status"] == "ok" for key in stored[0]["keys"]), stored[0]["keys"]
        # Altrady asked Kraken about each key, from its whitelisted addresses.
        asked = {
            entry["key_name"]
            for entry in walk.kraken.requests()
            if entry["endpoint"] == "GetApiKeyInfo"
            and entry["outcome"] == "ok"
            and entry["source_ip"] in split_whitelist(whitelist)
        }
        assert asked == {first.name, second.name}, f"Kraken was asked about {asked}"

    walk.confirm_connected(wizard)
    section = walk.finish(wizard, KRAKEN_ACCOUNT)
    expect(section.keys_table.get_by_role("row")).to_have_count(3)  # header + two keys

    walk.check_balances(section, first)
    assert walk.kraken_balances(first) == walk.trader.balances
