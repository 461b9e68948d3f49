"""The authenticated channels: balances (a snapshot, then an update for every ledger
entry) and executions (open orders and fills with Kraken's exec_type values)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import pytest

from mocks.kraken.market import PAIRS
from mocks.kraken.orders import OrderRequest
from tests.kraken.ws.client import Conn, open_conn
from tests.kraken.ws.conftest import GUIDE_PERMISSIONS, WsMock

pytestmark = pytest.mark.anyio

EMAIL = "private@example.test"


async def test_balances_snapshot_then_an_update_for_each_ledger_entry(ws_mock: WsMock) -> None:
    ws_mock.harness.user(EMAIL, balances={"ZUSD": "5000.0000", "XXBT": "0.5000000000"})
    token = ws_mock.token(EMAIL)
    async with open_conn(ws_mock.auth_url) as conn:
        await conn.request(
            {"method": "subscribe", "params": {"channel": "balances", "token": token}, "req_id": 1}
        )
        snapshot = await conn.until(lambda m: m.get("channel") == "balances")
        assert snapshot["type"] == "snapshot"
        assert {row["asset"]: row["balance"] for row in snapshot["data"]} == {
            "BTC": 0.5,
            "USD": 5000.0,
        }
        assert snapshot["data"][0]["wallets"] == [{"type": "spot", "id": "main", "balance": 0.5}]
        # A deposit booked through the control API (the engine books it as a ledger entry).
        ws_mock.harness.state.set_balances(EMAIL, {"ZUSD": Decimal(6000), "XXBT": Decimal("0.5")})
        update = await conn.until(lambda m: m.get("channel") == "balances")
        assert update["type"] == "update"
        (row,) = update["data"]
        assert row["asset"] == "USD"
        assert row["amount"] == 1000.0
        assert row["balance"] == 6000.0
        assert update["sequence"] == snapshot["sequence"] + 1


async def _balances(conn: Conn, token: str) -> dict[str, Any]:
    await conn.request(
        {"method": "subscribe", "params": {"channel": "balances", "token": token}, "req_id": 1}
    )
    snapshot: dict[str, Any] = await conn.until(lambda m: m.get("channel") == "balances")
    return snapshot


async def test_a_deposit_and_a_withdrawal_each_update_balances_with_their_ledger_type(
    ws_mock: WsMock,
) -> None:
    harness = ws_mock.harness
    harness.user(EMAIL, balances={"XXBT": "1.0000000000"})
    token = ws_mock.token(EMAIL)
    address = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
    saved = httpx.post(
        f"{harness.url}/_mock/withdrawal-keys",
        json={"email": EMAIL, "asset": "XBT", "key": "cold", "address": address},
    )
    assert saved.status_code == 201, saved.text
    withdrawer = harness.client(harness.key(EMAIL, "w", (*GUIDE_PERMISSIONS, "funds_withdraw")))
    async with open_conn(ws_mock.auth_url) as conn:
        snapshot = await _balances(conn, token)
        made = httpx.post(
            f"{harness.url}/_mock/deposits",
            json={"email": EMAIL, "asset": "XBT", "amount": "0.25"},
        )
        assert made.status_code == 201, made.text
        deposit = await conn.until(lambda m: m.get("channel") == "balances")
        (row,) = deposit["data"]
        assert (row["type"], row["category"], row["asset"]) == ("deposit", "deposit", "BTC")
        assert (row["amount"], row["fee"], row["balance"]) == (0.25, 0.0, 1.25)
        assert row["ref_id"] == made.json()["refid"]
        assert deposit["sequence"] == snapshot["sequence"] + 1

        answer = withdrawer.private("Withdraw", {"asset": "XBT", "key": "cold", "amount": "0.5"})
        assert answer["error"] == [], answer
        withdrawal = await conn.until(lambda m: m.get("channel") == "balances")
        (row,) = withdrawal["data"]
        assert (row["type"], row["category"], row["asset"]) == ("withdrawal", "withdrawal", "BTC")
        # Kraken lists the fee beside the amount: the balance falls by the 0.5 asked.
        assert row["amount"] < 0 < row["fee"]
        assert Decimal(str(row["amount"])) - Decimal(str(row["fee"])) == Decimal("-0.5")
        assert row["balance"] == 0.75
        assert row["ref_id"] == answer["result"]["refid"]
        assert withdrawal["sequence"] == deposit["sequence"] + 1


async def test_another_accounts_changes_never_arrive(ws_mock: WsMock) -> None:
    ws_mock.harness.user(EMAIL, balances={"ZUSD": "1.0000"})
    ws_mock.harness.user("other@example.test", balances={"ZUSD": "1.0000"})
    token = ws_mock.token(EMAIL)
    async with open_conn(ws_mock.auth_url) as conn:
        await conn.request(
            {"method": "subscribe", "params": {"channel": "balances", "token": token}, "req_id": 1}
        )
        await conn.until(lambda m: m.get("channel") == "balances")
        ws_mock.harness.state.set_balances("other@example.test", {"ZUSD": Decimal(9)})
        assert await conn.nothing_for(0.3)


async def test_executions_snapshot_of_open_orders_and_updates_for_new_fill_and_cancel(
    ws_mock: WsMock,
) -> None:
    account = ws_mock.harness.user(EMAIL, balances={"ZUSD": "100000.0000", "XXBT": "1.0000000000"})
    state = ws_mock.harness.state
    pair = PAIRS["XXBTZUSD"]
    limit = OrderRequest(pair, "buy", "limit", Decimal("0.01"), Decimal("60000"))
    with state.lock:
        resting = state.trading.add(account, None, limit, state.clock)
    assert resting is not None
    token = ws_mock.token(EMAIL)
    async with open_conn(ws_mock.auth_url) as conn:
        ack = await conn.request(
            {
                "method": "subscribe",
                "params": {"channel": "executions", "token": token, "snap_trades": True},
                "req_id": 1,
            }
        )
        assert ack["result"]["channel"] == "executions"
        assert ack["result"]["snap_orders"] is True
        assert ack["result"]["snap_trades"] is True
        assert ack["result"]["maxratecount"] == 125
        snapshot = await conn.until(lambda m: m.get("channel") == "executions")
        assert snapshot["type"] == "snapshot"
        (order,) = snapshot["data"]
        assert order["order_id"] == resting.txid
        assert order["symbol"] == "BTC/USD"
        assert order["order_status"] == "new"
        assert order["limit_price"] == 60000.0
        with state.lock:
            market = OrderRequest(pair, "sell", "market", Decimal("0.1"), None)
            state.trading.add(account, None, market, state.clock)
        kinds = []
        for _ in range(3):
            message = await conn.until(lambda m: m.get("channel") == "executions")
            kinds.append((message["data"][0]["exec_type"], message["data"][0]["order_status"]))
        assert kinds == [("new", "new"), ("trade", "filled"), ("filled", "filled")]
        with state.lock:
            state.trading.cancel(account, None, resting.txid, state.clock)
        canceled = await conn.until(lambda m: m.get("channel") == "executions")
        assert canceled["data"][0]["exec_type"] == "canceled"
        assert canceled["data"][0]["order_status"] == "canceled"
