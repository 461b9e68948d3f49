"""Each pair's market as it is now: its quote, its public trades and its spread history.

One :class:`MarketState` per server (``state.market``). It starts from each pair's opening
quote (:mod:`mocks.kraken.market`) and changes in two ways only, both deterministic:

- :meth:`MarketState.move` (``PUT /_mock/market``): the pair trades at the new price. The
  last price becomes it, the bid is the price and the ask one tick above, and the move
  prints one public trade of :data:`MOVE_VOLUME_LOTS` times the pair's minimum order;
- :meth:`MarketState.record_fill`: an account's taker fill prints a public trade at its
  price and volume; the quote's last price follows, the bid and ask stay.

Each change publishes a :class:`~mocks.kraken.events.MarketEvent`. Matching the accounts'
resting orders against a move is the trading service's job (:mod:`mocks.kraken.trading`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from mocks.kraken.events import EventBus, MarketEvent
from mocks.kraken.market import PAIRS, AssetPair, Quote, price_in
from mocks.kraken.tape import PublicTrade

__all__ = ["MOVE_VOLUME_LOTS", "MarketState", "PairMarket", "Spread"]

MOVE_VOLUME_LOTS = 10
# Kraken's Trades and Spread answer with recent entries; the mock keeps this many a pair.
KEEP = 1000


@dataclass(frozen=True)
class Spread:
    time: float
    bid: Decimal
    ask: Decimal


@dataclass
class PairMarket:
    pair: AssetPair
    quote: Quote
    trades: list[PublicTrade] = field(default_factory=list)
    spreads: list[Spread] = field(default_factory=list)
    next_trade_id: int = 1

    def _print(
        self,
        price: Decimal,
        volume: Decimal,
        side: Literal["buy", "sell"],
        ordertype: Literal["market", "limit"],
        now: float,
    ) -> PublicTrade:
        trade = PublicTrade(price, volume, now, side, ordertype, self.next_trade_id)
        self.next_trade_id += 1
        self.trades.append(trade)
        del self.trades[:-KEEP]
        q = self.quote
        self.quote = dataclasses.replace(
            q,
            last=price,
            low=min(q.low, price),
            high=max(q.high, price),
            volume=q.volume + volume,
            trades=q.trades + 1,
        )
        return trade


class MarketState:
    def __init__(self, events: EventBus) -> None:
        self._events = events
        self._pairs: dict[str, PairMarket] = {}
        self.reset()

    def reset(self) -> None:
        """Every pair back at its opening quote, with no public trades."""
        self._pairs = {key: PairMarket(pair, pair.market) for key, pair in PAIRS.items()}

    def of(self, pair: AssetPair) -> PairMarket:
        return self._pairs[pair.key]

    def quote(self, pair: AssetPair) -> Quote:
        return self._pairs[pair.key].quote

    def last(self, pair: AssetPair) -> Decimal:
        return self._pairs[pair.key].quote.last

    def value_in(self, asset: str, target: str) -> Decimal | None:
        """One ``asset`` in ``target`` at the last prices now."""
        return price_in(asset, target, self.last)

    def move(self, pair: AssetPair, price: Decimal, now: float) -> Quote:
        """The pair trades at ``price``: see the module's text."""
        market = self._pairs[pair.key]
        old_last = market.quote.last
        side: Literal["buy", "sell"] = "buy" if price >= old_last else "sell"
        trade = market._print(price, pair.ordermin * MOVE_VOLUME_LOTS, side, "market", now)
        market.quote = dataclasses.replace(market.quote, bid=price, ask=price + pair.tick_size)
        market.spreads.append(Spread(now, market.quote.bid, market.quote.ask))
        del market.spreads[:-KEEP]
        self._events.publish(MarketEvent(pair.key, now, market.quote, (trade,), True))
        return market.quote

    def record_fill(
        self,
        pair: AssetPair,
        price: Decimal,
        volume: Decimal,
        *,
        side: Literal["buy", "sell"],
        ordertype: Literal["market", "limit"],
        now: float,
    ) -> PublicTrade:
        market = self._pairs[pair.key]
        trade = market._print(price, volume, side, ordertype, now)
        self._events.publish(MarketEvent(pair.key, now, market.quote, (trade,), False))
        return trade
