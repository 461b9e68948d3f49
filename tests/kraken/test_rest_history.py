"""Open and past orders, trades and ledgers, and the key's query window."""

from __future__ import annotations

from typing import Any

import pytest

from mocks.kraken.harness import KrakenHarness
from mocks.kraken_facts.client import KrakenRestClient

EMAIL = "ann@example.test"
EVERYTHING = {
    "funds_query",
    "trades_modify",
    "trades_query_open",
    "trades_query_closed",
    "ledger_query",
}
MARKET_BUY = {"pair": "XBTUSD", "type": "buy", "ordertype": "market", "volume": "0.01"}


def ok(answer: dict[str, Any]) -> dict[str, Any]:
    assert answer["error"] == []
    result: dict[str, Any] = answer["result"]
    return result


@pytest.fixture
def kraken(rest_mock: KrakenHarness) -> KrakenHarness:
    rest_mock.user(EMAIL, tier="Pro", balances={"ZUSD": "100000"})
    return rest_mock


@pytest.fixture
def trader(kraken: KrakenHarness) -> KrakenRestClient:
    """Three market buys, 100 s apart, at T0, T0+100 and T0+200."""
    client = kraken.client(kraken.key(EMAIL, "trader", EVERYTHING))
    for _ in range(3):
        ok(client.private("AddOrder", MARKET_BUY))
        kraken.clock.advance(100)
    return client


def test_histories_list_newest_first(kraken: KrakenHarness, trader: KrakenRestClient) -> None:
    closed = ok(trader.private("ClosedOrders"))
    assert closed["count"] == 3
    times = [o["closetm"] for o in closed["closed"].values()]
    assert times == sorted(times, reverse=True)
    trades = ok(trader.private("TradesHistory"))
    assert trades["count"] == 3
    ledger = ok(trader.private("Ledgers"))
    assert ledger["count"] == 6
    assert {e["asset"] for e in ledger["ledger"].values()} == {"XXBT", "ZUSD"}
    assert ok(trader.private("Ledgers", {"asset": "XBT"}))["count"] == 3
    assert "count" not in ok(trader.private("Ledgers", {"without_count": "true"}))


def test_start_is_exclusive_and_end_inclusive(
    kraken: KrakenHarness, trader: KrakenRestClient
) -> None:
    t0 = 1_800_000_000
    params = {"start": str(t0), "end": str(t0 + 100)}
    assert ok(trader.private("TradesHistory", params))["count"] == 1


def test_query_by_ids(trader: KrakenRestClient) -> None:
    trades = ok(trader.private("TradesHistory"))["trades"]
    first_trade = next(iter(trades))
    order_txid = trades[first_trade]["ordertxid"]
    assert list(ok(trader.private("QueryOrders", {"txid": order_txid}))) == [order_txid]
    with_trades = ok(trader.private("QueryOrders", {"txid": order_txid, "trades": "true"}))
    assert with_trades[order_txid]["trades"] == [first_trade]
    assert list(ok(trader.private("QueryTrades", {"txid": first_trade}))) == [first_trade]
    ledger_id = trades[first_trade]["ledgers"][0]
    assert list(ok(trader.private("QueryLedgers", {"id": ledger_id}))) == [ledger_id]
    assert trader.private("QueryOrders", {"txid": "OAAAAA-AAAAA-AAAAAA"}) == {
        "error": ["EOrder:Invalid order"]
    }
    assert trader.private("QueryOrders") == {"error": ["EGeneral:Invalid arguments:txid"]}


def test_an_id_can_stand_for_its_time_as_a_bound(trader: KrakenRestClient) -> None:
    trades = ok(trader.private("TradesHistory"))["trades"]
    oldest = list(trades)[-1]
    assert ok(trader.private("TradesHistory", {"start": oldest}))["count"] == 2
    assert trader.private("TradesHistory", {"start": "nonsense"}) == {
        "error": ["EGeneral:Invalid arguments:start"]
    }


