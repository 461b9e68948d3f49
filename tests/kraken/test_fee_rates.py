"""An account's fee tiers from its own 30-day trades."""

from __future__ import annotations

from decimal import Decimal

from mocks.kraken.fee_rates import THIRTY_DAYS_S, maker_tier, taker_tier, thirty_day_volume
from mocks.kraken.market import PAIRS
from mocks.kraken.orders import OrderBook, Trade


def _trade(book: OrderBook, when: float, usd: str) -> None:
    trade = Trade(f"T{when}", "O1", PAIRS["XXBTZUSD"], when, "buy", "limit", Decimal(1),
                  Decimal(1), Decimal(0), Decimal(1), 1, (), usd_value=Decimal(usd))  # fmt: skip
    book.trades[trade.txid] = trade


def test_the_volume_is_the_last_thirty_days_in_usd() -> None:
    book = OrderBook()
    now = 100 * 24 * 3600.0
    _trade(book, now - THIRTY_DAYS_S, "1000000")  # exactly 30 days ago: out
    _trade(book, now - 10, "30000")
    _trade(book, now, "25000")
    assert thirty_day_volume(book, now) == Decimal(55000)
    assert (taker_tier(book, now).fee, maker_tier(book, now).fee) == (
        Decimal("0.24"), Decimal("0.14"),
    )  # fmt: skip
