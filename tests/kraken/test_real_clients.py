"""Public Kraken clients from PyPI, pointed at the served mock and otherwise unchanged.

krakenex signs with millisecond nonces and form bodies; python-kraken-sdk with 10-ns
nonces, its own field order and a public AssetPairs call before a truncated order. Both
must see the mock as Kraken: its answers, and its own errors.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import krakenex
import pytest
from kraken.exceptions import (
    KrakenApiLimitExceededError,
    KrakenInvalidNonceError,
    KrakenInvalidSignatureError,
    KrakenPermissionDeniedError,
)
from kraken.spot import Market, Trade, User

from mocks.kraken.harness import KrakenHarness
from mocks.kraken.market import PAIRS
from mocks.kraken.state import ApiKey
from mocks.kraken_facts.client import NonceSource

EMAIL = "ann@example.test"
ALTRADY = {"funds_query", "trades_query_open", "trades_query_closed", "trades_modify",
           "trades_close", "ledger_query", "websocket"}  # fmt: skip


@pytest.fixture
def kraken(rest_mock: KrakenHarness) -> KrakenHarness:
    rest_mock.user(EMAIL, balances={"ZUSD": "25000.0000", "XXBT": "0.5000000000"})
    return rest_mock


def krakenex_api(kraken: KrakenHarness, key: ApiKey, secret: str | None = None) -> Any:
    api = krakenex.API(key=key.public, secret=secret or key.secret)
    api.uri = kraken.url
    # krakenex reads the wall clock in milliseconds, so two calls in one millisecond would
    # repeat a nonce (real Kraken refuses that too); give it a strictly increasing source.
    api._nonce = NonceSource()
    return api


@pytest.fixture
def sdk_user(kraken: KrakenHarness) -> tuple[User, ApiKey]:
    key = kraken.key(EMAIL, "sdk", ALTRADY)
    return User(key=key.public, secret=key.secret, url=kraken.url), key


# krakenex


def test_krakenex_reads_balances(kraken: KrakenHarness) -> None:
    api = krakenex_api(kraken, kraken.key(EMAIL, "ex", ALTRADY))
    assert api.query_private("Balance") == {
        "error": [],
        "result": {"ZUSD": "25000.0000", "XXBT": "0.5000000000"},
    }
    assert api.query_public("Time")["result"]["unixtime"] > 0
    assert kraken.state.journal.entries()[0].nonce is not None


def test_krakenex_places_and_cancels_an_order(kraken: KrakenHarness) -> None:
    api = krakenex_api(kraken, kraken.key(EMAIL, "ex", ALTRADY))
    placed = api.query_private(
        "AddOrder",
        {"pair": "XXBTZUSD", "type": "buy", "ordertype": "limit", "price": "60000.0",
         "volume": "0.1", "userref": 12},
    )  # fmt: skip
    assert placed["error"] == []
    assert placed["result"]["descr"]["order"] == "buy 0.10000000 XBTUSD @ limit 60000.0"
    [txid] = placed["result"]["txid"]
    held = api.query_private("BalanceEx")["result"]["ZUSD"]
    assert held == {"balance": "25000.0000", "hold_trade": "6024.0000"}
    assert txid in api.query_private("OpenOrders")["result"]["open"]
    assert api.query_private("CancelOrder", {"txid": txid}) == {
        "error": [],
        "result": {"count": 1},
    }
    assert api.query_private("OpenOrders")["result"]["open"] == {}


def test_krakenex_sees_krakens_errors(kraken: KrakenHarness) -> None:
    key = kraken.key(EMAIL, "ex", ALTRADY)
    wrong = krakenex_api(kraken, key, secret=kraken.key(EMAIL, "other").secret)
    assert wrong.query_private("Balance") == {"error": ["EAPI:Invalid signature"]}

    api = krakenex_api(kraken, key)
    api._nonce = lambda: 1_700_000_000_000
    assert api.query_private("Balance")["error"] == []
    assert api.query_private("Balance") == {"error": ["EAPI:Invalid nonce"]}

    funds_only = krakenex_api(kraken, kraken.key(EMAIL, "funds only", {"funds_query"}))
    order = {"pair": "XBTUSD", "type": "buy", "ordertype": "market", "volume": "0.01"}
    assert funds_only.query_private("AddOrder", order) == {"error": ["EGeneral:Permission denied"]}

    elsewhere = krakenex_api(kraken, kraken.key(EMAIL, "elsewhere", ALTRADY,
                                                ip_allowlist=["203.0.113.7"]))  # fmt: skip
    assert elsewhere.query_private("Balance") == {"error": ["EGeneral:Permission denied"]}


def test_krakenex_burst_past_the_rate_limit(kraken: KrakenHarness) -> None:
    api = krakenex_api(kraken, kraken.key(EMAIL, "ex", ALTRADY))
    answers = [api.query_private("Ledgers")["error"] for _ in range(11)]  # +2 each, max 20
    assert answers == [[]] * 10 + [["EAPI:Rate limit exceeded"]]


# python-kraken-sdk


def test_sdk_reads_balances(sdk_user: tuple[User, ApiKey]) -> None:
    user, _ = sdk_user
    assert user.get_account_balance() == {"ZUSD": "25000.0000", "XXBT": "0.5000000000"}
    assert user.get_balance(currency="USD") == {
        "currency": "ZUSD",
        "balance": 25000.0,
        "available_balance": 25000.0,
    }
    assert set(user.get_trade_balance()) >= {"eb", "tb", "e", "mf"}


def test_sdk_places_a_truncated_order_and_cancels_it(
    kraken: KrakenHarness, sdk_user: tuple[User, ApiKey]
) -> None:
    user, key = sdk_user
    trade = Trade(key=key.public, secret=key.secret, url=kraken.url)
    # The SDK builds its inner Market (used by truncate) without the url it was given, so
    # it would ask api.kraken.com; point that one at the mock as well.
    trade._Trade__market = Market(url=kraken.url)  # type: ignore[attr-defined]
    placed = trade.create_order(
        ordertype="limit", side="sell", pair="XBTUSD", volume=0.123456789, price=70000.123,
        truncate=True, userref=5,
    )  # fmt: skip
    assert placed["descr"]["order"] == "sell 0.12345678 XBTUSD @ limit 70000.1"
    [txid] = placed["txid"]
    assert user.get_balances()["XXBT"]["hold_trade"] == "0.1234567800"
    assert txid in user.get_open_orders()["open"]
    assert trade.cancel_order(txid=txid) == {"count": 1}
    assert user.get_closed_orders()["closed"][txid]["status"] == "canceled"
    endpoints = [entry.endpoint for entry in kraken.state.journal.entries()]
    assert "AssetPairs" in endpoints  # the SDK asked for the pair's decimals first


def test_sdk_market_order_and_trade_history(
    kraken: KrakenHarness, sdk_user: tuple[User, ApiKey]
) -> None:
    user, key = sdk_user
    trade = Trade(key=key.public, secret=key.secret, url=kraken.url)
    trade.create_order(ordertype="market", side="buy", pair="XBTUSD", volume="0.01")
    [entry] = user.get_trades_history()["trades"].values()
    assert entry["vol"] == "0.01000000"
    assert user.get_ledgers_info()["count"] == 2
    assert (
        Market(url=kraken.url).get_ticker(pair="XBTUSD")["XXBTZUSD"]["a"][0] == entry["price"][:7]
    )


def test_sdk_raises_krakens_errors(kraken: KrakenHarness, sdk_user: tuple[User, ApiKey]) -> None:
    _, key = sdk_user
    wrong = User(key=key.public, secret=kraken.key(EMAIL, "other").secret, url=kraken.url)
    with pytest.raises(KrakenInvalidSignatureError):
        wrong.get_account_balance()

    replaying = User(key=key.public, secret=key.secret, url=kraken.url)
    replaying.get_nonce = lambda: "170000000000000000"  # type: ignore[method-assign]
    replaying.get_account_balance()
    with pytest.raises(KrakenInvalidNonceError):
        replaying.get_account_balance()

    no_ledger = kraken.key(EMAIL, "no ledger", {"funds_query"})
    with pytest.raises(KrakenPermissionDeniedError):
        User(key=no_ledger.public, secret=no_ledger.secret, url=kraken.url).get_ledgers_info()

    blocked = kraken.key(EMAIL, "blocked", ALTRADY, ip_allowlist=["2001:db8::/32"])
    with pytest.raises(KrakenPermissionDeniedError):
        User(key=blocked.public, secret=blocked.secret, url=kraken.url).get_account_balance()


def test_sdk_burst_past_the_rate_limit(
    kraken: KrakenHarness, sdk_user: tuple[User, ApiKey]
) -> None:
    user, _ = sdk_user
    for _ in range(20):  # Intermediate: 20 (the mock's clock stands still: no decay)
        user.get_account_balance()
    with pytest.raises(KrakenApiLimitExceededError):
        user.get_account_balance()


def _sdk_trade(kraken: KrakenHarness, key: ApiKey) -> Trade:
    trade = Trade(key=key.public, secret=key.secret, url=kraken.url)
    trade._Trade__market = Market(url=kraken.url)  # type: ignore[attr-defined]  # see above
    return trade


def test_sdk_market_data_follows_the_market(kraken: KrakenHarness) -> None:
    market = Market(url=kraken.url)
    with kraken.state.lock:
        kraken.state.trading.move_market(PAIRS["XXBTZUSD"], Decimal("70000"), kraken.clock)
    book = market.get_order_book(pair="XBTUSD", count=2)["XXBTZUSD"]
    assert [level[0] for level in book["asks"]] == ["70000.1", "70000.2"]
    assert market.get_recent_trades(pair="XBTUSD")["XXBTZUSD"][0][:2] == ["70000.0", "0.00050000"]
    assert market.get_ohlc(pair="XBTUSD", interval=5)["XXBTZUSD"][-1][4] == "70000.0"
    assert market.get_recent_spreads(pair="XBTUSD")["XXBTZUSD"][-1][1:] == ["70000.0", "70000.1"]


def test_sdk_trade_methods(kraken: KrakenHarness, sdk_user: tuple[User, ApiKey]) -> None:
    user, key = sdk_user
    trade = _sdk_trade(kraken, key)
    batch = trade.create_order_batch(
        orders=[
            {"ordertype": "limit", "type": "buy", "volume": "0.01", "price": "60000"},
            {"ordertype": "limit", "type": "sell", "volume": "0.01", "price": "90000"},
        ],
        pair="BTC/USD",
    )
    first, second = (entry["txid"] for entry in batch["orders"])
    assert trade.amend_order(txid=first, limit_price="60100")["amend_id"]
    edited = trade.edit_order(txid=second, pair="XBTUSD", price="91000")
    assert edited["originaltxid"] == second
    assert set(user.get_open_orders()["open"]) == {first, edited["txid"]}
    assert trade.cancel_order_batch(orders=[first]) == {"count": 1}
    assert trade.cancel_all_orders_after_x(timeout=30)["triggerTime"] == "2027-01-15T08:00:30Z"
    assert trade.cancel_all_orders() == {"count": 1}
    assert user.get_trade_volume(pair="XBTUSD")["fees"]["XBTUSD"]["fee"] == "0.4000"


def test_krakenex_market_data_fills_and_fees(kraken: KrakenHarness) -> None:
    api = krakenex_api(kraken, kraken.key(EMAIL, "ex", ALTRADY))
    depth = api.query_public("Depth", {"pair": "XBTUSD", "count": 1})["result"]["XXBTZUSD"]
    assert depth["asks"][0][0] == "68250.1"
    placed = api.query_private(
        "AddOrder",
        {"pair": "XBTUSD", "type": "sell", "ordertype": "limit", "price": "69000.0",
         "volume": "0.2"},
    )  # fmt: skip
    [txid] = placed["result"]["txid"]
    assert api.query_private("AmendOrder", {"txid": txid, "limit_price": "68900.0"})["error"] == []
    kraken.move_market("XBTUSD", "69500")
    [trade] = api.query_private("TradesHistory")["result"]["trades"].values()
    assert (trade["ordertxid"], trade["price"], trade["maker"]) == (txid, "68900.00000", True)
    assert api.query_public("Trades", {"pair": "XBTUSD"})["result"]["XXBTZUSD"][0][0] == "69500.0"
    volume = api.query_private("TradeVolume", {"pair": "XXBTZUSD"})["result"]
    assert volume["volume"] == "13780.0000"
    assert volume["fees"]["XXBTZUSD"]["fee"] == "0.3500"
    assert api.query_private("CancelAll") == {"error": [], "result": {"count": 0}}
