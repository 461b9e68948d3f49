"""Order entry over the authenticated WebSocket, through the trading engine: the answers,
the executions they cause, permissions, and one trading counter shared with REST."""

from __future__ import annotations

from typing import Any

import pytest

from tests.kraken.ws.client import Conn, open_conn
from tests.kraken.ws.conftest import GUIDE_PERMISSIONS, WsMock

pytestmark = pytest.mark.anyio

EMAIL = "orders@example.test"
LIMIT = {
    "order_type": "limit",
    "side": "buy",
    "order_qty": 0.01,
    "symbol": "BTC/USD",
    "limit_price": 60000.0,
}


REST_ORDER = {
    "pair": "XBTUSD",
    "type": "buy",
    "ordertype": "limit",
    "price": "50000",
    "volume": "0.01",
}


def trader(
    ws_mock: WsMock, tier: str = "Intermediate", permissions: tuple[str, ...] = GUIDE_PERMISSIONS
) -> str:
    ws_mock.harness.user(
        EMAIL, tier=tier, balances={"ZUSD": "1000000.0000", "XXBT": "10.0000000000"}
    )
    return ws_mock.token(EMAIL, permissions)


async def call(conn: Conn, method: str, params: dict[str, Any], req_id: int) -> dict[str, Any]:
    return await conn.request({"method": method, "params": params, "req_id": req_id})


async def test_add_order_answers_its_id_and_executions_tell_new(ws_mock: WsMock) -> None:
    token = trader(ws_mock)
    async with open_conn(ws_mock.auth_url) as conn:
        await call(
            conn, "subscribe", {"channel": "executions", "token": token, "snap_orders": False}, 1
        )
        answer = await call(conn, "add_order", {**LIMIT, "token": token, "cl_ord_id": "grid-1"}, 2)
        assert answer["success"] is True
        assert answer["method"] == "add_order"
        order_id = answer["result"]["order_id"]
        assert answer["result"]["cl_ord_id"] == "grid-1"
        new = await conn.until(lambda m: m.get("channel") == "executions")
        assert new["data"][0]["order_id"] == order_id
        assert new["data"][0]["exec_type"] == "new"
        cancel = await call(conn, "cancel_order", {"order_id": [order_id], "token": token}, 3)
        assert cancel["result"] == {"order_id": order_id}
        gone = await conn.until(lambda m: m.get("channel") == "executions")
        assert gone["data"][0]["exec_type"] == "canceled"
        again = await call(conn, "cancel_order", {"order_id": [order_id], "token": token}, 4)
        assert again["success"] is False
        assert again["error"] == "EOrder:Unknown order"


async def test_amend_edit_batches_cancel_all_and_the_dead_mans_switch(ws_mock: WsMock) -> None:
    token = trader(ws_mock)
    async with open_conn(ws_mock.auth_url) as conn:
        placed = await call(conn, "add_order", {**LIMIT, "token": token}, 1)
        order_id = placed["result"]["order_id"]
        amended = await call(
            conn, "amend_order", {"order_id": order_id, "limit_price": 60100.0, "token": token}, 2
        )
        assert amended["success"] is True, amended
        assert amended["result"]["order_id"] == order_id
        assert amended["result"]["amend_id"]
        edited = await call(
            conn,
            "edit_order",
            {"order_id": order_id, "symbol": "BTC/USD", "order_qty": 0.02, "token": token},
            3,
        )
        assert edited["success"] is True, edited
        assert edited["result"]["original_order_id"] == order_id
        batch = await call(
            conn,
            "batch_add",
            {"symbol": "BTC/USD", "token": token, "orders": [
                {"order_type": "limit", "side": "buy", "order_qty": 0.01, "limit_price": 59000.0},
                {"order_type": "limit", "side": "buy", "order_qty": 0.01, "limit_price": 58000.0},
            ]},
            4,
        )  # fmt: skip
        ids = [entry["order_id"] for entry in batch["result"]]
        assert len(ids) == 2
        cancelled = await call(conn, "batch_cancel", {"orders": ids, "token": token}, 5)
        assert cancelled["orders_cancelled"] == 2
        everything = await call(conn, "cancel_all", {"token": token}, 6)
        assert everything["result"] == {"count": 1}
        armed = await call(conn, "cancel_all_orders_after", {"timeout": 60, "token": token}, 7)
        assert armed["result"]["currentTime"] == "2027-01-15T08:00:00.000000Z"
        assert armed["result"]["triggerTime"] == "2027-01-15T08:01:00.000000Z"


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({**LIMIT, "symbol": "XBT/USD"}, "EGeneral:Invalid arguments:symbol"),
        ({**LIMIT, "side": "both"}, "EGeneral:Invalid arguments:side"),
        ({**LIMIT, "order_qty": -1}, "EGeneral:Invalid arguments:order_qty"),
        (
            {**LIMIT, "limit_price": 60000.05},
            "EOrder:Invalid price:XBTUSD price can only be specified up to 1 decimals.",
        ),
        ({**LIMIT, "order_qty": 0.00001}, "EOrder:Order minimum not met"),
        ({**LIMIT, "order_qty": 1000}, "EOrder:Insufficient funds"),
    ],
)
async def test_bad_orders_get_krakens_errors(
    ws_mock: WsMock, params: dict[str, Any], error: str
) -> None:
    token = trader(ws_mock)
    async with open_conn(ws_mock.auth_url) as conn:
        answer = await call(conn, "add_order", {**params, "token": token}, 1)
        assert answer["success"] is False
        assert answer["error"] == error


async def test_a_key_without_create_and_modify_orders_is_refused(ws_mock: WsMock) -> None:
    token = trader(ws_mock, permissions=("funds_query", "websocket"))
    async with open_conn(ws_mock.auth_url) as conn:
        answer = await call(conn, "add_order", {**LIMIT, "token": token}, 1)
        assert answer["error"] == "EGeneral:Permission denied"
        refused = await call(conn, "add_order", {**LIMIT, "token": "nope"}, 2)
        assert refused["error"] == "ESession:Invalid session"


async def test_websocket_and_rest_share_the_accounts_trading_counter(ws_mock: WsMock) -> None:
    # Starter: a threshold of 60 per pair, one for each order placed; the clock stands still.
    token = trader(ws_mock, tier="Starter")
    rest_key = ws_mock.harness.key(EMAIL, "rest", GUIDE_PERMISSIONS)
    rest = ws_mock.harness.client(rest_key)
    for _ in range(30):
        placed = rest.private("AddOrder", REST_ORDER)
        assert placed["error"] == []
    async with open_conn(ws_mock.auth_url) as conn:
        for req_id in range(30):
            assert (await call(conn, "add_order", {**LIMIT, "token": token}, req_id))[
                "success"
            ] is True
        over = await call(conn, "add_order", {**LIMIT, "token": token}, 99)
        assert over["error"] == "EOrder:Rate limit exceeded"
    refused = rest.private("AddOrder", REST_ORDER)
    assert refused["error"] == ["EOrder:Rate limit exceeded"]
