"""Kraken's spot fee schedule: maker and taker fees (percent) by 30-day volume in USD.

The tiers are those ``AssetPairs`` publishes for every pair (``fees``, ``fees_maker``) and
``TradeVolume`` reports for an account: a tier applies from its volume up.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

__all__ = ["FEE_VOLUME_CURRENCY", "MAKER", "TAKER", "FeeTier", "fee_tier"]

FEE_VOLUME_CURRENCY = "ZUSD"

TAKER: tuple[tuple[int, str], ...] = (
    (0, "0.40"), (10000, "0.35"), (50000, "0.24"), (100000, "0.22"), (250000, "0.20"),
    (500000, "0.18"), (1000000, "0.16"), (2500000, "0.14"), (5000000, "0.12"),
    (10000000, "0.10"),
)  # fmt: skip
MAKER: tuple[tuple[int, str], ...] = (
    (0, "0.25"), (10000, "0.20"), (50000, "0.14"), (100000, "0.12"), (250000, "0.10"),
    (500000, "0.08"), (1000000, "0.06"), (2500000, "0.04"), (5000000, "0.02"),
    (10000000, "0.00"),
)  # fmt: skip


@dataclass(frozen=True)
class FeeTier:
    fee: Decimal  # percent
    tier_volume: Decimal  # where this tier starts
    next_fee: Decimal | None
    next_volume: Decimal | None
    min_fee: Decimal
    max_fee: Decimal


def fee_tier(schedule: tuple[tuple[int, str], ...], volume: Decimal) -> FeeTier:
    """The tier of ``schedule`` a 30-day volume (in USD) falls in."""
    index = max(i for i, (start, _) in enumerate(schedule) if volume >= start)
    start, fee = schedule[index]
    following = schedule[index + 1] if index + 1 < len(schedule) else None
    return FeeTier(
        fee=Decimal(fee),
        tier_volume=Decimal(start),
        next_fee=Decimal(following[1]) if following else None,
        next_volume=Decimal(following[0]) if following else None,
        min_fee=Decimal(schedule[-1][1]),
        max_fee=Decimal(schedule[0][1]),
    )
