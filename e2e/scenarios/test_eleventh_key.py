"""Guide scenario 3: ten keys per account at most; an eleventh is refused, nothing is lost."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.guide import GUIDE_KEY_LIMIT_MESSAGE, GUIDE_MAX_KEYS
from e2e.scenarios.flows import KRAKEN_ACCOUNT, GuideWalk
from fixtures.factories import key_name

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
    wizard = walk.in_altrady.open_connect_wizard()
    walk.in_altrady.choose_kraken(wizard)
    walk.in_altrady.copy_whitelist(wizard)
    walk.two_keys_through_kraken(wizard)

    # Deviation: the guide's limit, reached.
    with walk.guide.step(8, part="keys 3 to 10", expected=TEN_CONNECT):
        for number in range(3, GUIDE_MAX_KEYS + 1):
            walk.in_altrady.paste_key(wizard, number, walk.keys.make(key_name(number)))
        expect(wizard.add_extra_key_button).to_be_disabled()
        expect(wizard.add_extra_key_button).to_have_accessible_description(GUIDE_KEY_LIMIT_MESSAGE)
        walk.in_altrady.connect(wizard)
        expect(wizard.next_button).to_be_visible()
        (account,) = walk.oracle.altrady_accounts()
        assert len(account["keys"]) == GUIDE_MAX_KEYS, account["keys"]

    walk.in_altrady.confirm_connected(wizard)
    section = walk.in_altrady.finish(wizard, KRAKEN_ACCOUNT)
    ten = [key_name(number) for number in range(1, GUIDE_MAX_KEYS + 1)]

    eleventh = walk.keys.make(key_name(GUIDE_MAX_KEYS + 1))
    # Deviation: one key past the guide's limit.
    with walk.guide.step(8, part="eleventh key", expected=ELEVENTH_REFUSED):
        edit = section.edit()
        expect(edit.dialog).to_be_visible()
        expect(edit.add_extra_key_button).to_be_disabled()
        expect(edit.add_extra_key_button).to_have_accessible_description(GUIDE_KEY_LIMIT_MESSAGE)
        account_id = walk.oracle.altrady_account_id(KRAKEN_ACCOUNT)
        answer = walk.altrady_page.request.post(
            f"{walk.mocks.altrady_url}/api/accounts/{account_id}/keys",
            data={"keys": [{"api_key": eleventh.api_key, "private_key": eleventh.private_key}]},
        )
        assert answer.status == 409, f"HTTP {answer.status}: {answer.text()}"
        refusal = answer.json()
        assert set(refusal) == {"error"}, refusal
        assert GUIDE_KEY_LIMIT_MESSAGE.search(refusal["error"]), refusal
        # The page and the API give the same reason.
        expect(edit.add_extra_key_button).to_have_accessible_description(refusal["error"])
        edit.cancel()
        expect(edit.dialog).to_be_hidden()
        (account,) = walk.oracle.altrady_accounts()
        assert [key["name"] for key in account["keys"]] == ten, account["keys"]
        assert all(key["status"] == "ok" for key in account["keys"]), account["keys"]

    walk.in_altrady.check_balances(section, walk.keys[0], part="ten keys still work")
    # Deviation: Resync by hand with all ten keys, whether or not balances are shown.
    with walk.guide.step(11, part="resync with ten keys"):
        section.resync()
        expect(section.resync_status).to_have_text("Balances updated.")
        expect(section.error).to_be_hidden()
