"""Guide scenario 2: the IP whitelist travels by clipboard from Altrady into Kraken's key."""

from __future__ import annotations

from dataclasses import replace

import pytest
from playwright.sync_api import expect

from e2e.scenarios.flows import GuideWalk, guide_key_settings, split_whitelist
from fixtures.factories import key_name

pytestmark = [pytest.mark.guide, pytest.mark.browser]

REFUSED_WITHOUT_WHITELIST = "Altrady refuses a key made without its IP whitelist, at Connect."


def test_whitelist_copy(walk: GuideWalk) -> None:
    """The copied whitelist, pasted into Kraken, is the key's allowlist; without it, refused."""
    wizard = walk.in_altrady.open_connect_wizard()
    walk.in_altrady.choose_kraken(wizard)
    whitelist = walk.in_altrady.copy_whitelist(wizard)

    account = walk.in_kraken.log_in()
    security = walk.in_kraken.open_security(account)
    form = walk.in_kraken.start_new_key(security)
    # Deviation: the whitelist pasted from the clipboard, as the user does, not typed.
    with walk.guide.step(7):
        settings = guide_key_settings(key_name(1), whitelist)
        form.fill(settings)
        form.allowed_ips.fill("")
        form.allowed_ips.focus()
        walk.kraken_page.keyboard.press("ControlOrMeta+V")
        expect(form.allowed_ips).to_have_value(whitelist)
        with_whitelist = walk.keys.add(form.generate().read(settings.name))
        stored = {key["name"]: key for key in walk.kraken.keys(walk.trader.email)}
        allowlist = stored[settings.name]["ip_allowlist"]
        assert allowlist == split_whitelist(whitelist), (
            f"the key's allowlist is {allowlist}, the whitelist copied is {whitelist!r}"
        )
    api_tab = walk.in_kraken.close_new_key_dialog()

    no_restriction = replace(guide_key_settings(key_name(2), whitelist), ip_allowlist=None)
    without_whitelist = walk.in_kraken.new_key(api_tab, no_restriction, part="no whitelist")
    walk.in_kraken.close_new_key_dialog()

    # Deviation: a key made without the whitelist.
    with walk.guide.step(8, part="no whitelist", expected=REFUSED_WITHOUT_WHITELIST):
        walk.in_altrady.paste_key(wizard, 1, without_whitelist)
        walk.in_altrady.connect(wizard)
        error = wizard.key_group(1).error
        expect(error).to_be_visible()
        expect(error).to_contain_text("IP address restriction")
        expect(wizard.next_button).to_be_hidden()
        assert walk.oracle.altrady_accounts() == [], "a refused key was stored"

    walk.paste_keys(wizard, [with_whitelist], part="with whitelist")
    (stored_account,) = walk.oracle.altrady_accounts()
    assert [key["name"] for key in stored_account["keys"]] == [with_whitelist.name]
