"""The WebSocket part of the control API: drop every connection (with a close frame),
refuse subscriptions, delay messages; its journal (in test_ws_tokens)."""

from __future__ import annotations

import httpx
import pytest
from websockets.exceptions import ConnectionClosedOK

from tests.kraken.ws.client import open_conn
from tests.kraken.ws.conftest import WsMock

pytestmark = pytest.mark.anyio


async def test_drop_closes_every_connection_with_a_close_frame(ws_mock: WsMock) -> None:
    async with open_conn(ws_mock.public_url) as public, open_conn(ws_mock.auth_url) as auth:
        answer = httpx.post(ws_mock.harness.url + "/_mock/ws/drop")
        assert answer.json() == {"dropped": 2}
        for conn in (public, auth):
            with pytest.raises(ConnectionClosedOK) as closed:
                await conn.next()
            assert closed.value.rcvd is not None
            assert closed.value.rcvd.code == 1001
    overview = httpx.get(ws_mock.harness.url + "/_mock/ws").json()
    assert overview["connections"] == {"public": 0, "auth": 0}


async def test_refused_subscriptions_answer_the_injected_error_until_cleared(
    ws_mock: WsMock,
) -> None:
    url = ws_mock.harness.url + "/_mock/ws/faults"
    assert httpx.put(url, json={"refuse_subscriptions": "EService:Unavailable"}).status_code == 200
    subscribe = {"method": "subscribe", "params": {"channel": "ticker", "symbol": ["BTC/USD"]}}
    async with open_conn(ws_mock.public_url) as conn:
        refused = await conn.request({**subscribe, "req_id": 1})
        assert refused["success"] is False
        assert refused["error"] == "EService:Unavailable"
        assert refused["symbol"] == "BTC/USD"
        assert httpx.delete(url).json()["faults"] == {"refuse_subscriptions": None, "delay_s": 0.0}
        assert (await conn.request({**subscribe, "req_id": 2}))["success"] is True


async def test_delayed_messages_wait_until_the_delay_or_the_fault_is_cleared(
    ws_mock: WsMock,
) -> None:
    url = ws_mock.harness.url + "/_mock/ws/faults"
    async with open_conn(ws_mock.public_url) as conn:
        assert httpx.put(url, json={"delay_s": 60}).status_code == 200
        await conn.send({"method": "ping", "req_id": 1})
        assert await conn.nothing_for(0.3), "a message went out despite the delay"
        httpx.delete(url)
        assert (await conn.next())["method"] == "pong"


@pytest.mark.parametrize(
    "body",
    [{"refuse_subscriptions": "not an error"}, {"delay_s": -1}, {"delay_s": 61}, {"other": 1}, []],
)
def test_bad_fault_bodies_get_422_with_a_message(ws_mock: WsMock, body: object) -> None:
    answer = httpx.put(ws_mock.harness.url + "/_mock/ws/faults", json=body)
    assert answer.status_code == 422
    assert answer.json()["error"]


async def test_wait_answers_when_the_connections_come_or_the_time_runs_out(
    ws_mock: WsMock,
) -> None:
    url = ws_mock.harness.url + "/_mock/ws/wait"
    assert httpx.post(url, json={"endpoint": "public", "connections": 0}).json() == {"met": True}
    async with open_conn(ws_mock.public_url):
        met = httpx.post(url, json={"endpoint": "public", "connections": 1, "timeout_s": 5})
        assert met.json() == {"met": True}
        late = httpx.post(url, json={"endpoint": "public", "connections": 0, "timeout_s": 0.2})
        assert late.json() == {"met": False}
    gone = httpx.post(url, json={"error": "Malformed request", "timeout_s": 0.2})
    assert gone.json() == {"met": False}
    assert httpx.post(url, json={"timeout_s": 1}).status_code == 422


@pytest.mark.parametrize(
    ("method", "path"), [("PUT", "/_mock/ws/faults"), ("POST", "/_mock/ws/wait")]
)
def test_a_body_nested_past_pythons_recursion_limit_gets_422_not_a_500(
    ws_mock: WsMock, method: str, path: str
) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000  # valid JSON that json.loads cannot descend
    answer = httpx.request(method, ws_mock.harness.url + path, content=deep)
    assert answer.status_code == 422
    assert "nests too deeply" in answer.json()["error"]
