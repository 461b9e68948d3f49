"""Guide scenario 5: what the guide warns about, one test each."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from e2e.pages.altrady.wizard import ConnectWizard
from e2e.scenarios.flows import (
    GUIDE_PERMISSION_FIELDS,
    KRAKEN_ACCOUNT,
    GuideWalk,
    guide_key_settings,
)
from fixtures.factories import key_name

pytestmark = [pytest.mark.guide, pytest.mark.browser]


def _wizard_on_kraken(walk: GuideWalk, part: str = "") -> ConnectWizard:
    wizard = walk.open_connect_wizard(part=part)
    walk.choose_kraken(wizard, part=part)
    return wizard


def _refused_at_connect(walk: GuideWalk, wizard: ConnectWizard, number: int, says: str) -> None:
    walk.connect(wizard)
    error = wizard.key_group(number).error
    expect(error).to_be_visible()
    expect(error).to_contain_text(says)
    expect(wizard.next_button).to_be_hidden()
    accounts = walk.altrady.accounts(walk.trader.email)
    assert accounts == [], f"Altrady stored a refused key: {accounts}"


def test_missing_permissions(walk: GuideWalk) -> None:
    """A key without all the permissions the guide lists is refused, naming the missing ones."""
    wizard = _wizard_on_kraken(walk)
    lacking = GUIDE_PERMISSION_FIELDS - {"ledger_query", "trades_close"}
    key = walk.control_key(key_name(1), permissions=lacking)
    expected = "Altrady refuses the key and names the permissions it lacks."
    with walk.guide.step(8, part="missing permissions", expected=expected):
        walk.paste_key(wizard, 1, key)
        _refused_at_connect(walk, wizard, 1, "lacks permissions")
        error = wizard.key_group(1).error
        expect(error).to_contain_text("Cancel/Close Orders")
        expect(error).to_contain_text("Query Ledger Entries")
        expect(error).not_to_contain_text("Query Funds")


def test_withdraw_permission_refused(walk: GuideWalk) -> None:
    """A key that can withdraw funds is refused: a trading platform never needs that."""
    wizard = _wizard_on_kraken(walk)
    key = walk.control_key(key_name(1), permissions=GUIDE_PERMISSION_FIELDS | {"funds_withdraw"})
    expected = "Altrady refuses a key that can withdraw funds."
    with walk.guide.step(8, part="withdraw permission", expected=expected):
        walk.paste_key(wizard, 1, key)
        _refused_at_connect(walk, wizard, 1, "Withdraw Funds")


def test_expired_key_refused(walk: GuideWalk) -> None:
    """A key past its Key expiration date no longer works on Kraken and is refused."""
    wizard = _wizard_on_kraken(walk)
    account = walk.log_in_to_kraken()
    security = walk.open_security(account)
    form = walk.start_new_key(security)
    # The form takes minutes, in UTC; two hours ahead of the mocks' clock.
    now = datetime.fromtimestamp(walk.kraken.clock(), UTC).replace(second=0, microsecond=0)
    settings = replace(
        guide_key_settings(key_name(1), walk.whitelist), expires_at=now + timedelta(hours=2)
    )
    key = walk.generate_key(form, settings)
    walk.close_new_key_dialog()

    walk.kraken.advance_clock(timedelta(hours=3).total_seconds())
    with walk.guide.step(8, part="expired key", expected="Altrady refuses an expired key."):
        walk.paste_key(wizard, 1, key)
        _refused_at_connect(walk, wizard, 1, "expired")


def test_nonce_window(walk: GuideWalk) -> None:
    """Out-of-order nonces fail on a key with window 0 and pass with the guide's 5000."""
    wizard = _wizard_on_kraken(walk)
    no_window = walk.control_key(key_name(1), nonce_window=0)
    guide_window = walk.control_key(key_name(2))
    with walk.guide.step(8, part="nonce window 0 and 5000"):
        walk.paste_key(wizard, 1, no_window)
        walk.paste_key(wizard, 2, guide_window)
        walk.connect(wizard)
        expect(wizard.next_button).to_be_visible()
        expect(wizard.dialog).to_contain_text("Custom Nonce Window is 0")

    expected = "Nonces up to 5000 below the highest pass with the guide's window, not with 0."
    with walk.guide.step(7, part="out-of-order nonces", expected=expected, shoot=walk.altrady_page):
        outcomes = {key.name: _out_of_order_errors(walk, key) for key in walk.keys}
        assert outcomes == {
            no_window.name: [[], ["EAPI:Invalid nonce"], ["EAPI:Invalid nonce"]],
            guide_window.name: [[], [], []],
        }, outcomes


