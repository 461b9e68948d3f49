from __future__ import annotations

from typing import Any

import pytest

from mocks.altrady.kraken_client import Credentials, KrakenClient, KrakenUnavailableError
from mocks.altrady.verify import (
    ApiKeyInfo,
    KeyRefusedError,
    VerifiedKey,
    check_format,
    parse_balances,
    verify_key,
)
from tests.altrady.conftest import T0
from tests.altrady.kraken_double import GOOD_PERMISSIONS, WHITELIST, DoubleKey, KrakenDouble

pytestmark = pytest.mark.anyio


async def _verify(client: KrakenClient, key: DoubleKey | Credentials) -> VerifiedKey:
    credentials = key.credentials if isinstance(key, DoubleKey) else key
    return await verify_key(client.call, credentials, whitelist=WHITELIST, now=T0)


async def _refusal(client: KrakenClient, key: DoubleKey | Credentials) -> str:
    with pytest.raises(KeyRefusedError) as refused:
        await _verify(client, key)
    return refused.value.message


async def test_a_key_made_as_the_guide_says_passes(
    kraken: KrakenDouble, client: KrakenClient
) -> None:
    key = kraken.add_key(name="Altrady 1")
    verified = await _verify(client, key)
    assert verified.name == "Altrady 1"
    assert verified.warnings == ()
    assert verified.balances == kraken.balances
    assert [call.method for call in kraken.calls] == ["GetApiKeyInfo", "Balance"]


async def test_an_unknown_key_is_refused(kraken: KrakenDouble, client: KrakenClient) -> None:
    unknown = Credentials("A" * 56, kraken.add_key().secret)
    assert "Kraken does not recognise this API key" in await _refusal(client, unknown)


async def test_a_private_key_of_another_key_is_refused(
    kraken: KrakenDouble, client: KrakenClient
) -> None:
    one, other = kraken.add_key(), kraken.add_key()
    message = await _refusal(client, Credentials(one.api_key, other.secret))
    assert message.startswith("The private key does not belong to this API key")


async def test_an_expired_key_is_refused(kraken: KrakenDouble, client: KrakenClient) -> None:
    # Kraken itself answers EAPI:Invalid key once a key has expired ...
    expired = kraken.add_key()
    kraken.script(expired, "GetApiKeyInfo", "EAPI:Invalid key")
    assert "expired" in await _refusal(client, expired)
    # ... and a key whose expiry Kraken reports as past is refused too.
    lapsed = kraken.add_key(valid_until=int(T0) - 60)
    assert "This API key expired on 2026-11-18" in await _refusal(client, lapsed)


async def test_missing_permissions_are_named_with_krakens_labels(
    kraken: KrakenDouble, client: KrakenClient
) -> None:
    granted = tuple(p for p in GOOD_PERMISSIONS if p not in ("funds_query", "ledger_query"))
    message = await _refusal(client, kraken.add_key(permissions=granted))
    assert "lacks permissions Altrady needs: Query Funds, Query Ledger Entries." in message
    assert kraken.calls_of("Balance") == []


async def test_a_key_without_the_websocket_permission_connects_with_a_warning(
    kraken: KrakenDouble, client: KrakenClient
) -> None:
    granted = tuple(p for p in GOOD_PERMISSIONS if p != "websocket")
    verified = await _verify(client, kraken.add_key(permissions=granted))
    assert any("lacks WebSocket interface" in warning for warning in verified.warnings)


async def test_each_needed_permission_is_checked(
    kraken: KrakenDouble, client: KrakenClient
) -> None:
    labels = {
        "trades_query_open": "Query Open Orders & Trades",
        "trades_query_closed": "Query Closed Orders & Trades",
        "trades_modify": "Create & Modify Orders",
        "trades_close": "Cancel/Close Orders",
        "ledger_query": "Query Ledger Entries",
    }
    for field_name, label in labels.items():
        granted = tuple(p for p in GOOD_PERMISSIONS if p != field_name)
        message = await _refusal(client, kraken.add_key(permissions=granted))
        assert f"Altrady needs: {label}." in message


async def test_a_key_that_can_withdraw_is_refused(
    kraken: KrakenDouble, client: KrakenClient
) -> None:
    key = kraken.add_key(permissions=(*GOOD_PERMISSIONS, "funds_withdraw"))
    assert "This key can withdraw funds" in await _refusal(client, key)


async def test_a_key_without_ip_restriction_is_refused(
    kraken: KrakenDouble, client: KrakenClient
) -> None:
    message = await _refusal(client, kraken.add_key(ip_allowlist=()))
    assert "no IP address restriction" in message
    assert "127.0.0.11,127.0.0.12,127.0.0.13" in message


