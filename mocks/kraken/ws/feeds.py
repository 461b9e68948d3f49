"""The public channels' data, from the mock's market: instrument, ticker, trade, ohlc.

Numbers are JSON numbers at the pair's precisions and symbols are v2's (``BTC/USD``), as
Kraken's v2 writes them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mocks.kraken.book_levels import levels
from mocks.kraken.market import ASSETS, PAIRS, AssetPair, Quote, format_amount
from mocks.kraken.ws.protocol import rfc3339
from mocks.kraken_facts.websocket import V2_ASSET_NAMES

__all__ = [
    "candle",
    "find_symbol",
    "instrument_data",
    "symbol_of",
    "ticker_data",
    "trade_data",
]


def symbol_of(pair: AssetPair) -> str:
    return f"{V2_ASSET_NAMES[pair.base]}/{V2_ASSET_NAMES[pair.quote]}"


_BY_SYMBOL: dict[str, AssetPair] = {symbol_of(pair): pair for pair in PAIRS.values()}


def find_symbol(symbol: object) -> AssetPair | None:
    """A pair by its v2 symbol (``BTC/USD``); v1's ``XBT/USD`` is not one."""
    return _BY_SYMBOL.get(symbol) if isinstance(symbol, str) else None


def _num(value: Decimal, decimals: int) -> float:
    return float(format_amount(value, decimals))


def ticker_data(pair: AssetPair, quote: Quote) -> dict[str, Any]:
    """Level 1: the best bid and ask with the quantities the ``book`` channel shows there."""
    d = pair.pair_decimals
    top = levels(pair, quote, 1)
    bid_qty = next(iter(top.bids.values()), Decimal(0))
    ask_qty = next(iter(top.asks.values()), Decimal(0))
    change = quote.last - quote.open
    vwap = (quote.low + quote.high + quote.last) / 3
    return {
        "symbol": symbol_of(pair),
        "bid": _num(quote.bid, d),
        "bid_qty": _num(bid_qty, pair.lot_decimals),
        "ask": _num(quote.ask, d),
        "ask_qty": _num(ask_qty, pair.lot_decimals),
        "last": _num(quote.last, d),
        "volume": _num(quote.volume, pair.lot_decimals),
        "vwap": _num(vwap, d),
        "low": _num(quote.low, d),
        "high": _num(quote.high, d),
        "change": _num(change, d) if change >= 0 else -_num(-change, d),
        "change_pct": round(float(change / quote.open * 100), 2) if quote.open else 0.0,
    }


def trade_data(
    pair: AssetPair,
    *,
    price: Decimal,
    volume: Decimal,
    side: str,
    ordertype: str,
    trade_id: int,
    at: float,
) -> dict[str, Any]:
    return {
        "symbol": symbol_of(pair),
        "side": side,
        "price": _num(price, pair.pair_decimals),
        "qty": _num(volume, pair.lot_decimals),
        "ord_type": ordertype,
        "trade_id": trade_id,
        "timestamp": rfc3339(at),
    }


def candle(pair: AssetPair, quote: Quote, interval: int, now: float) -> dict[str, Any]:
    """The current ``interval``-minute candle: the day's range, closing at the last price."""
    d = pair.pair_decimals
    begin = int(now // (interval * 60)) * interval * 60
    vwap = (quote.low + quote.high + quote.last) / 3
    return {
        "symbol": symbol_of(pair),
        "open": _num(quote.open, d),
        "high": _num(max(quote.high, quote.last), d),
        "low": _num(min(quote.low, quote.last), d),
        "close": _num(quote.last, d),
        "trades": quote.trades,
        "volume": _num(quote.volume, pair.lot_decimals),
        "vwap": _num(vwap, d),
        "interval_begin": rfc3339(begin),
        "interval": interval,
        "timestamp": rfc3339(begin + interval * 60),
    }


def instrument_data() -> dict[str, Any]:
    assets = [
        {
            "id": V2_ASSET_NAMES[asset.key],
            "status": "enabled",
            "precision": asset.decimals,
            "precision_display": asset.display_decimals,
            "borrowable": False,
            "collateral_value": asset.collateral_value or 0.0,
            "margin_rate": 0.0,
        }
        for asset in ASSETS.values()
    ]
    pairs = [
        {
            "symbol": symbol_of(pair),
            "base": V2_ASSET_NAMES[pair.base],
            "quote": V2_ASSET_NAMES[pair.quote],
            "status": "online",
            "qty_precision": pair.lot_decimals,
            "qty_increment": float(Decimal(1).scaleb(-pair.lot_decimals)),
            "price_precision": pair.pair_decimals,
            "cost_precision": pair.cost_decimals,
            "marginable": False,
            "has_index": True,
            "cost_min": float(pair.costmin),
            "tick_size": float(pair.tick_size),
            "price_increment": float(pair.tick_size),
            "qty_min": float(pair.ordermin),
        }
        for pair in PAIRS.values()
    ]
    return {"assets": assets, "pairs": pairs}
