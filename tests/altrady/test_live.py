"""Altrady's live updates against the real Kraken mock and its WebSocket: one connection
per account, balances written as Kraken pushes them, off (and why) without a key holding
the WebSocket interface, reconnection with a fresh snapshot, and the pages told by SSE."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest

from fixtures.control import AltradyControl, KrakenControl
from fixtures.servers import MockStack, start_mocks
from mocks.altrady.settings import DEFAULT_EGRESS_ADDRESSES

EMAIL = "live@example.test"
PASSWORD = "live-updates-password"
PERMISSIONS = [
    "funds_query",
    "trades_query_open",
    "trades_query_closed",
    "trades_modify",
    "trades_close",
    "ledger_query",
    "websocket",
]
Account = dict[str, Any]


@pytest.fixture(scope="module")
def stack() -> Iterator[MockStack]:
    with start_mocks(altrady_overrides={"refresh_interval_s": 0}) as mocks:
        yield mocks


@pytest.fixture
def controls(stack: MockStack) -> Iterator[tuple[KrakenControl, AltradyControl]]:
    with KrakenControl(stack.kraken_url) as kraken, AltradyControl(stack.altrady_url) as altrady:
        altrady.reset()
        kraken.reset()
        kraken.create_user(EMAIL, PASSWORD, balances={"ZUSD": Decimal("5000.0000")})
        altrady.create_user(EMAIL, PASSWORD)
        yield kraken, altrady


@pytest.fixture
def page(
    stack: MockStack, controls: tuple[KrakenControl, AltradyControl]
) -> Iterator[httpx.Client]:
    """A logged-in browser session's HTTP side."""
    with httpx.Client(base_url=stack.altrady_url, timeout=10) as client:
        client.post("/api/session", json={"email": EMAIL, "password": PASSWORD}).raise_for_status()
        yield client


def connect(kraken: KrakenControl, page: httpx.Client, permissions: list[str]) -> Account:
    pair = kraken.create_key(
        EMAIL, f"key{len(kraken.keys(EMAIL)) + 1}", permissions,
        ip_allowlist=DEFAULT_EGRESS_ADDRESSES, nonce_window=5000,
    )  # fmt: skip
    answer = page.post(
        "/api/accounts",
        json={"exchange": "kraken", "keys": [{"api_key": pair.key, "private_key": pair.secret}]},
    )
    assert answer.status_code == 201, answer.text
    account: Account = answer.json()["account"]
    return account


class Events:
    """The page's Server-Sent Events stream: wait for an account that ``want`` accepts."""

    def __init__(self, response: httpx.Response) -> None:
        self._lines = response.iter_lines()

    def until(self, want: Callable[[Account], bool]) -> Account:
        event = None
        for line in self._lines:
            if line.startswith("event: "):
                event = line.removeprefix("event: ")
            elif line.startswith("data: ") and event == "account":
                account: Account = json.loads(line.removeprefix("data: "))
                if want(account):
                    return account
        raise AssertionError("the event stream ended")


def amount(account: Account, asset: str) -> str | None:
    return next((b["amount"] for b in account["balances"] if b["asset"] == asset), None)


def test_balances_arrive_over_the_websocket_and_the_page_hears_of_them(
    page: httpx.Client, controls: tuple[KrakenControl, AltradyControl]
) -> None:
    kraken, _ = controls
    with page.stream("GET", "/api/events", timeout=httpx.Timeout(10, read=10)) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        events = Events(response)
        account = connect(kraken, page, PERMISSIONS)
        on = events.until(lambda a: a["live"]["state"] == "on")
        assert on["id"] == account["id"]
        kraken.set_balances(EMAIL, {"ZUSD": Decimal("5400.25")})
        updated = events.until(lambda a: amount(a, "ZUSD") == "5400.2500")
        assert updated["id"] == account["id"]
    assert kraken.ws_overview()["connections"]["auth"] == 1
    journal = kraken.ws_journal()
    assert {(e["channel"], e["outcome"]) for e in journal} == {
        ("balances", "ok"),
        ("executions", "ok"),
    }


def test_without_the_websocket_permission_live_updates_are_off_and_say_why(
    page: httpx.Client, controls: tuple[KrakenControl, AltradyControl]
) -> None:
    kraken, _ = controls
    with page.stream("GET", "/api/events", timeout=httpx.Timeout(10, read=10)) as response:
        events = Events(response)
        account = connect(kraken, page, [p for p in PERMISSIONS if p != "websocket"])
        assert any(
            "WebSocket interface" in w
            for w in page.get("/api/accounts").json()["accounts"][0]["keys"][0]["warnings"]
        )
        off = events.until(lambda a: a["live"]["state"] == "off")
    assert off["id"] == account["id"]
    assert "WebSocket interface" in off["live"]["message"]
    assert "Resync" in off["live"]["message"]
    assert kraken.ws_overview()["connections"]["auth"] == 0


def test_after_kraken_drops_it_altrady_reconnects_and_catches_up(
    page: httpx.Client, controls: tuple[KrakenControl, AltradyControl]
) -> None:
    kraken, _ = controls
    with page.stream("GET", "/api/events", timeout=httpx.Timeout(10, read=10)) as response:
        events = Events(response)
        connect(kraken, page, PERMISSIONS)
        events.until(lambda a: a["live"]["state"] == "on")
        kraken.ws_faults(refuse_subscriptions="EService:Unavailable")
        assert kraken.ws_drop() == 1
        events.until(lambda a: a["live"]["state"] == "reconnecting")
        kraken.set_balances(EMAIL, {"ZUSD": Decimal("4000")})  # while Altrady is away
        assert kraken.ws_wait_for_error("EService:Unavailable"), (
            "Altrady did not try again while Kraken refused"
        )
        kraken.ws_faults()
        back = events.until(lambda a: a["live"]["state"] == "on")
        assert amount(back, "ZUSD") == "4000.0000"
    assert kraken.ws_wait_for_connections("auth", 1)


def test_deleting_the_account_closes_its_connection(
    page: httpx.Client, controls: tuple[KrakenControl, AltradyControl]
) -> None:
    kraken, _ = controls
    with page.stream("GET", "/api/events", timeout=httpx.Timeout(10, read=10)) as response:
        events = Events(response)
        account = connect(kraken, page, PERMISSIONS)
        events.until(lambda a: a["live"]["state"] == "on")
    assert kraken.ws_wait_for_connections("auth", 1)
    assert page.delete(f"/api/accounts/{account['id']}").status_code == 204
    assert kraken.ws_wait_for_connections("auth", 0), "the deleted account's WebSocket lives on"
