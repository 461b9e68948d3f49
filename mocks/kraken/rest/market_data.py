"""Kraken's market-data methods on the live market (:mod:`mocks.kraken.market_state`):
``Ticker``, ``Depth``, ``OHLC``, ``Trades`` and ``Spread``.

The order book is :mod:`mocks.kraken.book_levels`' (the WebSocket ``book`` channel shows
the same levels): ``[price, volume, timestamp]``, price and volume strings at the pair's
price and lot decimals, the timestamp an integer. OHLC candles come from the pair's
public trades; with none in the current interval, the current candle is flat at the last
price with no volume.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mocks.kraken.book_levels import levels
from mocks.kraken.market import AssetPair, format_amount
from mocks.kraken.market_state import PairMarket
from mocks.kraken.params import Params, optional_decimal, optional_int
from mocks.kraken.rest.public_call import PublicCall, one_pair, pairs
from mocks.kraken_facts.errors import invalid_argument

__all__ = ["OHLC_INTERVALS", "depth", "ohlc", "spread", "ticker", "trades"]

OHLC_INTERVALS = (1, 5, 15, 30, 60, 240, 1440, 10080, 21600)
MAX_DEPTH = 500
MAX_TRADES = 1000
OHLC_ENTRIES = 720


def ticker(call: PublicCall) -> dict[str, Any]:
    return {pair.key: pair.ticker(call.market.quote(pair)) for pair in pairs(call.params)}


def _count(params: Params, name: str, default: int, maximum: int) -> int:
    value = optional_int(params, name)
    if value is None:
        return default
    if value < 1 or value > maximum:
        raise invalid_argument(name)
    return value


def _since(params: Params) -> Decimal | None:
    """``since``: seconds, or Kraken's nanosecond ids (anything past 1e12 is read as ns)."""
    value = optional_decimal(params, "since")
    if value is None:
        return None
    if value < 0:
        raise invalid_argument("since")
    return value / Decimal(10**9) if value > 10**12 else value


def _moved_at(market: PairMarket, now: float) -> int:
    return int(market.spreads[-1].time) if market.spreads else int(now)


def depth(call: PublicCall) -> dict[str, Any]:
    pair = one_pair(call.params)
    count = _count(call.params, "count", 100, MAX_DEPTH)
    market = call.market.of(pair)
    stamp = _moved_at(market, call.now)
    view = levels(pair, market.quote, count)

    def side(entries: list[tuple[Decimal, Decimal]]) -> list[list[Any]]:
        return [
            [format_amount(price, pair.pair_decimals), format_amount(qty, pair.lot_decimals), stamp]
            for price, qty in entries
        ]

    return {
        pair.key: {
            "asks": side(sorted(view.asks.items())),
            "bids": side(sorted(view.bids.items(), reverse=True)),
        }
    }


def trades(call: PublicCall) -> dict[str, Any]:
    pair = one_pair(call.params)
    count = _count(call.params, "count", MAX_TRADES, MAX_TRADES)
    since = _since(call.params)
    chosen = [
        t for t in call.market.of(pair).trades if since is None or Decimal(str(t.time)) > since
    ][-count:]
    rows = [
        [
            format_amount(t.price, pair.pair_decimals),
            format_amount(t.volume, 8),
            round(t.time, 4),
            t.side[0],
            t.ordertype[0],
            "",
            t.trade_id,
        ]
        for t in chosen
    ]
    last = chosen[-1].time if chosen else (float(since) if since is not None else 0.0)
    return {pair.key: rows, "last": str(int(last * 10**9))}


def spread(call: PublicCall) -> dict[str, Any]:
    pair = one_pair(call.params)
    since = _since(call.params)
    market = call.market.of(pair)
    entries = [(s.time, s.bid, s.ask) for s in market.spreads] or [
        (call.now, market.quote.bid, market.quote.ask)
    ]
    rows = [
        [int(t), format_amount(b, pair.pair_decimals), format_amount(a, pair.pair_decimals)]
        for t, b, a in entries
        if since is None or Decimal(int(t)) > since
    ]
    return {pair.key: rows, "last": rows[-1][0] if rows else int(call.now)}


def _candle(pair: AssetPair, start: int, prices: list[tuple[Decimal, Decimal]]) -> list[Any]:
    d = pair.pair_decimals
    volume = sum((v for _, v in prices), Decimal(0))
    vwap = sum((p * v for p, v in prices), Decimal(0)) / volume if volume else prices[-1][0]
    values = [p for p, _ in prices]
    return [
        start,
        format_amount(values[0], d),
        format_amount(max(values), d),
        format_amount(min(values), d),
        format_amount(values[-1], d),
        format_amount(vwap, d),
        format_amount(volume, 8),
        len([v for _, v in prices if v]),
    ]


def ohlc(call: PublicCall) -> dict[str, Any]:
    pair = one_pair(call.params)
    interval = optional_int(call.params, "interval") or 1
    if interval not in OHLC_INTERVALS:
        raise invalid_argument("interval")
    since = _since(call.params)
    width = interval * 60
    market = call.market.of(pair)
    buckets: dict[int, list[tuple[Decimal, Decimal]]] = {}
    for t in market.trades:
        buckets.setdefault(int(t.time) // width * width, []).append((t.price, t.volume))
    current = int(call.now) // width * width
    if current not in buckets:
        buckets[current] = [(market.quote.last, Decimal(0))]
    starts = sorted(s for s in buckets if since is None or s > since)[-OHLC_ENTRIES:]
    rows = [_candle(pair, start, buckets[start]) for start in starts]
    committed = [s for s in starts if s < current]
    return {pair.key: rows, "last": committed[-1] if committed else current - width}
