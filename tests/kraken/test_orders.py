"""The order records and the book that keeps them: ids, descriptions, shapes, holds, finds."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from mocks.kraken.market import PAIRS
from mocks.kraken.orders import Order, OrderBook, OrderRequest, new_txid
from mocks.kraken_facts.errors import KrakenError

XBTUSD = PAIRS["XXBTZUSD"]


def request(ordertype: str = "limit", side: str = "buy", **extra: object) -> OrderRequest:
    fields: dict[str, object] = {"volume": Decimal("1.25"), "price": Decimal(37500), **extra}
    return OrderRequest(pair=XBTUSD, side=side, ordertype=ordertype, **fields)  # type: ignore[arg-type]


def test_ids_look_like_krakens() -> None:
    assert re.fullmatch(r"O[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{6}", new_txid("O"))


@pytest.mark.parametrize(
    ("ordertype", "extra", "text"),
    [
        ("limit", {}, "buy 1.25000000 XBTUSD @ limit 37500.0"),
        ("market", {"price": None}, "buy 1.25000000 XBTUSD @ market"),
        ("stop-loss", {}, "buy 1.25000000 XBTUSD @ stop loss 37500.0"),
        ("take-profit", {}, "buy 1.25000000 XBTUSD @ take profit 37500.0"),
        ("stop-loss-limit", {"price2": Decimal(37600)},
         "buy 1.25000000 XBTUSD @ stop loss 37500.0 -> limit 37600.0"),
        ("take-profit-limit", {"price2": Decimal(37400)},
         "buy 1.25000000 XBTUSD @ take profit 37500.0 -> limit 37400.0"),
    ],
)  # fmt: skip
def test_descriptions_are_krakens_text(ordertype: str, extra: dict[str, object], text: str) -> None:
    assert request(ordertype, **extra).description() == text  # type: ignore[arg-type]


def test_limit_prices_of_each_type() -> None:
    assert request().limit_price() == Decimal(37500)
    assert request("stop-loss").limit_price() is None
    limited = request("stop-loss-limit", price2=Decimal(37600))
    assert limited.limit_price(triggered=False) is None
    assert limited.limit_price() == Decimal(37600)


def _order(book: OrderBook, **extra: object) -> Order:
    order = Order(txid=new_txid("O"), request=request(**extra), opened=1.0)  # type: ignore[arg-type]
    order.hold_asset, order.hold_amount = "ZUSD", Decimal(100)
    book.add(order, 1.0)
    return order


def test_holds_are_what_open_orders_hold_and_closing_releases_them() -> None:
    book = OrderBook()
    first = _order(book)
    _order(book)
    assert book.held() == {"ZUSD": Decimal(200)}
    assert book.available({"ZUSD": Decimal(250)}, "ZUSD") == Decimal(50)
    book.close(first, "canceled", "User requested", 2.0)
    assert book.held() == {"ZUSD": Decimal(100)}
    info = first.as_kraken()
    assert (info["status"], info["reason"], info["closetm"]) == ("canceled", "User requested", 2.0)


def test_find_by_txid_userref_and_client_id() -> None:
    book = OrderBook()
    one = _order(book, userref=7)
    _order(book, userref=7)
    mine = _order(book, cl_ord_id="mine-1")
    assert len(book.find("7")) == 2
    assert book.find("mine-1") == [mine]
    assert book.find(one.txid) == [one]
    assert book.find("OUNKNO-WN000-000000") == []
    assert book.find_one("mine-1") is mine
    with pytest.raises(KrakenError, match="EOrder:Unknown order"):
        book.find_one("7")  # a userref names no single order


def test_order_json_shape() -> None:
    book = OrderBook()
    order = _order(book, userref=3)
    info = order.as_kraken()
    assert info["status"] == "open"
    assert info["userref"] == 3
    assert info["descr"]["order"] == "buy 1.25000000 XBTUSD @ limit 37500.0"
    assert info["vol"] == "1.25000000"
    assert "closetm" not in info
    stop = _order(book, ordertype="stop-loss-limit", price2=Decimal(37600)).as_kraken()
    assert (stop["stopprice"], stop["limitprice"], stop["trigger"]) == (
        "37500.00000",
        "37600.00000",
        "last",
    )
