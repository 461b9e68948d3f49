"""A fill: the trade, the fee, the balances, the two ledger entries, the events.

Fills are whole (the mock's touch has unlimited volume: :mod:`mocks.kraken.matching`). The
fee is a percentage of the cost, always charged in the quote asset. A buy pays
``cost + fee`` of the quote and gets ``volume`` of the base; a sell gives ``volume`` and
gets ``cost - fee``. The quote's ledger entry lists the fee beside the amount, as Kraken's
do. A taker's fill also prints a public trade.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from mocks.kraken.market_state import MarketState
from mocks.kraken.orders import LedgerEntry, Order, OrderBook, Trade, new_txid

__all__ = ["affordable", "fill"]


def _cost_and_fee(order: Order, price: Decimal, fee_percent: Decimal) -> tuple[Decimal, Decimal]:
    cost = order.request.volume * price
    return cost, cost * fee_percent / 100


def affordable(
    book: OrderBook,
    order: Order,
    price: Decimal,
    fee_percent: Decimal,
    balances: dict[str, Decimal],
) -> bool:
    """Whether the account can pay for this fill (the order's own hold counts as its own)."""
    request = order.request
    pair = request.pair
    asset = pair.quote if request.side == "buy" else pair.base
    own_hold = order.hold_amount if order.hold_asset == asset and order.is_open else Decimal(0)
    free = book.available(balances, asset) + own_hold
    if request.side == "sell":
        return request.volume <= free
    cost, fee = _cost_and_fee(order, price, fee_percent)
    return cost + fee <= free


def fill(
    book: OrderBook,
    order: Order,
    price: Decimal,
    *,
    maker: bool,
    fee_percent: Decimal,
    balances: dict[str, Decimal],
    market: MarketState,
    now: float,
) -> Trade:
    """Fill all of ``order`` at ``price``; the caller checked :func:`affordable`."""
    request = order.request
    pair = request.pair
    cost, fee = _cost_and_fee(order, price, fee_percent)
    if request.side == "buy":
        base_change, quote_change = request.volume, -(cost + fee)
    else:
        base_change, quote_change = -request.volume, cost - fee
    balances[pair.base] = balances.get(pair.base, Decimal(0)) + base_change
    balances[pair.quote] = balances.get(pair.quote, Decimal(0)) + quote_change

    trade_txid = new_txid("T")
    base_entry = LedgerEntry(
        new_txid("L"), trade_txid, now, pair.base, base_change, Decimal(0), balances[pair.base]
    )
    quote_entry = LedgerEntry(
        new_txid("L"),
        trade_txid,
        now,
        pair.quote,
        quote_change + fee,  # Kraken lists the fee beside the amount, not inside it
        fee,
        balances[pair.quote],
    )
    usd = market.value_in(pair.quote, "ZUSD") or Decimal(0)
    trade = Trade(
        txid=trade_txid,
        order_txid=order.txid,
        pair=pair,
        time=now,
        side=request.side,
        ordertype=request.ordertype,
        price=price,
        cost=cost,
        fee=fee,
        volume=request.volume,
        trade_id=book.next_trade_id,
        ledger_ids=(base_entry.id, quote_entry.id),
        maker=maker,
        usd_value=cost * usd,
    )
    book.next_trade_id += 1
    book.trades[trade.txid] = trade
    order.status = "closed"
    order.closed = now
    order.reason = None
    order.vol_exec = request.volume
    order.cost = cost
    order.fee = fee
    order.average_price = price
    order.hold_amount = Decimal(0)
    order.trade_ids.append(trade.txid)
    book.publish(order, "trade", now, trade)
    book.publish(order, "filled", now, trade)
    book.book_entry(base_entry, balances)
    book.book_entry(quote_entry, balances)
    if not maker:
        taker_type: Literal["market", "limit"] = (
            "market" if request.limit_price() is None else "limit"
        )
        market.record_fill(
            pair, price, request.volume, side=request.side, ordertype=taker_type, now=now
        )
    return trade
