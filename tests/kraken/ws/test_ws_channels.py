"""The public channels: instrument, ticker, book (with Kraken's checksum), trade, ohlc,
their snapshots and their updates when the market moves."""

from __future__ import annotations

import dataclasses
import re
import zlib
from decimal import Decimal
from typing import Any

import httpx
import pytest

from mocks.kraken.events import MarketEvent
from mocks.kraken.market import PAIRS
from tests.kraken.conftest import T0
from tests.kraken.ws.client import Conn, open_conn
from tests.kraken.ws.conftest import WsMock

pytestmark = pytest.mark.anyio

# The precisions the instrument channel publishes for BTC/USD; Kraken's own sample client
# (krakenfx/kraken-sample-ws-api-v2-client, build_book.py) formats levels with them.
PRICE_DECIMALS, QTY_DECIMALS = 1, 8


def krakens_checksum(bids: dict[float, float], asks: dict[float, float]) -> int:
    """Kraken's book checksum guide, as its sample client computes it."""

    def digits(value: float, decimals: int) -> str:
        return f"{value:.{decimals}f}".replace(".", "").lstrip("0")

    text = "".join(
        digits(price, PRICE_DECIMALS) + digits(qty, QTY_DECIMALS)
        for price, qty in sorted(asks.items())[:10]
    ) + "".join(
        digits(price, PRICE_DECIMALS) + digits(qty, QTY_DECIMALS)
        for price, qty in sorted(bids.items(), reverse=True)[:10]
    )
    return zlib.crc32(text.encode())


def apply(
    side: dict[float, float], levels: list[dict[str, Any]], depth: int, *, bids: bool
) -> None:
    for level in levels:
        if level["qty"] == 0:
            side.pop(level["price"], None)
        else:
            side[level["price"]] = level["qty"]
    kept = sorted(side.items(), reverse=bids)[:depth]
    side.clear()
    side.update(kept)


def move(ws_mock: WsMock, pair_key: str, price: str) -> None:
    """Move the market as ``PUT /_mock/market`` does: the pair trades at ``price``."""
    state = ws_mock.harness.state
    with state.lock:
        state.trading.move_market(PAIRS[pair_key], Decimal(price), state.clock)


def quiet_move(ws_mock: WsMock, pair_key: str, bid: str) -> None:
    """A best-bid-offer change without a trade (what a resting order's arrival does)."""
    pair = PAIRS[pair_key]
    quote = dataclasses.replace(pair.market, bid=Decimal(bid), ask=Decimal(bid) + pair.tick_size)
    ws_mock.harness.state.events.publish(MarketEvent(pair_key, T0, quote, ()))


async def subscribe(conn: Conn, params: dict[str, Any], req_id: int = 1) -> dict[str, Any]:
    answer = await conn.request({"method": "subscribe", "params": params, "req_id": req_id})
    assert answer["success"] is True, answer
    return answer


async def test_instrument_snapshot_lists_assets_and_v2_pairs(ws_mock: WsMock) -> None:
    async with open_conn(ws_mock.public_url) as conn:
        ack = await subscribe(conn, {"channel": "instrument"})
        assert ack["result"] == {"channel": "instrument", "snapshot": True}
        snapshot = await conn.until(lambda m: m.get("channel") == "instrument")
        pairs = {p["symbol"]: p for p in snapshot["data"]["pairs"]}
        assert pairs["BTC/USD"]["price_precision"] == PRICE_DECIMALS
        assert pairs["BTC/USD"]["qty_precision"] == QTY_DECIMALS
        assert "XBT/USD" not in pairs
        assert {a["id"] for a in snapshot["data"]["assets"]} >= {"BTC", "USD", "ETH"}