def test_paging(kraken: KrakenHarness, trader: KrakenRestClient) -> None:
    page = ok(trader.private("Ledgers", {"ofs": "4"}))
    assert page["count"] == 6
    assert len(page["ledger"]) == 2
    assert trader.private("Ledgers", {"ofs": "-1"}) == {"error": ["EGeneral:Invalid arguments:ofs"]}


def windowed(kraken: KrakenHarness, query_from: int, query_to: int) -> KrakenRestClient:
    key = kraken.key(EMAIL, "window", EVERYTHING, query_from=query_from, query_to=query_to)
    return kraken.client(key)


def test_an_explicit_bound_outside_the_window_is_refused(
    kraken: KrakenHarness, trader: KrakenRestClient
) -> None:
    t0 = 1_800_000_000
    client = windowed(kraken, t0 + 50, t0 + 150)
    for method in ("ClosedOrders", "TradesHistory", "Ledgers"):
        assert client.private(method, {"start": str(t0)}) == {
            "error": ["EGeneral:Invalid arguments"]
        }
        assert client.private(method, {"end": str(t0 + 151)}) == {
            "error": ["EGeneral:Invalid arguments"]
        }
        assert client.private(method, {"start": str(t0 + 50), "end": str(t0 + 150)})["error"] == []


def test_missing_bounds_clip_results_to_the_window(
    kraken: KrakenHarness, trader: KrakenRestClient
) -> None:
    t0 = 1_800_000_000
    client = windowed(kraken, t0 + 100, t0 + 100)  # the window's own second is reachable
    assert ok(client.private("TradesHistory"))["count"] == 1
    assert ok(client.private("ClosedOrders"))["count"] == 1
    assert ok(client.private("Ledgers"))["count"] == 2
    open_ended = windowed_from(kraken, t0 + 150)
    assert ok(open_ended.private("TradesHistory"))["count"] == 1


def windowed_from(kraken: KrakenHarness, query_from: int) -> KrakenRestClient:
    return kraken.client(kraken.key(EMAIL, "from only", EVERYTHING, query_from=query_from))


def test_query_by_id_outside_the_window_is_refused(
    kraken: KrakenHarness, trader: KrakenRestClient
) -> None:
    trades = ok(trader.private("TradesHistory"))["trades"]
    oldest_trade = list(trades)[-1]
    oldest_order = trades[oldest_trade]["ordertxid"]
    client = windowed_from(kraken, 1_800_000_050)
    for method, name, ref in (
        ("QueryOrders", "txid", oldest_order),
        ("QueryTrades", "txid", oldest_trade),
        ("QueryLedgers", "id", trades[oldest_trade]["ledgers"][0]),
    ):
        assert client.private(method, {name: ref}) == {"error": ["EGeneral:Invalid arguments"]}


def test_open_orders_are_not_history(kraken: KrakenHarness) -> None:
    client = kraken.client(kraken.key(EMAIL, "k", EVERYTHING))
    order = {"pair": "XBTUSD", "type": "buy", "ordertype": "limit", "volume": "0.01",
             "price": "1000", "cl_ord_id": "grid-7"}  # fmt: skip
    [txid] = ok(client.private("AddOrder", order))["txid"]
    assert ok(client.private("ClosedOrders"))["count"] == 0
    opened = ok(client.private("OpenOrders", {"cl_ord_id": "grid-7"}))["open"]
    assert opened[txid]["cl_ord_id"] == "grid-7"
    assert ok(client.private("OpenOrders", {"cl_ord_id": "other"}))["open"] == {}


def test_closed_orders_closetime(kraken: KrakenHarness, trader: KrakenRestClient) -> None:
    assert trader.private("ClosedOrders", {"closetime": "later"}) == {
        "error": ["EGeneral:Invalid arguments:closetime"]
    }
    assert ok(trader.private("ClosedOrders", {"closetime": "close"}))["count"] == 3
