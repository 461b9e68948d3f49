"""A pair's public trades, as Kraken's ``Trades`` method and WebSocket ``trade`` channel
show them: price, volume, time, side, order type and a per-pair trade id."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

__all__ = ["PublicTrade"]


@dataclass(frozen=True)
class PublicTrade:
    price: Decimal
    volume: Decimal
    time: float
    side: Literal["buy", "sell"]  # the taker's side
    ordertype: Literal["market", "limit"]
    trade_id: int