@pytest.mark.parametrize("depth", [10, 25, 100, 500, 1000])
async def test_book_snapshot_and_updates_carry_krakens_checksum(
    ws_mock: WsMock, depth: int
) -> None:
    async with open_conn(ws_mock.public_url) as conn:
        ack = await subscribe(conn, {"channel": "book", "symbol": ["BTC/USD"], "depth": depth})
        assert ack["result"] == {
            "channel": "book",
            "depth": depth,
            "snapshot": True,
            "symbol": "BTC/USD",
        }
        snapshot = await conn.until(lambda m: m.get("channel") == "book")
        assert snapshot["type"] == "snapshot"
        (entry,) = snapshot["data"]
        bids = {level["price"]: level["qty"] for level in entry["bids"]}
        asks = {level["price"]: level["qty"] for level in entry["asks"]}
        assert len(bids) == len(asks) == depth
        assert max(bids) < min(asks)
        assert entry["checksum"] == krakens_checksum(bids, asks)
        move(ws_mock, "XXBTZUSD", "68250.3")
        update = await conn.until(lambda m: m.get("channel") == "book")
        assert update["type"] == "update"
        (change,) = update["data"]
        assert change["timestamp"].endswith("Z")
        apply(bids, change["bids"], depth, bids=True)
        apply(asks, change["asks"], depth, bids=False)
        assert max(bids) == 68250.3
        assert change["checksum"] == krakens_checksum(bids, asks)


async def test_ticker_snapshot_then_an_update_on_each_trade(ws_mock: WsMock) -> None:
    async with open_conn(ws_mock.public_url) as conn:
        await subscribe(conn, {"channel": "ticker", "symbol": ["BTC/USD"]})
        snapshot = await conn.until(lambda m: m.get("channel") == "ticker")
        (ticker,) = snapshot["data"]
        assert ticker["symbol"] == "BTC/USD"
        assert ticker["bid"] == 68250.0
        assert ticker["ask"] == 68250.1
        assert set(ticker) >= {"last", "volume", "vwap", "low", "high", "change", "change_pct"}
        move(ws_mock, "XXBTZUSD", "68260.0")
        update = await conn.until(lambda m: m.get("channel") == "ticker")
        assert update["type"] == "update"
        assert update["data"][0]["last"] == 68260.0
        assert update["data"][0]["bid"] == 68260.0
        # bbo: on a best-bid-offer change, without trades.
        await subscribe(
            conn, {"channel": "ticker", "symbol": ["ETH/USD"], "event_trigger": "bbo"}, 2
        )
        await conn.until(
            lambda m: m.get("channel") == "ticker" and m["data"][0]["symbol"] == "ETH/USD"
        )
        quiet_move(ws_mock, "XETHZUSD", "3503.40")
        bbo = await conn.until(lambda m: m.get("channel") == "ticker")
        assert bbo["data"][0]["bid"] == 3503.4


async def test_trade_and_ohlc_follow_the_market(ws_mock: WsMock) -> None:
    async with open_conn(ws_mock.public_url) as conn:
        ack = await subscribe(conn, {"channel": "trade", "symbol": ["BTC/USD"]})
        assert ack["result"]["snapshot"] is False
        ohlc_ack = await subscribe(
            conn, {"channel": "ohlc", "symbol": ["BTC/USD"], "interval": 5}, 2
        )
        assert ohlc_ack["result"]["interval"] == 5
        candle = await conn.until(lambda m: m.get("channel") == "ohlc")
        assert candle["type"] == "snapshot"
        assert candle["data"][0]["interval"] == 5
        move(ws_mock, "XXBTZUSD", "68255.0")
        move(ws_mock, "XXBTZUSD", "68254.0")
        trades = await conn.until(lambda m: m.get("channel") == "trade")
        (trade,) = trades["data"]
        assert trade["symbol"] == "BTC/USD"
        assert trade["side"] == "buy"
        assert trade["price"] == 68255.0
        assert trade["ord_type"] == "market"
        assert trade["timestamp"] == "2027-01-15T08:00:00.000000Z"
        second = await conn.until(lambda m: m.get("channel") == "trade")
        assert second["data"][0]["side"] == "sell"
        assert second["data"][0]["trade_id"] == trade["trade_id"] + 1
        update = await conn.until(lambda m: m.get("channel") == "ohlc")
        assert update["data"][0]["close"] == 68254.0
    async with open_conn(ws_mock.public_url) as late:
        await subscribe(late, {"channel": "trade", "symbol": ["BTC/USD"], "snapshot": True})
        snapshot = await late.until(lambda m: m.get("channel") == "trade")
        assert [t["price"] for t in snapshot["data"]] == [68255.0, 68254.0]


