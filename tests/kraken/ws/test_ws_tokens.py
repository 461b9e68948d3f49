"""GetWebSocketsToken's tokens on the authenticated endpoint: first use within 15 minutes
on the mock's clock, then valid while the subscription lives; unknown, revoked or expired
keys' tokens refused with Kraken's message."""

from __future__ import annotations

from typing import Any

import pytest

from tests.kraken.ws.client import Conn, open_conn
from tests.kraken.ws.conftest import WsMock

pytestmark = pytest.mark.anyio

EMAIL = "tokens@example.test"
REFUSED = "ESession:Invalid session"


async def balances(
    conn: Conn, token: object, method: str = "subscribe", req_id: int = 1
) -> dict[str, Any]:
    return await conn.request(
        {"method": method, "params": {"channel": "balances", "token": token}, "req_id": req_id}
    )


async def test_a_token_used_within_15_minutes_subscribes(ws_mock: WsMock) -> None:
    ws_mock.harness.user(EMAIL, balances={"ZUSD": "100.0000"})
    token = ws_mock.token(EMAIL)
    ws_mock.harness.clock.advance(899)
    async with open_conn(ws_mock.auth_url) as conn:
        answer = await balances(conn, token)
        assert answer["success"] is True
        assert answer["result"] == {"channel": "balances", "snapshot": True}


async def test_a_token_first_used_after_15_minutes_is_refused(ws_mock: WsMock) -> None:
    ws_mock.harness.user(EMAIL)
    token = ws_mock.token(EMAIL)
    ws_mock.harness.clock.advance(901)
    async with open_conn(ws_mock.auth_url) as conn:
        answer = await balances(conn, token)
        assert answer["success"] is False
        assert answer["error"] == REFUSED


async def test_a_token_stays_valid_while_its_subscription_lives(ws_mock: WsMock) -> None:
    ws_mock.harness.user(EMAIL)
    token = ws_mock.token(EMAIL)
    async with open_conn(ws_mock.auth_url) as conn:
        assert (await balances(conn, token))["success"] is True
        ws_mock.harness.clock.advance(3600)
        executions = await conn.request(
            {
                "method": "subscribe",
                "params": {"channel": "executions", "token": token},
                "req_id": 2,
            }
        )
        assert executions["success"] is True
        assert (await balances(conn, token, "unsubscribe", 3))["success"] is True
        assert (
            await conn.request(
                {
                    "method": "unsubscribe",
                    "params": {"channel": "executions", "token": token},
                    "req_id": 4,
                }
            )
        )["success"] is True
        # No subscription holds it any more, and it is an hour old.
        assert (await balances(conn, token, req_id=5))["error"] == REFUSED


async def test_unknown_revoked_and_expired_keys_tokens_are_refused(ws_mock: WsMock) -> None:
    ws_mock.harness.user(EMAIL)
    revoked = ws_mock.token(EMAIL)
    ws_mock.harness.state.revoke_key(EMAIL, "k1")
    expiring_key = ws_mock.harness.key(
        EMAIL, "expiring", ("websocket",), valid_until=int(ws_mock.harness.clock.now()) + 60
    )
    expiring = ws_mock.harness.client(expiring_key).private("GetWebSocketsToken")["result"]["token"]
    ws_mock.harness.clock.advance(61)
    async with open_conn(ws_mock.auth_url) as conn:
        for req_id, token in enumerate(["not-a-token", revoked, expiring, 42], start=1):
            answer = await balances(conn, token, req_id=req_id)
            assert answer["error"] == REFUSED
        missing = await conn.request(
            {"method": "subscribe", "params": {"channel": "balances"}, "req_id": 9}
        )
        assert missing["error"] == REFUSED


async def test_the_journal_records_requests_but_never_a_token(ws_mock: WsMock) -> None:
    ws_mock.harness.user(EMAIL)
    token = ws_mock.token(EMAIL)
    async with open_conn(ws_mock.auth_url) as conn:
        await balances(conn, token)
        await balances(conn, "wrong-token", req_id=2)
    entries = ws_mock.apps.hub.journal()
    assert [(e.method, e.channel, e.key_name, e.outcome, e.error) for e in entries] == [
        ("subscribe", "balances", "k1", "ok", None),
        ("subscribe", "balances", None, "error", REFUSED),
    ]
    text = repr([e.as_json() for e in entries])
    assert token not in text
    assert "wrong-token" not in text
    for key in ws_mock.harness.state.keys.values():
        assert key.secret not in text
