"""A pair's order book as the ``book`` channel shows it: price levels, diffs, checksum.

The mock's book is the quote's best bid and ask with deeper levels below and above them,
one tick apart, with fixed quantities (the mock's choice: Kraken's book is the real
market's). The checksum is Kraken's: the top 10 asks (low to high) then the top 10 bids
(high to low), each level as its price and quantity at the pair's precisions without the
dot and without leading zeros, concatenated, CRC32 as an unsigned integer.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from mocks.kraken.market import AssetPair, Quote, format_amount
from mocks.kraken_facts.websocket import CHECKSUM_LEVELS

__all__ = ["LEVELS_PER_SIDE", "BookSide", "BookView", "as_levels", "checksum", "diff", "levels"]

LEVELS_PER_SIDE = 50
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
    # Varied, eight-decimal quantities whose last digit is never 0, so every client's
    # formatting of the number agrees with the pair's precision.
    seed = zlib.crc32(f"{pair.key}:{side}:{index}".encode())
    whole = Decimal(seed % 7 + 1)
    fraction = Decimal((seed // 7) % 9_999_999 * 10 + 1).scaleb(-pair.lot_decimals)
    return whole + fraction


def levels(pair: AssetPair, quote: Quote) -> BookView:
    tick = pair.tick_size
    bids = {quote.bid - tick * i: _quantity(pair, "b", i) for i in range(LEVELS_PER_SIDE)}
    asks = {quote.ask + tick * i: _quantity(pair, "a", i) for i in range(LEVELS_PER_SIDE)}
    return BookView({p: q for p, q in bids.items() if p > 0}, asks)


def _digits(value: Decimal, decimals: int) -> str:
    return format_amount(value, decimals).replace(".", "").lstrip("0")


def checksum(pair: AssetPair, view: BookView) -> int:
    top = view.top(CHECKSUM_LEVELS)
    text = "".join(
        _digits(price, pair.pair_decimals) + _digits(qty, pair.lot_decimals)
        for side in (sorted(top.asks.items()), sorted(top.bids.items(), reverse=True))
        for price, qty in side
    )
    return zlib.crc32(text.encode()) & 0xFFFFFFFF


def diff(old: Mapping[Decimal, Decimal], new: Mapping[Decimal, Decimal]) -> BookSide:
    """The levels to send so that ``old`` becomes ``new``: changed ones, removed ones at 0."""
    changes: BookSide = {price: qty for price, qty in new.items() if old.get(price) != qty}
    changes.update({price: Decimal(0) for price in old if price not in new})
    return changes


def as_levels(pair: AssetPair, side: Iterable[tuple[Decimal, Decimal]]) -> list[dict[str, float]]:
    return [
        {
            "price": float(format_amount(price, pair.pair_decimals)),
            "qty": float(format_amount(qty, pair.lot_decimals)),
        }
        for price, qty in side
    ]
