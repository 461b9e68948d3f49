"""Kraken's public market-data methods: ``/0/public/<Method>``, GET (or POST), no key."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from mocks.kraken.market import ASSETS, Asset, find_asset
from mocks.kraken.rest import market_data
from mocks.kraken.rest.public_call import PublicCall, PublicHandler, names, pairs
from mocks.kraken_facts.errors import UNKNOWN_ASSET, KrakenError, invalid_argument

__all__ = ["PUBLIC_METHODS", "PublicCall"]


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
    names_ = names(call.params, "asset")
    chosen: list[Asset | None] = (
        list(ASSETS.values()) if names_ is None else [find_asset(n) for n in names_]
    )
    if any(asset is None for asset in chosen):
        raise KrakenError(UNKNOWN_ASSET)
    return {asset.key: asset.as_kraken() for asset in chosen if asset is not None}


_PAIR_INFO = {"info", "leverage", "fees", "margin"}


def asset_pairs(call: PublicCall) -> dict[str, Any]:
    info = call.params.get("info", "info").strip() or "info"
    if info not in _PAIR_INFO:
        raise invalid_argument("info")
    return {pair.key: pair.as_kraken(info) for pair in pairs(call.params)}


PUBLIC_METHODS: dict[str, PublicHandler] = {
    "Time": time,
    "SystemStatus": system_status,
    "Assets": assets,
    "AssetPairs": asset_pairs,
    "Ticker": market_data.ticker,
    "Depth": market_data.depth,
    "OHLC": market_data.ohlc,
    "Trades": market_data.trades,
    "Spread": market_data.spread,
}
