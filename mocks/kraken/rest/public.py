"""Kraken's public market-data methods: ``/0/public/<Method>``, GET (or POST), no key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from mocks.kraken.market import ASSETS, PAIRS, Asset, AssetPair, find_asset, find_pair
from mocks.kraken.params import Params
from mocks.kraken_facts.errors import (
    UNKNOWN_ASSET,
    UNKNOWN_ASSET_PAIR,
    KrakenError,
    invalid_argument,
)

__all__ = ["PUBLIC_METHODS", "PublicCall"]


@dataclass(frozen=True)
class PublicCall:
    params: Params
    now: float


def _names(params: Params, name: str) -> list[str] | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    return [part for part in (p.strip() for p in raw.split(",")) if part]


def _pairs(params: Params) -> list[AssetPair]:
    names = _names(params, "pair")
    if names is None:
        return list(PAIRS.values())
    pairs = [find_pair(name) for name in names]
    if any(pair is None for pair in pairs):
        raise KrakenError(UNKNOWN_ASSET_PAIR)
    return [pair for pair in pairs if pair is not None]


def time(call: PublicCall) -> dict[str, Any]:
    moment = datetime.fromtimestamp(call.now, UTC)
    return {
        "unixtime": int(call.now),
        "rfc1123": moment.strftime("%a, %d %b %y %H:%M:%S +0000"),
    }


def system_status(call: PublicCall) -> dict[str, Any]:
    moment = datetime.fromtimestamp(call.now, UTC)
    return {"status": "online", "timestamp": moment.strftime("%Y-%m-%dT%H:%M:%SZ")}


def assets(call: PublicCall) -> dict[str, Any]:
    aclass = call.params.get("aclass", "currency").strip() or "currency"
    if aclass != "currency":
        raise invalid_argument("aclass")
    names = _names(call.params, "asset")
    chosen: list[Asset | None] = (
        list(ASSETS.values()) if names is None else [find_asset(n) for n in names]
    )
    if any(asset is None for asset in chosen):
        raise KrakenError(UNKNOWN_ASSET)
    return {asset.key: asset.as_kraken() for asset in chosen if asset is not None}


_PAIR_INFO = {"info", "leverage", "fees", "margin"}


def asset_pairs(call: PublicCall) -> dict[str, Any]:
    info = call.params.get("info", "info").strip() or "info"
    if info not in _PAIR_INFO:
        raise invalid_argument("info")
    return {pair.key: pair.as_kraken(info) for pair in _pairs(call.params)}


def ticker(call: PublicCall) -> dict[str, Any]:
    return {pair.key: pair.ticker() for pair in _pairs(call.params)}


PUBLIC_METHODS: dict[str, Callable[[PublicCall], dict[str, Any]]] = {
    "Time": time,
    "SystemStatus": system_status,
    "Assets": assets,
    "AssetPairs": asset_pairs,
    "Ticker": ticker,
}