async def test_a_restriction_missing_part_of_the_whitelist_is_refused(
    kraken: KrakenDouble, client: KrakenClient
) -> None:
    message = await _refusal(client, kraken.add_key(ip_allowlist=("127.0.0.11", "10.0.0.0/8")))
    assert "does not allow Altrady's addresses 127.0.0.12, 127.0.0.13" in message


async def test_a_cidr_range_covering_the_whitelist_is_enough(
    kraken: KrakenDouble, client: KrakenClient
) -> None:
    verified = await _verify(client, kraken.add_key(ip_allowlist=("127.0.0.0/24", "::1")))
    assert verified.warnings == ()


async def test_kraken_refusing_altradys_address_says_so(
    kraken: KrakenDouble, client: KrakenClient
) -> None:
    key = kraken.add_key()
    kraken.script(key, "GetApiKeyInfo", "EGeneral:Permission denied")
    message = await _refusal(client, key)
    assert message.startswith("Kraken refused Altrady's address: add Altrady's IP whitelist")


async def test_every_problem_of_a_key_is_named_at_once(
    kraken: KrakenDouble, client: KrakenClient
) -> None:
    key = kraken.add_key(permissions=("funds_query", "funds_withdraw"), ip_allowlist=())
    message = await _refusal(client, key)
    assert "lacks permissions" in message
    assert "can withdraw funds" in message
    assert "no IP address restriction" in message


async def test_a_small_nonce_window_passes_with_a_warning(
    kraken: KrakenDouble, client: KrakenClient
) -> None:
    verified = await _verify(client, kraken.add_key(nonce_window=0))
    (warning,) = verified.warnings
    assert "set Custom Nonce Window to 5000" in warning


async def test_unneeded_permissions_and_a_near_expiry_are_warnings(
    kraken: KrakenDouble, client: KrakenClient
) -> None:
    key = kraken.add_key(
        permissions=(*GOOD_PERMISSIONS, "funds_add", "funds_earn"),
        valid_until=int(T0) + 3600,
    )
    warnings = (await _verify(client, key)).warnings
    assert any("Deposit Funds, Earn Funds" in warning for warning in warnings)
    assert any("expires on" in warning for warning in warnings)


async def test_kraken_refusing_the_balance_refuses_the_key(
    kraken: KrakenDouble, client: KrakenClient
) -> None:
    key = kraken.add_key()
    kraken.script(key, "Balance", "EAPI:Rate limit exceeded")
    assert "rate limit" in await _refusal(client, key)


async def test_kraken_down_is_not_the_keys_fault(
    kraken: KrakenDouble, client: KrakenClient
) -> None:
    key = kraken.add_key()
    kraken.down = True
    with pytest.raises(KrakenUnavailableError):
        await _verify(client, key)


@pytest.mark.parametrize(
    ("api_key", "private_key", "words"),
    [
        ("", "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0", "Paste the API key"),
        ("A" * 56, "", "Paste the Private key"),
        ("not a key\n", "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0", "This is not a Kraken API key"),
        ("A" * 56, "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV", "incomplete"),
        ("A" * 56, "ünïcode" * 8, "incomplete"),
    ],
)
def test_what_is_plainly_not_a_key_is_refused_before_asking_kraken(
    api_key: str, private_key: str, words: str
) -> None:
    with pytest.raises(KeyRefusedError, match=words):
        check_format(Credentials(api_key, private_key))


@pytest.mark.parametrize(
    "result",
    [{"permissions": "not a list"}, {"nonceWindow": "lots"}, ["a list"]],
)
async def test_an_unreadable_key_info_means_kraken_misbehaved(result: Any) -> None:
    async def answer(credentials: Credentials, method: str) -> Any:
        return result

    with pytest.raises(KrakenUnavailableError, match="GetApiKeyInfo"):
        await verify_key(answer, Credentials("A" * 56, "QUFB" * 22), whitelist=WHITELIST, now=T0)


def test_key_info_accepts_krakens_other_spellings() -> None:
    info = ApiKeyInfo.model_validate(
        {
            "permissions": {"funds_query": True, "funds_withdraw": False},
            "ipAllowlist": "127.0.0.11, 127.0.0.12",
            "nonceWindow": "5000",
            "validUntil": "0",
        }
    )
    assert info.permissions == ["funds_query"]
    assert info.ipAllowlist == ["127.0.0.11", "127.0.0.12"]
    assert (info.nonceWindow, info.validUntil) == (5000, 0)
    assert ApiKeyInfo.model_validate({"ipAllowlist": None}).ipAllowlist == []


def test_balances_must_be_strings() -> None:
    assert parse_balances({"XXBT": "1.0"}) == {"XXBT": "1.0"}
    with pytest.raises(KrakenUnavailableError):
        parse_balances({"XXBT": 1.0})
    with pytest.raises(KrakenUnavailableError):
        parse_balances(["XXBT"])
