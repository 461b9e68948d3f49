"""AmendOrder and EditOrder over HTTP: shapes, ids, counts and refusals."""

from __future__ import annotations

from typing import Any

import pytest

from mocks.kraken.harness import KrakenHarness
from mocks.kraken_facts.client import KrakenRestClient

EMAIL = "ann@example.test"
ORDERS = {"funds_query", "trades_modify", "trades_close", "trades_query_open",
          "trades_query_closed"}  # fmt: skip
BUY = {"pair": "XBTUSD", "type": "buy", "ordertype": "limit", "volume": "0.1", "price": "60000"}


def ok(answer: dict[str, Any]) -> dict[str, Any]:
    assert answer["error"] == [], answer
    result: dict[str, Any] = answer["result"]
    return result


@pytest.fixture
def client(rest_mock: KrakenHarness) -> KrakenRestClient:
    rest_mock.user(EMAIL, balances={"ZUSD": "100000", "XXBT": "1"})
    return rest_mock.client(rest_mock.key(EMAIL, "bot", ORDERS))


def test_amend_changes_the_order_in_place(
    rest_mock: KrakenHarness, client: KrakenRestClient
) -> None:
    [txid] = ok(client.private("AddOrder", {**BUY, "cl_ord_id": "grid-1"}))["txid"]
    answer = ok(client.private("AmendOrder", {"cl_ord_id": "grid-1", "order_qty": "0.2",
                                              "limit_price": "60500"}))  # fmt: skip
    assert set(answer) == {"amend_id"}
    order = ok(client.private("OpenOrders"))["open"][txid]
    assert (order["vol"], order["descr"]["price"], order["cl_ord_id"]) == (
        "0.20000000", "60500.0", "grid-1",
    )  # fmt: skip
    assert ok(client.private("BalanceEx"))["ZUSD"]["hold_trade"] == "12148.4000"
    counter = rest_mock.state.account(EMAIL).trade_counter("XXBTZUSD")
    assert counter.value == 1 + 1 + 3


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({}, "EGeneral:Invalid arguments:txid"),
        ({"txid": "OAAAAA-AAAAA-AAAAAA", "order_qty": "1"}, "EOrder:Unknown order"),
        ({"order_qty": "abc"}, "EGeneral:Invalid arguments:order_qty"),
        ({}, "EGeneral:Invalid arguments:order_qty"),
        ({"limit_price": "60000.55"},
         "EOrder:Invalid price:XBTUSD price can only be specified up to 1 decimals."),
        ({"trigger_price": "1"}, "EGeneral:Invalid arguments:trigger_price"),
        ({"display_qty": "0.01"}, "EGeneral:Invalid arguments:display_qty"),
        ({"limit_price": "70000", "post_only": "true"}, "EOrder:Post only order"),
        ({"order_qty": "100"}, "EOrder:Insufficient funds"),
    ],
)  # fmt: skip
def test_amend_refusals(client: KrakenRestClient, params: dict[str, str], error: str) -> None:
    [txid] = ok(client.private("AddOrder", BUY))["txid"]
    if "txid" not in params and params:
        params = {"txid": txid, **params}
    elif not params and error.endswith("order_qty"):
        params = {"txid": txid}
    assert client.private("AmendOrder", params) == {"error": [error]}
    assert ok(client.private("OpenOrders"))["open"][txid]["vol"] == "0.10000000"


def test_edit_replaces_the_order(client: KrakenRestClient) -> None:
    [txid] = ok(client.private("AddOrder", {**BUY, "userref": "4"}))["txid"]
    answer = ok(client.private("EditOrder", {"txid": txid, "pair": "XBTUSD", "price": "61000",
                                             "userref": "5"}))  # fmt: skip
    new = answer["txid"]
    assert new != txid
    assert answer == {
        "status": "ok",
        "descr": {"order": "buy 0.10000000 XBTUSD @ limit 61000.0"},
        "volume": "0.10000000",
        "price": "61000.0",
        "price2": "0.0",
        "orders_cancelled": 1,
        "originaltxid": txid,
        "txid": new,
        "newuserref": "5",
        "olduserref": "4",
    }
    assert list(ok(client.private("OpenOrders"))["open"]) == [new]
    old = ok(client.private("QueryOrders", {"txid": txid}))[txid]
    assert (old["status"], old["reason"]) == ("canceled", "Order replaced")


def test_an_edit_that_fails_leaves_the_order(client: KrakenRestClient) -> None:
    [txid] = ok(client.private("AddOrder", BUY))["txid"]
    edit = {"txid": txid, "pair": "XBTUSD", "volume": "50"}
    assert client.private("EditOrder", edit) == {"error": ["EOrder:Insufficient funds"]}
    assert ok(client.private("BalanceEx"))["ZUSD"]["hold_trade"] == "6024.0000"
    assert client.private("EditOrder", {"txid": txid, "pair": "ETHUSD"}) == {
        "error": ["EGeneral:Invalid arguments:pair"]
    }
    assert client.private("EditOrder", {"pair": "XBTUSD"}) == {
        "error": ["EGeneral:Invalid arguments:txid"]
    }
    assert list(ok(client.private("OpenOrders"))["open"]) == [txid]
