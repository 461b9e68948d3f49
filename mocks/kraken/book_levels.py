"""A pair's order book levels, the one source of REST ``Depth`` and the WebSocket ``book``.

The mock's book is the quote's best bid and ask with deeper levels below and above them,
one tick apart, with fixed quantities (the mock's choice: Kraken's book is the real
market's; accounts' own resting orders are not in it). Both APIs read it here, so for the
same market they show the same levels; each formats them its own way.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from decimal import Decimal

from mocks.kraken.market import AssetPair, Quote

__all__ = ["BookSide", "BookView", "levels"]

BookSide = dict[Decimal, Decimal]  # price -> quantity


@dataclass(frozen=True)
class BookView:
    bids: BookSide
    asks: BookSide

    def top(self, depth: int) -> BookView:
        bids = dict(sorted(self.bids.items(), reverse=True)[:depth])
        asks = dict(sorted(self.asks.items())[:depth])
        return BookView(bids, asks)


def _quantity(pair: AssetPair, side: str, index: int) -> Decimal:
    # Varied quantities at the pair's lot decimals whose last digit is never 0, so every
    # client's formatting of the number agrees with the pair's precision.
    seed = zlib.crc32(f"{pair.key}:{side}:{index}".encode())
    whole = Decimal(seed % 7 + 1)
    fraction = Decimal((seed // 7) % 9_999_999 * 10 + 1).scaleb(-pair.lot_decimals)
    return whole + fraction


def levels(pair: AssetPair, quote: Quote, depth: int) -> BookView:
    """The best ``depth`` levels a side (fewer bids when prices would reach 0)."""
    tick = pair.tick_size
    bids = {quote.bid - tick * i: _quantity(pair, "b", i) for i in range(depth)}
    asks = {quote.ask + tick * i: _quantity(pair, "a", i) for i in range(depth)}
    return BookView({p: q for p, q in bids.items() if p > 0}, asks)
