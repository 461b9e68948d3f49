"""When an order trades, and at what price: the matching rules, as plain functions.

The mock's book has one source of liquidity, the pair's quote (:mod:`mocks.kraken.market_state`),
and unlimited volume at its touch, so every fill is whole:

- an order that **takes** (a market order, or a limit order whose price reaches the other
  side: a buy at or above the ask, a sell at or below the bid) fills at once **at the
  touch** (the ask for a buy, the bid for a sell) and pays the taker fee;
- a resting limit order fills when the market **trades at or through its price** (a buy
  when the last price falls to its price or below, a sell when it rises to it or above),
  **at its own price**, and pays the maker fee;
- a stop-loss triggers when the last price reaches its trigger from the favourable side
  (a sell when the price falls to it, a buy when it rises to it); a take-profit the other
  way round. Triggered, a ``stop-loss``/``take-profit`` is a market order and a ``-limit``
  one a limit order at ``price2``.
"""

from __future__ import annotations

from decimal import Decimal

from mocks.kraken.market import Quote
from mocks.kraken.orders import Order, OrderRequest, Side

__all__ = ["is_triggered", "reached", "takes", "touch", "waiting"]


def touch(side: Side, quote: Quote) -> Decimal:
    """The price a taker on ``side`` trades at: the ask for a buy, the bid for a sell."""
    return quote.ask if side == "buy" else quote.bid


def takes(side: Side, limit: Decimal | None, quote: Quote) -> bool:
    """Whether an order entering now would trade at once (``limit`` None: a market order)."""
    if limit is None:
        return True
    return limit >= quote.ask if side == "buy" else limit <= quote.bid


def reached(side: Side, limit: Decimal, last: Decimal) -> bool:
    """Whether a trade at ``last`` reaches a resting limit order's price."""
    return last <= limit if side == "buy" else last >= limit


def is_triggered(request: OrderRequest, last: Decimal) -> bool:
    """Whether a trade at ``last`` triggers a stop-loss or take-profit order."""
    trigger = request.price
    if trigger is None or not request.is_conditional:
        return False
    rising = request.side == "buy"
    if request.ordertype.startswith("take-profit"):
        rising = not rising
    return last >= trigger if rising else last <= trigger


def waiting(order: Order) -> bool:
    """An open conditional order not yet triggered."""
    return order.request.is_conditional and not order.triggered
