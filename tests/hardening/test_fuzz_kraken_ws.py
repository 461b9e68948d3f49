"""Bad frames to Kraken's two WebSocket endpoints get Kraken's answers: one JSON message
per request with ``success: false`` and an error string (or a valid answer), never a
crash, never a connection dropped without a close frame, and the next ping still pongs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from fixtures.servers import MockStack
from mocks.kraken_facts.websocket import ORDER_METHODS, PRIVATE_CHANNELS, PUBLIC_CHANNELS
from tests.hardening.fuzz import json_bytes, json_documents, odd_text

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
METHODS = ["ping", "subscribe", "unsubscribe", *ORDER_METHODS, "pong", "", "SUBSCRIBE"]
CHANNELS = [*PUBLIC_CHANNELS, *PRIVATE_CHANNELS, "heartbeat", "status", "level3", ""]
PARAM_NAMES = [
    "channel", "symbol", "depth", "interval", "snapshot", "event_trigger", "token",
    "snap_orders", "snap_trades", "order_type", "side", "order_qty", "limit_price",
    "order_id", "orders", "timeout", "cl_ord_id", "order_userref", "triggers", "validate",
]  # fmt: skip
SYMBOLS = ["BTC/USD", "XBT/USD", "ETH/USD", "", "btc/usd", "BTC/USD/EUR"]

_values = st.one_of(
    json_documents,
    st.sampled_from(CHANNELS),
    st.lists(st.sampled_from(SYMBOLS), max_size=4),
    st.sampled_from([10, 25, 1000, 0, -1, 2**70, 1.5, 5, 21600, True]),
)
requests = st.fixed_dictionaries(
    {"method": st.sampled_from(METHODS)},
    optional={
        "params": st.one_of(
            json_documents, st.dictionaries(st.sampled_from(PARAM_NAMES), _values, max_size=6)
        ),
        "req_id": st.one_of(st.integers(-(2**70), 2**70), json_documents),
    },
)
frames = st.one_of(
    requests.map(json.dumps),
    json_documents.map(lambda d: json.dumps(d, allow_nan=True)),
    odd_text.filter(lambda t: not any(0xD800 <= ord(c) <= 0xDFFF for c in t)),
    st.binary(max_size=300),
    st.sampled_from(["[" * 3000 + "]" * 3000, '{"method":"ping","x":"' + "x" * 70_000 + '"}']),
    json_documents.map(lambda d: json_bytes(d).decode("utf-8", "replace")[:-1]),
)


@pytest.fixture(scope="module", params=["public", "auth"])
def conn(request: pytest.FixtureRequest, mocks: MockStack) -> Iterator[ClientConnection]:
    url = mocks.kraken_ws_url if request.param == "public" else mocks.kraken_ws_auth_url
    with connect(url, max_size=2**24) as ws:
        assert json.loads(ws.recv(timeout=5))["channel"] == "status"
        yield ws


def _answers_until_pong(ws: ClientConnection, req_id: int) -> list[dict[str, Any]]:
    ws.send(json.dumps({"method": "ping", "req_id": req_id}))
    answers: list[dict[str, Any]] = []
    while True:
        try:
            message = json.loads(ws.recv(timeout=5))
        except ConnectionClosed as closed:
            frame = "with a close frame" if closed.rcvd else "WITHOUT a close frame"
            raise AssertionError(f"the server closed the connection ({frame})") from closed
        assert isinstance(message, dict), message
        if message.get("method") == "pong" and message.get("req_id") == req_id:
            return answers
        answers.append(message)


@FUZZ
@given(frame=frames)
@example(frame='{"method":"SUBSCRIBE"}')
@example(frame='{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":2}}')
@example(frame='{"method":"add_order","params":{"token":null}}')
@example(frame=b"\x00")
def test_any_frame_gets_krakens_answer_and_the_connection_lives(
    conn: ClientConnection, frame: str | bytes
) -> None:
    conn.send(frame)
    for answer in _answers_until_pong(conn, 424242):
        if "error" in answer:
            assert answer["success"] is False
            assert isinstance(answer["error"], str)
            assert answer["error"]
            assert "Traceback" not in answer["error"]
            assert answer["time_in"].endswith("Z")
        else:
            assert answer.get("success") is True or "channel" in answer, answer
    # Unsubscribe whatever the frame subscribed, so the next example starts clean.
    for channel in ("ticker", "book", "trade", "ohlc"):
        conn.send(
            json.dumps(
                {
                    "method": "unsubscribe",
                    "params": {"channel": channel, "symbol": ["BTC/USD", "ETH/USD"]},
                }
            )
        )
    conn.send(json.dumps({"method": "unsubscribe", "params": {"channel": "instrument"}}))
    _answers_until_pong(conn, 434343)
