"""A pair's order book as the ``book`` channel shows it: price levels, diffs, checksum.

The levels are :mod:`mocks.kraken.book_levels`' (REST ``Depth`` shows the same ones). The
checksum is Kraken's: the top 10 asks (low to high) then the top 10 bids
(high to low), each level as its price and quantity at the pair's precisions without the
dot and without leading zeros, concatenated, CRC32 as an unsigned integer.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from decimal import Decimal

from mocks.kraken.book_levels import BookSide, BookView, levels
from mocks.kraken.market import AssetPair, format_amount
from mocks.kraken_facts.websocket import CHECKSUM_LEVELS

__all__ = ["BookSide", "BookView", "as_levels", "checksum", "diff", "levels"]


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
