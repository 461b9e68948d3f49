"""The connection rules of Kraken's WebSocket v2, against the served mock: ``status`` on
connect, ``ping``/``pong``, acks, Kraken's errors for bad frames, heartbeats."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator

import pytest
from websockets.exceptions import ConnectionClosedError

from mocks.kraken.ws.log_filter import UVICORN_LOGGER
from mocks.kraken.ws.protocol import MAX_FRAME_BYTES, rfc3339
from tests.kraken.conftest import T0
from tests.kraken.ws.client import open_conn
from tests.kraken.ws.conftest import WsMock

pytestmark = pytest.mark.anyio

RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


def test_times_are_rfc3339_with_microseconds() -> None:
    assert rfc3339(1_695_628_177.708706) == "2023-09-25T07:49:37.708706Z"


async def test_status_first_then_ping_answered_with_pong(ws_mock: WsMock) -> None:
    for url in (ws_mock.public_url, ws_mock.auth_url):
        async with open_conn(url) as conn:
            status = conn.seen[0]
            assert status["type"] == "update"
            (data,) = status["data"]
            assert data["system"] == "online"
            assert data["api_version"] == "v2"
            assert isinstance(data["connection_id"], int)
            pong = await conn.request({"method": "ping", "req_id": 101})
            assert pong["method"] == "pong"
            assert pong["req_id"] == 101
            assert pong["time_in"] == pong["time_out"] == rfc3339(T0)
            assert RFC3339.match(pong["time_in"])


async def test_subscribe_and_unsubscribe_are_acknowledged_per_symbol(ws_mock: WsMock) -> None:
    async with open_conn(ws_mock.public_url) as conn:
        await conn.send(
            {
                "method": "subscribe",
                "params": {"channel": "ticker", "symbol": ["BTC/USD", "ETH/USD"]},
                "req_id": 7,
            }
        )
        acks = [await conn.until(lambda m: m.get("method") == "subscribe") for _ in range(2)]
        assert [a["result"]["symbol"] for a in acks] == ["BTC/USD", "ETH/USD"]
        for answer in acks:
            assert answer["success"] is True
            assert answer["req_id"] == 7
            assert answer["result"]["channel"] == "ticker"
            assert answer["result"]["snapshot"] is True
            assert RFC3339.match(answer["time_in"])
            assert RFC3339.match(answer["time_out"])
        again = await conn.request(
            {
                "method": "subscribe",
                "params": {"channel": "ticker", "symbol": ["BTC/USD"]},
                "req_id": 8,
            }
        )
        assert again["success"] is False
        assert again["error"] == "Already subscribed"
        assert again["symbol"] == "BTC/USD"
        gone = await conn.request(
            {
                "method": "unsubscribe",
                "params": {"channel": "ticker", "symbol": ["BTC/USD"]},
                "req_id": 9,
            }
        )
        assert gone["success"] is True
        assert gone["result"] == {
            "channel": "ticker",
            "event_trigger": "trades",
            "snapshot": True,
            "symbol": "BTC/USD",
        }
        twice = await conn.request(
            {
                "method": "unsubscribe",
                "params": {"channel": "ticker", "symbol": ["BTC/USD"]},
                "req_id": 10,
            }
        )
        assert twice["error"] == "Subscription Not Found"


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"channel": "tickers", "symbol": ["BTC/USD"]}, "Subscription name invalid"),
        ({"channel": "ticker", "symbol": ["XBT/USD"]}, "Currency pair not supported XBT/USD"),
        ({"channel": "ticker", "symbol": "BTC/USD"}, "EGeneral:Invalid arguments:symbol"),
        (
            {"channel": "book", "symbol": ["BTC/USD"], "depth": 50},
            "Subscription depth not supported",
        ),
        ({"channel": "ohlc", "symbol": ["BTC/USD"]}, "Subscription ohlc requires interval"),
        (
            {"channel": "ohlc", "symbol": ["BTC/USD"], "interval": 2},
            "Subscription ohlc interval not supported",
        ),
        (
            {"channel": "ticker", "symbol": ["BTC/USD"], "price": 1},
            "Unsupported field: 'price' for the given msg type: ticker",
        ),
        ({"channel": "balances", "token": "x"}, "Subscription name invalid"),
        ("ticker", "EGeneral:Invalid arguments"),
    ],
)
async def test_bad_subscriptions_get_krakens_errors(
    ws_mock: WsMock, params: object, error: str
) -> None:
    async with open_conn(ws_mock.public_url) as conn:
        answer = await conn.request({"method": "subscribe", "params": params, "req_id": 3})
        assert answer["success"] is False
        assert answer["error"] == error
        assert answer["method"] == "subscribe"
        # The connection stays usable.
        assert (await conn.request({"method": "ping", "req_id": 4}))["method"] == "pong"


@pytest.mark.parametrize(
    "frame",
    [
        "{not json",
        b"\x00\x01binary",
        "[" * 5000 + "]" * 5000,
        json.dumps({"method": "ping", "nest": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]}),
        json.dumps({"method": "ping", "pad": "x" * (MAX_FRAME_BYTES + 1)}),
        "[]",
        json.dumps({"req_id": 5}),
    ],
    ids=["not-json", "binary", "deep-array", "deep-object", "huge", "array", "no-method"],
)
async def test_bad_frames_get_malformed_request_and_the_connection_lives(
    ws_mock: WsMock, frame: str | bytes
) -> None:
    async with open_conn(ws_mock.public_url) as conn:
        await conn.send(frame)
        answer = await conn.next()
        assert answer["success"] is False
        assert answer["error"] == "Malformed request"
        assert (await conn.request({"method": "ping", "req_id": 6}))["method"] == "pong"


@pytest.fixture
def server_log(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> Iterator[pytest.LogCaptureFixture]:
    """What uvicorn logs for the served WS apps, each record once: uvicorn's own logging
    config may or may not let its records reach the root logger, where caplog listens."""
    logger = logging.getLogger(UVICORN_LOGGER)
    monkeypatch.setattr(logger, "propagate", False)
    logger.addHandler(caplog.handler)
    try:
        yield caplog
    finally:
        logger.removeHandler(caplog.handler)


@pytest.mark.parametrize("endpoint", ["public", "auth"])
async def test_a_text_frame_that_is_not_utf8_is_closed_with_1007_and_a_close_frame(
    ws_mock: WsMock, server_log: pytest.LogCaptureFixture, endpoint: str
) -> None:
    url = ws_mock.public_url if endpoint == "public" else ws_mock.auth_url
    async with open_conn(url) as conn:
        await conn.ws.send("\ud800".encode("utf-8", "surrogatepass"), text=True)
        with pytest.raises(ConnectionClosedError) as closed:
            await conn.next()
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 1007
    async with open_conn(url) as conn:  # the server lives on
        assert (await conn.request({"method": "ping", "req_id": 1}))["method"] == "pong"
    # One warning line, never a traceback.
    uvicorn = [r for r in server_log.records if r.name == UVICORN_LOGGER]
    assert [r.levelname for r in uvicorn] == ["WARNING"]
    assert all(r.exc_info is None and not r.exc_text for r in server_log.records)


async def test_a_binary_frame_on_the_auth_endpoint_gets_malformed_request(
    ws_mock: WsMock, server_log: pytest.LogCaptureFixture
) -> None:
    async with open_conn(ws_mock.auth_url) as conn:
        await conn.send(b"\x00\x01binary")
        answer = await conn.next()
        assert (answer["success"], answer["error"]) == (False, "Malformed request")
        assert (await conn.request({"method": "ping", "req_id": 2}))["method"] == "pong"
    assert not [r for r in server_log.records if r.levelno >= logging.WARNING]


async def test_an_unknown_method_gets_event_not_found(ws_mock: WsMock) -> None:
    async with open_conn(ws_mock.public_url) as conn:
        answer = await conn.request({"method": "pingg", "req_id": 1})
        assert answer == {
            "method": "pingg",
            "error": "Event(s) not found",
            "success": False,
            "time_in": rfc3339(T0),
            "time_out": rfc3339(T0),
            "req_id": 1,
        }
        # Order entry is on the authenticated endpoint only.
        public_order = await conn.request({"method": "add_order", "params": {}, "req_id": 2})
        assert public_order["error"] == "Event(s) not found"


async def test_heartbeats_only_while_subscribed_and_only_when_quiet(ws_mock: WsMock) -> None:
    hub = ws_mock.apps.hub
    async with open_conn(ws_mock.public_url) as conn:
        hub.beat()
        assert await conn.nothing_for(0.2), "a heartbeat before any subscription"
        await conn.request(
            {"method": "subscribe", "params": {"channel": "instrument"}, "req_id": 1}
        )
        await conn.until(lambda m: m.get("channel") == "instrument")
        hub.beat()  # the snapshot was just sent: this round stays quiet
        assert await conn.nothing_for(0.2), "a heartbeat right after other messages"
        hub.beat()
        assert await conn.next() == {"channel": "heartbeat"}
        hub.beat()
        assert await conn.next() == {"channel": "heartbeat"}


async def test_the_heartbeat_timer_beats_about_once_a_second(ws_mock: WsMock) -> None:
    # The timer of a served app: a second round arrives about a second after the first.
    import asyncio  # noqa: PLC0415

    stop = asyncio.Event()
    ws_mock.apps.hub.heartbeat_interval_s = 0.05
    async with open_conn(ws_mock.public_url) as conn:
        await conn.request(
            {"method": "subscribe", "params": {"channel": "instrument"}, "req_id": 1}
        )
        await conn.until(lambda m: m.get("channel") == "instrument")
        beats = asyncio.create_task(ws_mock.apps.hub.run_heartbeats(stop, "public"))
        try:
            assert await conn.until(lambda m: m.get("channel") == "heartbeat", timeout=2)
        finally:
            stop.set()
            await beats
            ws_mock.apps.hub.heartbeat_interval_s = None