def _out_of_order_errors(walk: GuideWalk, key: Any) -> list[list[str]]:
    """Three calls whose millisecond nonces arrive out of order, by up to 2 seconds."""
    with walk.kraken_client(key) as kraken:
        base = kraken.next_nonce()
        nonces = [base + 3000, base + 1000, base + 2000]
        return [kraken.private("Balance", nonce=nonce)["error"] for nonce in nonces]


# Not xfail: on Kraken's model the three-key burst backs off for long enough that the page's
# request gives up while Altrady's grid bot keeps trading, and the next test meets it.
@pytest.mark.skip(
    reason="Kraken's trading counter is one per account and pair, not per key (issue 12): "
    "guide-claims redoes this scenario on the corrected model",
)
def test_one_key_versus_three_under_a_grid_bot_burst(walk: GuideWalk) -> None:
    """A grid-bot burst meets Kraken's rate limit on one key and not when spread over three."""
    accounts = {"Kraken one key": 1, "Kraken three keys": 3}
    next_number = 1
    for name, key_count in accounts.items():
        part = name.removeprefix("Kraken ")
        wizard = _wizard_on_kraken(walk, part=part)
        with walk.guide.step(8, part=part):
            wizard.account_name.fill(name)
            for number in range(1, key_count + 1):
                walk.paste_key(wizard, number, walk.control_key(key_name(next_number)))
                next_number += 1
            walk.connect(wizard)
            expect(wizard.next_button).to_be_visible()
        walk.confirm_connected(wizard, part=part)
        walk.finish(wizard, name, part=part)

    expected = "One key meets Kraken's rate limit under a burst; three keys spread it."
    with walk.guide.step(8, part="grid-bot burst", expected=expected):
        one, three = (_grid_bot(walk, name) for name in accounts)
        assert one["rate_limit_errors"] > 0, f"one key met no rate limit: {one}"
        assert not one["ok"], one
        assert three["rate_limit_errors"] == 0, f"three keys met the rate limit: {three}"
        assert three["ok"], three
        assert three["keys_used"] == 3, three
        assert three["orders_cancelled"] == three["orders_placed"], three


def _grid_bot(walk: GuideWalk, account_name: str) -> dict[str, Any]:
    account_id = walk.account_id(account_name)
    answer = walk.altrady_page.request.post(
        f"{walk.mocks.altrady_url}/api/accounts/{account_id}/grid-bot", data={}
    )
    assert answer.ok, f"grid bot on {account_name}: HTTP {answer.status} {answer.text()}"
    report: dict[str, Any] = answer.json()
    return report


def test_extra_key_added_later_through_edit(walk: GuideWalk) -> None:
    """A key made later the same way is added to the connected account with Edit."""
    wizard = _wizard_on_kraken(walk)
    first = walk.control_key(key_name(1))
    with walk.guide.step(8):
        walk.paste_key(wizard, 1, first)
        walk.connect(wizard)
        expect(wizard.next_button).to_be_visible()
    walk.confirm_connected(wizard)
    section = walk.finish(wizard, KRAKEN_ACCOUNT)

    account = walk.log_in_to_kraken(part="later")
    security = walk.open_security(account, part="later")
    later_settings = guide_key_settings(key_name(2), walk.whitelist)
    later = walk.create_key_in_kraken(security, later_settings, part="later")
    walk.close_new_key_dialog()

    with walk.guide.step(8, part="added later with Edit"):
        edit = section.edit()
        expect(edit.dialog).to_be_visible()
        walk.guide.picture(edit.add_extra_key_button, "++ Add Extra Key")
        walk.paste_key(edit, 2, later)
        walk.connect(edit)
        expect(edit.next_button).to_be_visible()
    walk.confirm_connected(edit, part="added later with Edit")
    section = walk.finish(edit, KRAKEN_ACCOUNT, part="added later with Edit")
    expect(section.keys_table.get_by_role("row")).to_have_count(3)  # header + two keys
    (stored,) = walk.altrady.accounts(walk.trader.email)
    assert [key["name"] for key in stored["keys"]] == [first.name, later.name], stored["keys"]
    assert all(key["status"] == "ok" for key in stored["keys"]), stored["keys"]
