"""The mock's market: its assets, asset pairs and each pair's opening quote.

Field names and shapes follow Kraken's public ``Assets``, ``AssetPairs`` and ``Ticker``
answers. What a pair's price is *now* lives in :mod:`mocks.kraken.market_state` (one per
server, moved by ``PUT /_mock/market`` and by fills); ``AssetPair.market`` is where it
starts after a reset.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from mocks.kraken_facts.fees import FEE_VOLUME_CURRENCY, MAKER, TAKER

__all__ = [
    "ASSETS",
    "PAIRS",
    "Asset",
    "AssetPair",
    "Quote",
    "find_asset",
    "find_pair",
    "format_amount",
    "price_in",
]


def _schedule(table: tuple[tuple[int, str], ...]) -> list[list[float]]:
    return [[volume, float(fee)] for volume, fee in table]


_FEES_TAKER = _schedule(TAKER)
_FEES_MAKER = _schedule(MAKER)


@dataclass(frozen=True)
class Asset:
    key: str
    altname: str
    decimals: int
    display_decimals: int
    collateral_value: float | None = None

    def as_kraken(self) -> dict[str, Any]:
        info: dict[str, Any] = {
            "aclass": "currency",
            "altname": self.altname,
            "decimals": self.decimals,
            "display_decimals": self.display_decimals,
        }
        if self.collateral_value is not None:
            info["collateral_value"] = self.collateral_value
        info["status"] = "enabled"
        return info


@dataclass(frozen=True)
class Quote:
    """A pair's fixed market: best ask and bid, last trade, and a day's statistics."""

    ask: Decimal
    bid: Decimal
    last: Decimal
    open: Decimal
    low: Decimal
    high: Decimal
    volume: Decimal
    trades: int


@dataclass(frozen=True)
class AssetPair:
    key: str
    altname: str
    wsname: str
    base: str
    quote: str
    pair_decimals: int
    cost_decimals: int
    lot_decimals: int
    ordermin: Decimal
    costmin: Decimal
    tick_size: Decimal
    market: Quote

    def as_kraken(self, info: str = "info") -> dict[str, Any]:
        fees = {
            "fees": _FEES_TAKER,
            "fees_maker": _FEES_MAKER,
            "fee_volume_currency": FEE_VOLUME_CURRENCY,
        }
        if info == "fees":
            return fees
        if info == "leverage":
            return {"leverage_buy": [], "leverage_sell": []}
        if info == "margin":
            return {"margin_call": 80, "margin_stop": 40}
        return {
            "altname": self.altname,
            "wsname": self.wsname,
            "aclass_base": "currency",
            "base": self.base,
            "aclass_quote": "currency",
            "quote": self.quote,
            "lot": "unit",
            "cost_decimals": self.cost_decimals,
            "pair_decimals": self.pair_decimals,
            "lot_decimals": self.lot_decimals,
            "lot_multiplier": 1,
            "leverage_buy": [],
            "leverage_sell": [],
            **fees,
            "margin_call": 80,
            "margin_stop": 40,
            "ordermin": str(self.ordermin),
            "costmin": str(self.costmin),
            "tick_size": str(self.tick_size),
            "status": "online",
        }

    def ticker(self, quote: Quote | None = None) -> dict[str, Any]:
        m = quote or self.market
        d = self.pair_decimals

        def price(value: Decimal) -> str:
            return format_amount(value, d)

        vol_today = format_amount(m.volume / 3, 8)
        vol_day = format_amount(m.volume, 8)
        vwap = price((m.low + m.high + m.last) / 3)
        return {
            "a": [price(m.ask), "1", "1.000"],
            "b": [price(m.bid), "2", "2.000"],
            "c": [price(m.last), "0.01000000"],
            "v": [vol_today, vol_day],
            "p": [vwap, vwap],
            "t": [m.trades // 3, m.trades],
            "l": [price(m.low), price(m.low)],
            "h": [price(m.high), price(m.high)],
            "o": price(m.open),
        }


def _quote(prices: str, trades: int) -> Quote:
    """``prices``: "ask bid low high volume"; the last trade is at the bid."""
    ask, bid, low, high, volume = (Decimal(p) for p in prices.split())
    return Quote(ask, bid, last=bid, open=low, low=low, high=high, volume=volume, trades=trades)


ASSETS: dict[str, Asset] = {
    asset.key: asset
    for asset in (
        Asset("XXBT", "XBT", 10, 5, 1.0),
        Asset("XETH", "ETH", 10, 5, 1.0),
        Asset("ZUSD", "USD", 4, 2),
        Asset("ZEUR", "EUR", 4, 2),
        Asset("USDT", "USDT", 8, 4, 1.0),
    )
}

PAIRS: dict[str, AssetPair] = {
    pair.key: pair
    for pair in (
        AssetPair(
            "XXBTZUSD", "XBTUSD", "XBT/USD", "XXBT", "ZUSD", 1, 5, 8,
            Decimal("0.00005"), Decimal("0.5"), Decimal("0.1"),
            _quote("68250.1 68250.0 67110.0 68990.5 1873.42115000", 41877),
        ),
        AssetPair(
            "XETHZUSD", "ETHUSD", "ETH/USD", "XETH", "ZUSD", 2, 5, 8,
            Decimal("0.002"), Decimal("0.5"), Decimal("0.01"),
            _quote("3502.41 3502.40 3441.02 3560.77 16522.83410000", 29410),
        ),
        AssetPair(
            "XXBTZEUR", "XBTEUR", "XBT/EUR", "XXBT", "ZEUR", 1, 5, 8,
            Decimal("0.00005"), Decimal("0.5"), Decimal("0.1"),
            _quote("63120.4 63120.3 62201.9 63877.0 902.11452000", 22915),
        ),
        AssetPair(
            "XETHZEUR", "ETHEUR", "ETH/EUR", "XETH", "ZEUR", 2, 5, 8,
            Decimal("0.002"), Decimal("0.5"), Decimal("0.01"),
            _quote("3239.18 3239.17 3180.44 3301.25 8210.56003000", 15114),
        ),
        AssetPair(
            "XETHXXBT", "ETHXBT", "ETH/XBT", "XETH", "XXBT", 5, 10, 8,
            Decimal("0.002"), Decimal("0.00002"), Decimal("0.00001"),
            _quote("0.05132 0.05131 0.05088 0.05170 2201.38200000", 6120),
        ),
        AssetPair(
            "USDTZUSD", "USDTUSD", "USDT/USD", "USDT", "ZUSD", 5, 5, 8,
            Decimal("5"), Decimal("5"), Decimal("0.00001"),
            _quote("1.00011 1.00010 0.99980 1.00040 9120044.51000000", 11002),
        ),
        AssetPair(
            "USDTZEUR", "USDTEUR", "USDT/EUR", "USDT", "ZEUR", 4, 5, 8,
            Decimal("5"), Decimal("5"), Decimal("0.0001"),
            _quote("0.9249 0.9248 0.9210 0.9277 2330918.20000000", 4507),
        ),
    )
}  # fmt: skip

_ASSET_NAMES: dict[str, Asset] = {
    name.upper(): asset for asset in ASSETS.values() for name in (asset.key, asset.altname)
}
# Kraken also answers to BTC for XBT (``BTCUSD``, ``BTC/USD``, WebSocket v2's symbol).
_PAIR_NAMES: dict[str, AssetPair] = {
    alias.upper(): pair
    for pair in PAIRS.values()
    for name in (pair.key, pair.altname, pair.wsname)
    for alias in (name, name.replace("XBT", "BTC"))
}


def find_asset(name: str) -> Asset | None:
    """An asset by its key (``XXBT``) or altname (``XBT``), case-insensitively."""
    return _ASSET_NAMES.get(name.strip().upper())


def find_pair(name: str) -> AssetPair | None:
    """A pair by its key (``XXBTZUSD``), altname (``XBTUSD``) or wsname (``XBT/USD``), with
    BTC for XBT too (``BTC/USD``)."""
    return _PAIR_NAMES.get(name.strip().upper())


def format_amount(value: Decimal, decimals: int) -> str:
    """``value`` rounded down to ``decimals`` places, as Kraken's decimal strings."""
    quantum = Decimal(1).scaleb(-decimals)
    return f"{value.quantize(quantum, rounding=ROUND_DOWN):f}"


def _opening_last(pair: AssetPair) -> Decimal:
    return pair.market.last


def price_in(
    asset: str, target: str, last: Callable[[AssetPair], Decimal] = _opening_last
) -> Decimal | None:
    """The value of one ``asset`` in ``target`` at the last price, via USD if needed.

    ``last`` gives a pair's last price (the opening one unless told).
    """
    if asset == target:
        return Decimal(1)
    for pair in PAIRS.values():
        if pair.base == asset and pair.quote == target:
            return last(pair)
        if pair.base == target and pair.quote == asset:
            return 1 / last(pair)
    if "ZUSD" not in (asset, target):
        via_usd = price_in(asset, "ZUSD", last)
        usd_in_target = price_in("ZUSD", target, last)
        if via_usd is not None and usd_in_target is not None:
            return via_usd * usd_in_target
    return None
