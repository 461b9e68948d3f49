"""An account's maker and taker fees: its 30-day volume in USD against Kraken's schedule
(:mod:`mocks.kraken_facts.fees`). ``TradeVolume`` reports the same tiers the fills use."""

from __future__ import annotations

from decimal import Decimal

from mocks.kraken.orders import OrderBook
from mocks.kraken_facts.fees import MAKER, TAKER, FeeTier, fee_tier

__all__ = ["THIRTY_DAYS_S", "maker_tier", "taker_tier", "thirty_day_volume"]

THIRTY_DAYS_S = 30 * 24 * 3600


def thirty_day_volume(book: OrderBook, now: float) -> Decimal:
    since = now - THIRTY_DAYS_S
    return sum((t.usd_value for t in book.trades.values() if since < t.time <= now), Decimal(0))


def taker_tier(book: OrderBook, now: float) -> FeeTier:
    return fee_tier(TAKER, thirty_day_volume(book, now))


def maker_tier(book: OrderBook, now: float) -> FeeTier:
    return fee_tier(MAKER, thirty_day_volume(book, now))
