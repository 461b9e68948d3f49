"""The live market: moves, public trades, spreads, resets and their events."""

from __future__ import annotations

from decimal import Decimal

from mocks.kraken.events import EventBus, MarketEvent
from mocks.kraken.market import PAIRS
from mocks.kraken.market_state import MarketState

XBTUSD = PAIRS["XXBTZUSD"]


def test_a_move_sets_last_bid_ask_and_prints_a_trade() -> None:
    bus = EventBus()
    seen: list[object] = []
    bus.subscribe(seen.append)
    market = MarketState(bus)
    quote = market.move(XBTUSD, Decimal(60000), 5.0)
    assert (quote.last, quote.bid, quote.ask) == (
        Decimal(60000),
        Decimal(60000),
        Decimal("60000.1"),
    )
    assert quote.low == Decimal(60000)  # below the opening low
    [trade] = market.of(XBTUSD).trades
    assert (trade.price, trade.volume, trade.side, trade.trade_id) == (
        Decimal(60000), Decimal("0.0005"), "sell", 1,
    )  # fmt: skip
    [event] = seen
    assert isinstance(event, MarketEvent)
    assert (event.pair, event.at, event.quote, event.trades) == ("XXBTZUSD", 5.0, quote, (trade,))


def test_a_fill_moves_the_last_price_only() -> None:
    market = MarketState(EventBus())
    before = market.quote(XBTUSD)
    market.record_fill(XBTUSD, before.ask, Decimal("0.1"), side="buy", ordertype="market", now=1)
    after = market.quote(XBTUSD)
    assert (after.last, after.bid, after.ask) == (before.ask, before.bid, before.ask)
    assert after.trades == before.trades + 1
    assert market.of(XBTUSD).spreads == []


def test_values_follow_the_last_prices_and_reset_restores_them() -> None:
    market = MarketState(EventBus())
    market.move(XBTUSD, Decimal(50000), 1.0)
    assert market.value_in("XXBT", "ZUSD") == Decimal(50000)
    assert market.value_in("ZUSD", "XXBT") == 1 / Decimal(50000)
    market.reset()
    assert market.quote(XBTUSD) == XBTUSD.market
    assert market.of(XBTUSD).trades == []
