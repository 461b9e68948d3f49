"""Guide scenario: step 7 leaves Withdraw Funds off, and that is what protects the funds.

A key made as the guide says cannot move money out: even with a withdrawal address saved on
the account, Kraken itself answers its ``Withdraw`` with ``EGeneral:Permission denied`` and
the balance stays. A key made with Withdraw Funds on would be obeyed by Kraken, which is why
Altrady refuses such a key at Connect (step 8), naming the permission.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.guide import GUIDE_PERMISSIONS
from e2e.scenarios.flows import GUIDE_PERMISSION_FIELDS, GuideWalk, guide_key_settings
from fixtures.factories import key_name
from mocks.kraken_facts.errors import PERMISSION_DENIED
from mocks.kraken_facts.permissions import label_of

pytestmark = [pytest.mark.guide, pytest.mark.browser]

WITHDRAW = "funds_withdraw"
ADDRESS = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
SAVED_KEY = "my cold wallet"  # Kraken's name for a saved withdrawal address


def test_a_guide_key_cannot_withdraw_and_a_withdraw_key_is_refused(walk: GuideWalk) -> None:
    """Kraken refuses Withdraw with the guide's key; Altrady refuses a key that can withdraw."""
    wizard = walk.in_altrady.open_connect_wizard()
    walk.in_altrady.choose_kraken(wizard)
    account = walk.in_kraken.log_in()
    security = walk.in_kraken.open_security(account)
    form = walk.in_kraken.start_new_key(security)
    settings = guide_key_settings(key_name(1), walk.whitelist)
    assert label_of(WITHDRAW) not in GUIDE_PERMISSIONS
    guide_key = walk.in_kraken.generate_key(form, settings)
    walk.kraken.add_withdrawal_key(walk.trader.email, "XBT", SAVED_KEY, ADDRESS)

    expected = f"Kraken refuses a withdrawal with the key the guide makes ({PERMISSION_DENIED})."
    step = walk.guide.step(7, part="Withdraw Funds left off", expected=expected)
    with step, walk.oracle.kraken_client(guide_key) as kraken:
        before = kraken.private("Balance")["result"]
        held = before["XXBT"]
        answer = kraken.private("Withdraw", {"asset": "XXBT", "key": SAVED_KEY, "amount": held})
        assert answer["error"] == [PERMISSION_DENIED], f"Kraken answered {answer}"
        assert kraken.private("Balance")["result"] == before, "the balance moved"
        status = kraken.private("WithdrawStatus")  # Query Ledger Entries may look
        assert status == {"error": [], "result": []}, status

    withdrawer = walk.keys.make(key_name(2), permissions=GUIDE_PERMISSION_FIELDS | {WITHDRAW})
    expected = "Altrady refuses a key that can withdraw funds, naming the permission."
    with walk.guide.step(8, part="a key with Withdraw Funds on", expected=expected):
        walk.in_kraken.close_new_key_dialog()
        walk.in_altrady.paste_key(wizard, 1, withdrawer)
        walk.in_altrady.connect(wizard)
        error = wizard.key_group(1).error
        expect(error).to_be_visible()
        expect(error).to_contain_text(label_of(WITHDRAW))
        expect(wizard.next_button).to_be_hidden()
        stored = walk.oracle.altrady_accounts()
        assert stored == [], f"Altrady stored a key that can withdraw: {stored}"
