"""Guide scenario 3: ten keys per account at most; an eleventh is refused, nothing is lost."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.guide import GUIDE_MAX_KEYS
from e2e.scenarios.flows import KRAKEN_ACCOUNT, GuideWalk
from fixtures.factories import key_name
from mocks.altrady.settings import MAX_KEYS_MESSAGE

pytestmark = [pytest.mark.guide, pytest.mark.browser]

TEN_CONNECT = (
    f"Keys 3 to {GUIDE_MAX_KEYS} connect, and at {GUIDE_MAX_KEYS} keys ++ Add Extra Key is "
    "disabled with the reason beside it."
)
ELEVENTH_REFUSED = (
    "An 11th key is refused, in the page and by the API, with a clear message; "
    "the ten stored keys stay."
)


def test_eleventh_key(walk: GuideWalk) -> None:
    """Ten keys connect; the 11th is refused in the page and by the API (409); ten still work."""
    wizard = walk.open_connect_wizard()
    walk.choose_kraken(wizard)
    walk.copy_whitelist(wizard)
    walk.two_keys_through_kraken(wizard)

    with walk.guide.step(8, part="keys 3 to 10", expected=TEN_CONNECT):
        for number in range(3, GUIDE_MAX_KEYS + 1):
            walk.paste_key(wizard, number, walk.control_key(key_name(number)))
        expect(wizard.add_extra_key_button).to_be_disabled()
        expect(wizard.add_extra_key_button).to_have_accessible_description(MAX_KEYS_MESSAGE)
        walk.connect(wizard)
        expect(wizard.next_button).to_be_visible()
        (account,) = walk.altrady.accounts(walk.trader.email)
        assert len(account["keys"]) == GUIDE_MAX_KEYS, account["keys"]

    walk.confirm_connected(wizard)
    section = walk.finish(wizard, KRAKEN_ACCOUNT)
    ten = [key_name(number) for number in range(1, GUIDE_MAX_KEYS + 1)]

    eleventh = walk.control_key(key_name(GUIDE_MAX_KEYS + 1))
    with walk.guide.step(8, part="eleventh key", expected=ELEVENTH_REFUSED):
        edit = section.edit()
        expect(edit.dialog).to_be_visible()
        expect(edit.add_extra_key_button).to_be_disabled()
        expect(edit.add_extra_key_button).to_have_accessible_description(MAX_KEYS_MESSAGE)
        account_id = walk.account_id(KRAKEN_ACCOUNT)
        answer = walk.altrady_page.request.post(
            f"{walk.mocks.altrady_url}/api/accounts/{account_id}/keys",
            data={"keys": [{"api_key": eleventh.api_key, "private_key": eleventh.private_key}]},
        )
        assert answer.status == 409, f"HTTP {answer.status}: {answer.text()}"
        assert answer.json() == {"error": MAX_KEYS_MESSAGE}, answer.json()
        edit.cancel()
        expect(edit.dialog).to_be_hidden()
        (account,) = walk.altrady.accounts(walk.trader.email)
        assert [key["name"] for key in account["keys"]] == ten, account["keys"]
        assert all(key["status"] == "ok" for key in account["keys"]), account["keys"]

    walk.check_balances(section, walk.keys[0], part="ten keys still work")
    with walk.guide.step(11, part="resync with ten keys"):
        section.resync()
        expect(section.resync_status).to_have_text("Balances updated.")
        expect(section.error).to_be_hidden()
