from __future__ import annotations

from mocks.altrady.store import StoredAccount, StoredKey
from mocks.altrady.views import account_view, iso_utc, masked_key

SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQ="


def test_masked_key_shows_six_and_four() -> None:
    assert masked_key("AbCdEfGhIjKlMnOpwXyZ") == "AbCdEf…wXyZ"
    assert masked_key("short") == "…rt"


def test_iso_utc() -> None:
    assert iso_utc(None) is None
    assert iso_utc(1_795_000_000.75) == "2026-11-18T11:06:40Z"


def test_account_view_is_the_contract_without_the_private_key() -> None:
    account = StoredAccount(
        id="acc_1",
        user_id=1,
        exchange="kraken",
        name="Kraken",
        status="connected",
        status_message=None,
        keys=(
            StoredKey(
                id="key_1",
                position=1,
                name="Altrady 1",
                api_key="AbCdEfGhIjKlMnOpwXyZ",
                private_key=SECRET,
                warnings=("w",),
            ),
        ),
        balances=(("XXBT", "1.2345000000"), ("ZUSD", "10.0000"), ("DOT.S", "3")),
        balances_updated_at=1_795_000_000.0,
    )
    view = account_view(account)
    assert view == {
        "id": "acc_1",
        "exchange": "kraken",
        "name": "Kraken",
        "status": "connected",
        "status_message": None,
        "max_keys": 10,
        "keys": [
            {
                "id": "key_1",
                "position": 1,
                "name": "Altrady 1",
                "masked_key": "AbCdEf…wXyZ",
                "status": "ok",
                "warnings": ["w"],
            }
        ],
        "balances": [
            {"asset": "XXBT", "display": "BTC", "amount": "1.2345000000"},
            {"asset": "DOT.S", "display": "DOT.S", "amount": "3"},
            {"asset": "ZUSD", "display": "USD", "amount": "10.0000"},
        ],
        "balances_updated_at": "2026-11-18T11:06:40Z",
        "live": {"state": "off", "message": "Live updates are off."},
    }
    assert SECRET not in repr(view)
