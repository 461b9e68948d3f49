"""Real clients from PyPI, unchanged, pointed at the mock's REST and WebSocket URLs:
ccxt's pro Kraken client and python-kraken-sdk's ``SpotWSClient``."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import ccxt.pro
import pytest
from kraken.spot import SpotWSClient

from tests.kraken.ws.conftest import GUIDE_PERMISSIONS, WsMock

pytestmark = pytest.mark.anyio

EMAIL = "clients@example.test"


@pytest.fixture
async def ccxt_kraken(ws_mock: WsMock) -> AsyncIterator[Any]:
    ws_mock.harness.clock.resume()  # ccxt checks its token's age against its own clock
    ws_mock.harness.user(EMAIL, balances={"ZUSD": "50000.0000", "XXBT": "1.0000000000"})
    key = ws_mock.harness.key(EMAIL, "ccxt", GUIDE_PERMISSIONS)
    exchange = ccxt.pro.kraken({"apiKey": key.public, "secret": key.secret})
    exchange.urls["api"]["public"] = ws_mock.harness.url
    exchange.urls["api"]["private"] = ws_mock.harness.url
    exchange.urls["api"]["ws"]["publicV2"] = ws_mock.public_url
    exchange.urls["api"]["ws"]["privateV2"] = ws_mock.auth_url
    try:
        yield exchange
    finally:
        await exchange.close()


async def test_ccxt_watch_ticker(ccxt_kraken: Any) -> None:
    ticker = await asyncio.wait_for(ccxt_kraken.watch_ticker("BTC/USD"), 10)
    assert ticker["symbol"] == "BTC/USD"
    assert ticker["bid"] == 68250.0
    assert ticker["ask"] == 68250.1


async def test_ccxt_watch_order_book(ccxt_kraken: Any) -> None:
    book = await asyncio.wait_for(ccxt_kraken.watch_order_book("BTC/USD", 25), 10)
    assert book["bids"][0][0] == 68250.0
    assert book["asks"][0][0] == 68250.1
    assert len(book["bids"]) == 25


async def test_ccxt_watch_balance(ccxt_kraken: Any, ws_mock: WsMock) -> None:
    balance = await asyncio.wait_for(ccxt_kraken.watch_balance(), 10)
    assert balance["USD"]["total"] == 50000.0
    assert balance["BTC"]["total"] == 1.0
    ws_mock.harness.state.set_balances(EMAIL, {"ZUSD": Decimal(51000), "XXBT": Decimal(1)})
    balance = await asyncio.wait_for(ccxt_kraken.watch_balance(), 10)
    assert balance["USD"]["total"] == 51000.0


async def test_ccxt_watch_orders_has_the_open_order_then_its_cancel(ccxt_kraken: Any) -> None:
    placed = await ccxt_kraken.create_order("BTC/USD", "limit", "buy", 0.01, 60000)
    orders = await asyncio.wait_for(ccxt_kraken.watch_orders(), 10)
    (order,) = [o for o in orders if o["id"] == placed["id"]]
    assert order["status"] == "open"
    assert order["symbol"] == "BTC/USD"
    assert order["price"] == 60000.0
    await ccxt_kraken.cancel_order(placed["id"], "BTC/USD")
    # ccxt keeps every update in its cache but hands it only to a watch already waiting:
    # read the cache, and watch for the next update while the cancel is not in it yet.
    async with asyncio.timeout(10):
        while _cached_status(ccxt_kraken, placed["id"]) != "canceled":
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(ccxt_kraken.watch_orders(), 1)


def _cached_status(exchange: Any, order_id: str) -> str | None:
    return next((o["status"] for o in exchange.orders or [] if o["id"] == order_id), None)


async def test_python_kraken_sdk_public_and_private_subscriptions(ws_mock: WsMock) -> None:
    ws_mock.harness.clock.resume()
    ws_mock.harness.user(EMAIL, balances={"ZUSD": "50000.0000"})
    key = ws_mock.harness.key(EMAIL, "sdk", GUIDE_PERMISSIONS)
    messages: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def on_message(message: dict[str, Any]) -> None:
        await messages.put(message)

    async def wait_for(want: Any) -> dict[str, Any]:
        async with asyncio.timeout(15):
            while True:
                message = await messages.get()
                if want(message):
                    return message

    client = SpotWSClient(
        key=key.public,
        secret=key.secret,
        callback=on_message,
        rest_url=ws_mock.harness.url,
        # The SDK appends /v2 itself.
        ws_url=ws_mock.public_url.removesuffix("/v2"),
        auth_ws_url=ws_mock.auth_url.removesuffix("/v2"),
    )
    await client.start()
    try:
        await client.subscribe(params={"channel": "ticker", "symbol": ["BTC/USD"]})
        ticker = await wait_for(lambda m: m.get("channel") == "ticker")
        assert ticker["data"][0]["symbol"] == "BTC/USD"
        await client.subscribe(params={"channel": "balances"})
        balances = await wait_for(lambda m: m.get("channel") == "balances")
        assert balances["data"][0]["asset"] == "USD"
        assert balances["data"][0]["balance"] == 50000.0
        acks = {(s["channel"]) for s in client.active_private_subscriptions}
        assert acks == {"balances"}
        assert {s["channel"] for s in client.active_public_subscriptions} == {"ticker"}
    finally:
        await client.close()


async def test_ccxt_create_order_ws_and_cancel_order_ws(ccxt_kraken: Any) -> None:
    placed = await asyncio.wait_for(
        ccxt_kraken.create_order_ws("BTC/USD", "limit", "buy", 0.01, 60000), 10
    )
    assert placed["id"].startswith("O")
    open_orders = await ccxt_kraken.fetch_open_orders("BTC/USD")
    assert [o["id"] for o in open_orders] == [placed["id"]]
    cancelled = await asyncio.wait_for(ccxt_kraken.cancel_order_ws(placed["id"]), 10)
    assert cancelled["result"]["order_id"] == placed["id"]
    assert await ccxt_kraken.fetch_open_orders("BTC/USD") == []
