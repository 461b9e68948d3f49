"""A fill's arithmetic: balances, fee, ledger entries, affordability."""

from __future__ import annotations

from decimal import Decimal

from mocks.kraken.events import EventBus
from mocks.kraken.fills import affordable, fill
from mocks.kraken.market import PAIRS
from mocks.kraken.market_state import MarketState
from mocks.kraken.orders import Order, OrderBook, OrderRequest

XBTUSD = PAIRS["XXBTZUSD"]


def _order(side: str) -> Order:
    request = OrderRequest(XBTUSD, side, "limit", Decimal("0.5"), Decimal(60000))  # type: ignore[arg-type]
    return Order(txid="OTEST1-AAAAA-AAAAAA", request=request, opened=1.0)


def test_a_sell_fill_books_the_trade_and_two_ledger_entries() -> None:
    book, market = OrderBook(), MarketState(EventBus())
    balances = {"XXBT": Decimal(1)}
    order = _order("sell")
    trade = fill(book, order, Decimal(60000), maker=True, fee_percent=Decimal("0.25"),
                 balances=balances, market=market, now=2.0)  # fmt: skip
    assert balances == {"XXBT": Decimal("0.5"), "ZUSD": Decimal(30000) - Decimal(75)}
    assert (trade.cost, trade.fee, trade.maker, trade.usd_value) == (
        Decimal(30000), Decimal(75), True, Decimal(30000),
    )  # fmt: skip
    base, quote = (book.ledgers[i] for i in trade.ledger_ids)
    assert (base.amount, base.balance) == (Decimal("-0.5"), Decimal("0.5"))
    assert (quote.amount, quote.fee, quote.balance) == (
        Decimal(30000),
        Decimal(75),
        balances["ZUSD"],
    )
    assert (order.status, order.vol_exec, order.trade_ids) == (
        "closed",
        Decimal("0.5"),
        [trade.txid],
    )
    assert market.of(XBTUSD).trades == []  # a maker's fill prints no new public trade


def test_a_taker_fill_prints_a_public_trade() -> None:
    book, market = OrderBook(), MarketState(EventBus())
    fill(book, _order("buy"), Decimal(60000), maker=False, fee_percent=Decimal("0.4"),
         balances={"ZUSD": Decimal(40000)}, market=market, now=2.0)  # fmt: skip
    [public] = market.of(XBTUSD).trades
    assert (public.price, public.volume, public.side, public.ordertype) == (
        Decimal(60000), Decimal("0.5"), "buy", "limit",
    )  # fmt: skip


def test_affordable_counts_the_orders_own_hold() -> None:
    book = OrderBook()
    order = _order("buy")
    order.hold_asset, order.hold_amount = "ZUSD", Decimal(30120)
    book.add(order, 1.0)
    balances = {"ZUSD": Decimal(30120)}
    assert affordable(book, order, Decimal(60000), Decimal("0.4"), balances)
    assert not affordable(book, order, Decimal(60001), Decimal("0.4"), balances)
