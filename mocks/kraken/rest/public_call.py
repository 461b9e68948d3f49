"""What a public method gets (its parameters, the time, the live market) and the pair
arguments they share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mocks.kraken.market import PAIRS, AssetPair, find_pair
from mocks.kraken.market_state import MarketState
from mocks.kraken.params import Params
from mocks.kraken_facts.errors import UNKNOWN_ASSET_PAIR, KrakenError, invalid_argument

__all__ = ["PublicCall", "PublicHandler", "names", "one_pair", "pairs"]


@dataclass(frozen=True)
class PublicCall:
    params: Params
    now: float
    market: MarketState


PublicHandler = Callable[[PublicCall], dict[str, Any]]


def names(params: Params, name: str) -> list[str] | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    return [part for part in (p.strip() for p in raw.split(",")) if part]


def pairs(params: Params) -> list[AssetPair]:
    """``pair``: a comma-separated list (all pairs when absent)."""
    chosen = names(params, "pair")
    if chosen is None:
        return list(PAIRS.values())
    found = [find_pair(name) for name in chosen]
    if any(pair is None for pair in found):
        raise KrakenError(UNKNOWN_ASSET_PAIR)
    return [pair for pair in found if pair is not None]


def one_pair(params: Params) -> AssetPair:
    """``pair``: exactly one, required."""
    chosen = names(params, "pair")
    if not chosen:
        raise invalid_argument("pair")
    if len(chosen) > 1:
        raise KrakenError(UNKNOWN_ASSET_PAIR)
    pair = find_pair(chosen[0])
    if pair is None:
        raise KrakenError(UNKNOWN_ASSET_PAIR)
    return pair
