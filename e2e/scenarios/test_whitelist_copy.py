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
    wizard = walk.open_connect_wizard()
    walk.choose_kraken(wizard)
    whitelist = walk.copy_whitelist(wizard)

    account = walk.log_in_to_kraken()
    security = walk.open_security(account)
    form = walk.start_new_key(security)
    with walk.guide.step(7):
        settings = guide_key_settings(key_name(1), whitelist)
        form.fill(settings)
        # Paste, as the user does, rather than type: the clipboard is what travels.
        form.allowed_ips.fill("")
        form.allowed_ips.focus()
        walk.kraken_page.keyboard.press("ControlOrMeta+V")
        expect(form.allowed_ips).to_have_value(whitelist)
        with_whitelist = form.generate().read(settings.name)
        walk.guide.keep_secret(with_whitelist.private_key)
        stored = {key["name"]: key for key in walk.kraken.keys(walk.trader.email)}
        allowlist = stored[settings.name]["ip_allowlist"]
        assert allowlist == split_whitelist(whitelist), (
            f"the key's allowlist is {allowlist}, the whitelist copied is {whitelist!r}"
        )
    api_tab = walk.close_new_key_dialog()

    no_restriction = replace(guide_key_settings(key_name(2), whitelist), ip_allowlist=None)
    without_whitelist = walk.create_key_in_kraken(api_tab, no_restriction, part="no whitelist")

    with walk.guide.step(8, part="no whitelist", expected=REFUSED_WITHOUT_WHITELIST):
        walk.paste_key(wizard, 1, without_whitelist)
        walk.connect(wizard)
        error = wizard.key_group(1).error
        expect(error).to_be_visible()
        expect(error).to_contain_text("IP address restriction")
        expect(wizard.next_button).to_be_hidden()
        assert walk.altrady.accounts(walk.trader.email) == [], "a refused key was stored"

    with walk.guide.step(8, part="with whitelist"):
        walk.paste_key(wizard, 1, with_whitelist)
        walk.connect(wizard)
        expect(wizard.next_button).to_be_visible()
        (stored_account,) = walk.altrady.accounts(walk.trader.email)
        assert [key["name"] for key in stored_account["keys"]] == [with_whitelist.name]