async def test_put_mock_market_moves_the_websockets_ticker_and_book(ws_mock: WsMock) -> None:
    async with open_conn(ws_mock.public_url) as conn:
        await subscribe(conn, {"channel": "ticker", "symbol": ["BTC/USD"]})
        await conn.until(lambda m: m.get("channel") == "ticker")
        await subscribe(conn, {"channel": "book", "symbol": ["BTC/USD"]}, 2)
        await conn.until(lambda m: m.get("channel") == "book")
        moved = httpx.put(
            ws_mock.harness.url + "/_mock/market", json={"pair": "XBTUSD", "price": "70000.0"}
        )
        assert moved.status_code == 200, moved.text
        ticker = await conn.until(lambda m: m.get("channel") == "ticker")
        assert ticker["data"][0]["last"] == 70000.0
        book = await conn.until(lambda m: m.get("channel") == "book")
        assert {"price": 70000.0, "qty": book["data"][0]["bids"][0]["qty"]} in book["data"][0][
            "bids"
        ]


async def test_the_book_channel_and_rest_depth_show_the_same_levels(ws_mock: WsMock) -> None:
    move(ws_mock, "XETHZUSD", "3500.10")
    depth = ws_mock.harness.client().public("Depth", {"pair": "ETHUSD", "count": "25"})
    rest = depth["result"]["XETHZUSD"]
    async with open_conn(ws_mock.public_url) as conn:
        await subscribe(conn, {"channel": "book", "symbol": ["ETH/USD"], "depth": 25})
        (entry,) = (await conn.until(lambda m: m.get("channel") == "book"))["data"]
    for side in ("bids", "asks"):
        assert len(rest[side]) == len(entry[side]) == 25
        # REST: strings at the pair's decimals and an integer timestamp; WS: numbers.
        assert [(Decimal(p), Decimal(v)) for p, v, _ in rest[side]] == [
            (Decimal(str(level["price"])), Decimal(str(level["qty"]))) for level in entry[side]
        ]
        assert all(re.fullmatch(r"\d+\.\d{2}", p) for p, _, _ in rest[side])
        assert all(re.fullmatch(r"\d+\.\d{8}", v) for _, v, _ in rest[side])
        assert all(type(stamp) is int for _, _, stamp in rest[side])


async def test_control_heartbeat_is_one_round(ws_mock: WsMock) -> None:
    async with open_conn(ws_mock.public_url) as conn:
        await subscribe(conn, {"channel": "instrument"})
        await conn.until(lambda m: m.get("channel") == "instrument")
        httpx.post(ws_mock.harness.url + "/_mock/ws/heartbeat")  # the snapshot was just sent
        httpx.post(ws_mock.harness.url + "/_mock/ws/heartbeat")
        assert await conn.next() == {"channel": "heartbeat"}


async def test_the_tickers_best_levels_are_the_books(ws_mock: WsMock) -> None:
    async with open_conn(ws_mock.public_url) as conn:
        await subscribe(conn, {"channel": "ticker", "symbol": ["ETH/USD"]})
        (ticker,) = (await conn.until(lambda m: m.get("channel") == "ticker"))["data"]
        await subscribe(conn, {"channel": "book", "symbol": ["ETH/USD"]}, 2)
        (entry,) = (await conn.until(lambda m: m.get("channel") == "book"))["data"]
        assert entry["bids"][0] == {"price": ticker["bid"], "qty": ticker["bid_qty"]}
        assert entry["asks"][0] == {"price": ticker["ask"], "qty": ticker["ask_qty"]}
