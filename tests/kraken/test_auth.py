"""The checks in front of every private call, over real HTTP on loopback."""

from __future__ import annotations

import pytest

from mocks.kraken.auth import source_address
from mocks.kraken.harness import KrakenHarness
from mocks.kraken.settings import KrakenSettings
from mocks.kraken_facts.permissions import (
    METHOD_PERMISSIONS,
    METHOD_PERMISSIONS_ALL,
    PERMISSION_FIELDS,
)
from mocks.kraken_facts.signing import sign

EMAIL = "ann@example.test"


@pytest.fixture
def kraken(rest_mock: KrakenHarness) -> KrakenHarness:
    rest_mock.user(EMAIL, balances={"ZUSD": "1000"})
    return rest_mock


def errors(answer: dict[str, object]) -> object:
    return answer["error"]


def test_a_good_call_passes(kraken: KrakenHarness) -> None:
    client = kraken.client(kraken.key(EMAIL, "k", {"funds_query"}))
    assert client.private("Balance") == {"error": [], "result": {"ZUSD": "1000.0000"}}


def test_json_bodies_are_signed_over_the_raw_bytes(kraken: KrakenHarness) -> None:
    client = kraken.client(kraken.key(EMAIL, "k", {"funds_query"}))
    assert client.private("Balance", encoding="json")["error"] == []


