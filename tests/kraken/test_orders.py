from __future__ import annotations

import re
from decimal import Decimal

import pytest

from mocks.kraken.market import PAIRS
from mocks.kraken.orders import OrderBook, OrderRequest, new_txid
from mocks.kraken_facts.errors import KrakenError

XBTUSD = PAIRS["XXBTZUSD"]


def limit(side: str, volume: str, price: str, **extra: object) -> OrderRequest:
    return OrderRequest(
        pair=XBTUSD,
        side=side,  # type: ignore[arg-type]
        ordertype="limit",
        volume=Decimal(volume),
        price=Decimal(price),
        **extra,  # type: ignore[arg-type]
    )


def market(side: str, volume: str) -> OrderRequest:
    return OrderRequest(
        pair=XBTUSD,
        side=side,  # type: ignore[arg-type]
        ordertype="market",
        volume=Decimal(volume),
        price=None,
    )


def test_ids_look_like_krakens() -> None:
    assert re.fullmatch(r"O[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{6}", new_txid("O"))


def test_descriptions_are_krakens_text() -> None:
    assert limit("buy", "1.25", "37500").description() == "buy 1.25000000 XBTUSD @ limit 37500.0"
    assert market("sell", "0.5").description() == "sell 0.50000000 XBTUSD @ market"


def test_a_limit_buy_holds_cost_plus_fee_and_leaves_the_balance() -> None:
    book = OrderBook()
    balances = {"ZUSD": Decimal(10_000)}
    book.place(limit("buy", "0.1", "50000"), balances, now=1.0)
    assert balances == {"ZUSD": Decimal(10_000)}
    assert book.held() == {"ZUSD": Decimal("5020.000")}  # 5000 + 0.4% taker fee
    assert book.available(balances, "ZUSD") == Decimal("4980.000")


def test_a_limit_sell_holds_the_base_asset() -> None:
    book = OrderBook()
    book.place(limit("sell", "0.3", "90000"), {"XXBT": Decimal(1)}, now=1.0)
    assert book.held() == {"XXBT": Decimal("0.3")}


def test_holds_count_against_the_next_order() -> None:
    book = OrderBook()
    balances = {"ZUSD": Decimal(6000)}
    book.place(limit("buy", "0.1", "50000"), balances, now=1.0)
    with pytest.raises(KrakenError, match="EOrder:Insufficient funds"):
        book.place(limit("buy", "0.1", "50000"), balances, now=2.0)


def test_cancelling_releases_the_hold() -> None:
    book = OrderBook()
    balances = {"ZUSD": Decimal(6000)}
    order = book.place(limit("buy", "0.1", "50000"), balances, now=1.0)
    assert book.cancel(book.find_cancellable(order.txid), now=5.0) == 1
    assert book.held() == {}
    assert order.status == "canceled"
    assert order.as_kraken()["reason"] == "User requested"
    with pytest.raises(KrakenError, match="EOrder:Unknown order"):
        book.cancel(book.find_cancellable(order.txid), now=6.0)


def test_cancel_by_userref_and_client_id() -> None:
    book = OrderBook()
    balances = {"ZUSD": Decimal(100_000)}
    book.place(limit("buy", "0.1", "50000", userref=7), balances, now=1.0)
    book.place(limit("buy", "0.1", "50000", userref=7), balances, now=1.0)
    book.place(limit("buy", "0.1", "50000", cl_ord_id="mine-1"), balances, now=1.0)
    assert len(book.find_cancellable("7")) == 2
    assert len(book.find_cancellable("mine-1")) == 1
    assert book.find_cancellable("OUNKNO-WN000-000000") == []


def test_a_market_buy_fills_at_the_ask_and_books_trade_and_ledgers() -> None:
    book = OrderBook()
    balances = {"ZUSD": Decimal(10_000)}
    order = book.place(market("buy", "0.1"), balances, now=10.0)
    cost = Decimal("0.1") * XBTUSD.market.ask
    fee = cost * Decimal("0.004")
    assert balances == {"ZUSD": Decimal(10_000) - cost - fee, "XXBT": Decimal("0.1")}
    assert order.status == "closed"
    assert order.vol_exec == Decimal("0.1")
    [trade] = book.trades.values()
    assert trade.price == XBTUSD.market.ask
    assert trade.order_txid == order.txid
    entries = [book.ledgers[i] for i in trade.ledger_ids]
    assert [e.asset for e in entries] == ["XXBT", "ZUSD"]
    assert entries[0].amount == Decimal("0.1")
    assert entries[1].amount == -cost
    assert entries[1].fee == fee
    assert entries[1].balance == balances["ZUSD"]


def test_a_market_sell_fills_at_the_bid() -> None:
    book = OrderBook()
    balances = {"XXBT": Decimal(1)}
    book.place(market("sell", "0.5"), balances, now=10.0)
    proceeds = Decimal("0.5") * XBTUSD.market.bid
    assert balances["ZUSD"] == proceeds - proceeds * Decimal("0.004")
    assert balances["XXBT"] == Decimal("0.5")


def test_market_orders_need_the_funds() -> None:
    book = OrderBook()
    with pytest.raises(KrakenError, match="EOrder:Insufficient funds"):
        book.place(market("buy", "1"), {"ZUSD": Decimal(100)}, now=1.0)
    with pytest.raises(KrakenError, match="EOrder:Insufficient funds"):
        book.place(market("sell", "1"), {"XXBT": Decimal("0.5")}, now=1.0)
    assert book.orders == {}


def test_order_json_shape() -> None:
    book = OrderBook()
    order = book.place(limit("buy", "0.1", "50000", userref=3), {"ZUSD": Decimal(9999)}, now=1.5)
    info = order.as_kraken()
    assert info["status"] == "open"
    assert info["userref"] == 3
    assert info["descr"]["order"] == "buy 0.10000000 XBTUSD @ limit 50000.0"
    assert info["vol"] == "0.10000000"
    assert "closetm" not in info