def test_field_order_does_not_matter_because_the_raw_body_is_hashed(kraken: KrakenHarness) -> None:
    key = kraken.key(EMAIL, "k", {"funds_query"})
    client = kraken.client(key)
    # nonce last, as some clients send it
    body = b"asset=ZUSD&nonce=77"
    headers = {
        "API-Key": key.public,
        "API-Sign": sign(key.secret, "/0/private/TradeBalance", "77", body),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    answer = client.raw("POST", "/0/private/TradeBalance", content=body, headers=headers).json()
    assert answer["error"] == []


@pytest.mark.parametrize("api_key", [None, "", "nope", "A" * 56])
def test_missing_or_unknown_keys(kraken: KrakenHarness, api_key: str | None) -> None:
    key = kraken.key(EMAIL, "k", {"funds_query"})
    client = kraken.client(key)
    headers = {} if api_key is None else {"API-Key": api_key}
    if api_key is None:
        answer = client.raw("POST", "/0/private/Balance", content=b"nonce=1").json()
    else:
        answer = client.private("Balance", headers=headers)
    assert errors(answer) == ["EAPI:Invalid key"]


def test_a_revoked_key_is_invalid(kraken: KrakenHarness) -> None:
    client = kraken.client(kraken.key(EMAIL, "k", {"funds_query"}))
    kraken.state.revoke_key(EMAIL, "k")
    assert errors(client.private("Balance")) == ["EAPI:Invalid key"]


def test_an_expired_key_is_invalid(kraken: KrakenHarness) -> None:
    now = kraken.clock.now()
    client = kraken.client(kraken.key(EMAIL, "k", {"funds_query"}, valid_until=int(now) + 60))
    assert errors(client.private("Balance")) == []
    kraken.clock.advance(59.9)
    assert errors(client.private("Balance")) == []
    kraken.clock.advance(0.1)
    assert errors(client.private("Balance")) == ["EAPI:Invalid key"]


def test_a_wrong_secret_or_missing_signature(kraken: KrakenHarness) -> None:
    key = kraken.key(EMAIL, "k", {"funds_query"})
    other = kraken.key(EMAIL, "other", {"funds_query"})
    assert errors(kraken.client(key, secret=other.secret).private("Balance")) == [
        "EAPI:Invalid signature"
    ]
    assert errors(kraken.client(key).private("Balance", signed=False)) == ["EAPI:Invalid signature"]
    bad = kraken.client(key).private("Balance", headers={"API-Sign": "!!not base64!!"})
    assert errors(bad) == ["EAPI:Invalid signature"]


def test_a_tampered_body_fails_the_signature(kraken: KrakenHarness) -> None:
    key = kraken.key(EMAIL, "k", {"funds_query"})
    signed_for = b"nonce=5&asset=ZUSD"
    headers = {
        "API-Key": key.public,
        "API-Sign": sign(key.secret, "/0/private/TradeBalance", "5", signed_for),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    answer = (
        kraken.client(key)
        .raw("POST", "/0/private/TradeBalance", content=b"nonce=5&asset=XXBT", headers=headers)
        .json()
    )
    assert errors(answer) == ["EAPI:Invalid signature"]


@pytest.mark.parametrize("nonce", ["", "abc", "1.5", "-3", "99999999999999999999999"])
def test_malformed_nonces(kraken: KrakenHarness, nonce: str) -> None:
    client = kraken.client(kraken.key(EMAIL, "k", {"funds_query"}))
    assert errors(client.private("Balance", nonce=nonce)) == ["EAPI:Invalid nonce"]


def test_nonce_window_edges_over_http(kraken: KrakenHarness) -> None:
    client = kraken.client(kraken.key(EMAIL, "k", {"funds_query"}, nonce_window=5))
    assert errors(client.private("Balance", nonce=1000)) == []
    assert errors(client.private("Balance", nonce=1000)) == ["EAPI:Invalid nonce"]  # equal
    assert errors(client.private("Balance", nonce=994)) == ["EAPI:Invalid nonce"]  # N+1 below
    assert errors(client.private("Balance", nonce=995)) == []  # N below
    assert errors(client.private("Balance", nonce=995)) == ["EAPI:Invalid nonce"]  # replay


def test_without_a_window_a_lower_nonce_fails(kraken: KrakenHarness) -> None:
    client = kraken.client(kraken.key(EMAIL, "k", {"funds_query"}))
    assert errors(client.private("Balance", nonce=2000)) == []
    assert errors(client.private("Balance", nonce=1999)) == ["EAPI:Invalid nonce"]


def test_a_refused_signature_does_not_use_up_the_nonce(kraken: KrakenHarness) -> None:
    key = kraken.key(EMAIL, "k", {"funds_query"})
    wrong = kraken.client(key, secret=kraken.key(EMAIL, "x").secret)
    assert errors(wrong.private("Balance", nonce=10)) == ["EAPI:Invalid signature"]
    assert errors(kraken.client(key).private("Balance", nonce=10)) == []


def test_each_key_has_its_own_nonce(kraken: KrakenHarness) -> None:
    first = kraken.client(kraken.key(EMAIL, "one", {"funds_query"}))
    second = kraken.client(kraken.key(EMAIL, "two", {"funds_query"}))
    assert errors(first.private("Balance", nonce=50)) == []
    assert errors(second.private("Balance", nonce=50)) == []


_CALLABLE_ARGS: dict[str, dict[str, str]] = {
    "QueryOrders": {"txid": "OAAAAA-AAAAA-AAAAAA"},
    "QueryTrades": {"txid": "TAAAAA-AAAAA-AAAAAA"},
    "QueryLedgers": {"id": "LAAAAA-AAAAA-AAAAAA"},
    "AddOrder": {"pair": "XBTUSD", "type": "buy", "ordertype": "limit", "price": "1", "volume": "1",
                 "validate": "true"},
    "CancelOrder": {"txid": "OAAAAA-AAAAA-AAAAAA"},
    "AmendOrder": {"txid": "OAAAAA-AAAAA-AAAAAA", "order_qty": "1"},
    "CancelOrderBatch": {"orders": "OAAAAA-AAAAA-AAAAAA"},
    "CancelAllOrdersAfter": {"timeout": "0"},
}  # fmt: skip


@pytest.mark.parametrize("method", sorted(METHOD_PERMISSIONS))
def test_permissions_per_method(kraken: KrakenHarness, method: str) -> None:
    needed = METHOD_PERMISSIONS[method]
    others = PERMISSION_FIELDS - needed
    without = kraken.client(kraken.key(EMAIL, "without", others))
    answer = without.private(method, _CALLABLE_ARGS.get(method))
    if needed:
        assert errors(answer) == ["EGeneral:Permission denied"]
    else:
        assert "EGeneral:Permission denied" not in errors(answer)  # type: ignore[operator]
    if method in METHOD_PERMISSIONS_ALL:
        return  # needs them all: test_edit_order_needs_both_order_permissions
    for permission in needed:
        with_one = kraken.client(kraken.key(EMAIL, f"with {permission}", {permission}))
        granted = with_one.private(method, _CALLABLE_ARGS.get(method))
        assert "EGeneral:Permission denied" not in errors(granted)  # type: ignore[operator]


def test_edit_order_needs_both_order_permissions(kraken: KrakenHarness) -> None:
    """Kraken's EditOrder page: "Create & modify orders" *and* "Cancel & close orders"."""
    args = {"txid": "OAAAAA-AAAAA-AAAAAA", "pair": "XBTUSD"}
    for alone in ("trades_modify", "trades_close"):
        key = kraken.client(kraken.key(EMAIL, alone, {alone}))
        assert errors(key.private("EditOrder", args)) == ["EGeneral:Permission denied"]
    both = kraken.client(kraken.key(EMAIL, "both", {"trades_modify", "trades_close"}))
    assert errors(both.private("EditOrder", args)) == ["EOrder:Unknown order"]


def test_the_rest_counter_refuses_the_call_past_the_maximum(kraken: KrakenHarness) -> None:
    client = kraken.client(kraken.key(EMAIL, "k", {"funds_query", "ledger_query"}))
    results = [errors(client.private("Balance")) for _ in range(21)]  # Intermediate: max 20
    assert results[:20] == [[]] * 20
    assert results[20] == ["EAPI:Rate limit exceeded"]
    kraken.clock.advance(1.9)  # 0.95 decayed: still no room
    assert errors(client.private("Balance")) == ["EAPI:Rate limit exceeded"]
    kraken.clock.advance(0.1)  # 1.0 decayed: room for one
    assert errors(client.private("Balance")) == []
    kraken.clock.advance(2)  # room for 1 more, but Ledgers costs 2
    assert errors(client.private("Ledgers")) == ["EAPI:Rate limit exceeded"]
    kraken.clock.advance(2)
    assert errors(client.private("Ledgers")) == []


def test_the_counter_belongs_to_the_key(kraken: KrakenHarness) -> None:
    first = kraken.client(kraken.key(EMAIL, "one", {"funds_query"}))
    second = kraken.client(kraken.key(EMAIL, "two", {"funds_query"}))
    for _ in range(20):
        first.private("Balance")
    assert errors(first.private("Balance")) == ["EAPI:Rate limit exceeded"]
    assert errors(second.private("Balance")) == []


@pytest.mark.parametrize(("tier", "maximum"), [("Starter", 15), ("Pro", 20)])
def test_tiers(rest_mock: KrakenHarness, tier: str, maximum: int) -> None:
    rest_mock.user("t@example.test", tier=tier)
    client = rest_mock.client(rest_mock.key("t@example.test", "k", {"funds_query"}))
    results = [errors(client.private("Balance")) for _ in range(maximum + 1)]
    assert results.count([]) == maximum


def test_add_order_and_cancel_order_do_not_count(kraken: KrakenHarness) -> None:
    client = kraken.client(kraken.key(EMAIL, "k", {"funds_query", "trades_modify"}))
    for _ in range(20):
        client.private("Balance")
    order = {"pair": "XBTUSD", "type": "buy", "ordertype": "limit", "price": "1", "volume": "1"}
    assert errors(client.private("AddOrder", order)) == []


def test_repeated_bad_signatures_lock_the_key_out_until_it_expires(
    kraken: KrakenHarness,
) -> None:
    kraken.configure(lockout_threshold=3, lockout_window_s=60, lockout_duration_s=15)
    key = kraken.key(EMAIL, "k", {"funds_query"})
    wrong = kraken.client(key, secret=kraken.key(EMAIL, "x").secret)
    right = kraken.client(key)
    for _ in range(3):
        assert errors(wrong.private("Balance")) == ["EAPI:Invalid signature"]
    assert errors(right.private("Balance")) == ["EGeneral:Temporary lockout"]
    assert errors(wrong.private("Balance")) == ["EGeneral:Temporary lockout"]
    kraken.clock.advance(14.9)
    assert errors(right.private("Balance")) == ["EGeneral:Temporary lockout"]
    kraken.clock.advance(0.1)
    assert errors(right.private("Balance")) == []


def test_bad_nonces_count_toward_the_lockout_too(kraken: KrakenHarness) -> None:
    kraken.configure(lockout_threshold=2)
    client = kraken.client(kraken.key(EMAIL, "k", {"funds_query"}))
    assert errors(client.private("Balance", nonce="x")) == ["EAPI:Invalid nonce"]
    assert errors(client.private("Balance", nonce=0)) == ["EAPI:Invalid nonce"]
    assert errors(client.private("Balance")) == ["EGeneral:Temporary lockout"]


def test_failures_spread_beyond_the_window_do_not_lock(kraken: KrakenHarness) -> None:
    kraken.configure(lockout_threshold=2, lockout_window_s=10)
    client = kraken.client(kraken.key(EMAIL, "k", {"funds_query"}))
    client.private("Balance", nonce="x")
    kraken.clock.advance(11)
    client.private("Balance", nonce="x")
    assert errors(client.private("Balance")) == []


def test_check_order_key_before_signature_before_nonce_before_permission(
    kraken: KrakenHarness,
) -> None:
    key = kraken.key(EMAIL, "k", set())
    unsigned_bad_nonce = kraken.client(key).private("Balance", nonce="x", signed=False)
    assert errors(unsigned_bad_nonce) == ["EAPI:Invalid nonce"]
    wrong_secret = kraken.client(key, secret=kraken.key(EMAIL, "x").secret)
    assert errors(wrong_secret.private("Balance")) == ["EAPI:Invalid signature"]
    assert errors(kraken.client(key).private("Balance", nonce=5)) == ["EGeneral:Permission denied"]
    # a permission refusal still uses up the nonce
    assert errors(kraken.client(key).private("Balance", nonce=5)) == ["EAPI:Invalid nonce"]


def test_source_address_trusts_forwarded_for_only_from_loopback_when_enabled() -> None:
    trusting = KrakenSettings(trust_forwarded_for_from_loopback=True)
    plain = KrakenSettings()
    assert source_address("127.0.0.1", "203.0.113.9, 10.0.0.1", trusting) == "203.0.113.9"
    assert source_address("::1", "203.0.113.9", trusting) == "203.0.113.9"
    assert source_address("::ffff:127.0.0.1", "203.0.113.9", trusting) == "203.0.113.9"
    assert source_address("192.0.2.7", "203.0.113.9", trusting) == "192.0.2.7"
    assert source_address("127.0.0.1", "203.0.113.9", plain) == "127.0.0.1"
    assert source_address("127.0.0.1", None, trusting) == "127.0.0.1"
    assert source_address("127.0.0.1", " , ", trusting) == "127.0.0.1"


def test_sequential_invalid_keys_lock_the_address_out(kraken: KrakenHarness) -> None:
    """Kraken's errors page: "Too many sequential EAPI:Invalid key errors" lock out."""
    kraken.configure(lockout_threshold=3, lockout_window_s=60, lockout_duration_s=15)
    good = kraken.client(kraken.key(EMAIL, "k", {"funds_query"}))
    stranger = kraken.client(secret=kraken.key(EMAIL, "x").secret)
    assert errors(stranger.private("Balance")) == ["EAPI:Invalid key"]
    assert errors(stranger.private("Balance")) == ["EAPI:Invalid key"]
    assert errors(good.private("Balance")) == []  # not sequential any more
    for _ in range(3):
        assert errors(stranger.private("Balance")) == ["EAPI:Invalid key"]
    assert errors(good.private("Balance")) == ["EGeneral:Temporary lockout"]  # same address
    kraken.clock.advance(15)
    assert errors(good.private("Balance")) == []
