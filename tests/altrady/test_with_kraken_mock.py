"""Altrady's backend against the real Kraken mock, both served on loopback.

Both apps share one frozen clock. Altrady calls Kraken over real HTTP from its whitelist's
source addresses (127.0.0.11-13), so Kraken's IP allowlist, signatures, nonce windows and
rate limiters all act for real. Back-off waits are recorded, not slept.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from starlette.types import ASGIApp, Receive, Scope, Send

from fixtures.control import KeyPair, KrakenControl
from mocks.altrady.app import create_app
from mocks.altrady.kraken_client import Credentials, KrakenClient, KrakenError
from mocks.altrady.nonces import NonceSource
from mocks.altrady.settings import DEFAULT_EGRESS_ADDRESSES, AltradySettings
from mocks.clock import Clock
from mocks.kraken.app import create_app as create_kraken_app
from mocks.server import RunningServer, serve_in_thread
from mocks.tls import shared_tls_context

T0 = 1_795_000_000.0
EMAIL, PASSWORD = "ann@example.test", "correct horse battery"
BALANCES = {"ZUSD": "25000.0000", "XXBT": "1.2345000000", "XETH": "10.0000000000"}
GOOD_PERMISSIONS = (
    "funds_query",
    "trades_query_open",
    "trades_query_closed",
    "trades_modify",
    "trades_close",
    "ledger_query",
    "websocket",
)
WHITELIST = list(DEFAULT_EGRESS_ADDRESSES)


class Pace:
    """Wraps Kraken: each private call moves the shared clock by ``step`` seconds first, so
    a burst of n calls lasts n x ``step`` seconds on Kraken's limiters."""

    def __init__(self, app: ASGIApp, clock: Clock) -> None:
        self.app = app
        self.clock = clock
        self.step = 0.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/0/private/") and self.step:
            self.clock.advance(self.step)
        await self.app(scope, receive, send)


@dataclass
class Live:
    kraken_server: RunningServer
    altrady_server: RunningServer
    clock: Clock
    pace: Pace
    kraken: KrakenControl
    waits: list[float] = field(default_factory=list)

    def key(self, name: str, **settings: Any) -> KeyPair:
        settings.setdefault("ip_allowlist", WHITELIST)
        settings.setdefault("nonce_window", 5000)
        permissions = settings.pop("permissions", GOOD_PERMISSIONS)
        return self.kraken.create_key(EMAIL, name, permissions, **settings)


@pytest.fixture(scope="module")
def live_servers() -> Iterator[Live]:
    clock = Clock.frozen_at(T0)
    pace = Pace(create_kraken_app(clock=clock), clock)
    kraken_server = serve_in_thread(pace, name="kraken")
    waits: list[float] = []

    async def record_wait(seconds: float) -> None:
        waits.append(seconds)

    settings = AltradySettings(
        kraken_url=kraken_server.url, refresh_interval_s=30, refresh_tick_s=0.01
    )
    try:
        altrady_server = serve_in_thread(
            create_app(settings, clock=clock, sleeper=record_wait), name="altrady"
        )
    except BaseException:
        kraken_server.stop()
        raise
    with KrakenControl(kraken_server.url) as kraken:
        yield Live(kraken_server, altrady_server, clock, pace, kraken, waits)
    altrady_server.stop()
    kraken_server.stop()


@pytest.fixture
def live(live_servers: Live) -> Live:
    httpx.post(
        live_servers.altrady_server.url + "/_mock/reset", verify=shared_tls_context()
    ).raise_for_status()
    live_servers.kraken.reset()  # also sets the shared clock running again: freeze it
    live_servers.clock.freeze(at=T0)
    live_servers.pace.step = 0.0
    live_servers.waits.clear()
    live_servers.kraken.create_user(EMAIL, PASSWORD, balances=BALANCES)
    users = live_servers.altrady_server.url + "/_mock/users"
    httpx.post(
        users, json={"email": EMAIL, "password": PASSWORD}, verify=shared_tls_context()
    ).raise_for_status()
    return live_servers


@pytest.fixture
def altrady(live: Live) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=live.altrady_server.url, timeout=60, verify=shared_tls_context()
    ) as client:
        client.post("/api/session", json={"email": EMAIL, "password": PASSWORD}).raise_for_status()
        yield client


def _keys(*pairs: KeyPair) -> list[dict[str, str]]:
    return [{"api_key": pair.key, "private_key": pair.secret} for pair in pairs]


def _connect(altrady: httpx.Client, *pairs: KeyPair) -> httpx.Response:
    return altrady.post("/api/accounts", json={"exchange": "kraken", "keys": _keys(*pairs)})


def _balances(account: dict[str, Any]) -> dict[str, str]:
    return {row["asset"]: row["amount"] for row in account["balances"]}


def test_two_keys_made_as_the_guide_says_connect_and_show_krakens_balances(
    live: Live, altrady: httpx.Client
) -> None:
    answer = _connect(altrady, live.key("Altrady 1"), live.key("Altrady 2"))
    assert answer.status_code == 201, answer.text
    account = answer.json()["account"]
    assert [(k["name"], k["status"]) for k in account["keys"]] == [
        ("Altrady 1", "ok"),
        ("Altrady 2", "ok"),
    ]
    assert _balances(account) == BALANCES
    assert answer.json()["warnings"] == []
    journal = live.kraken.requests()
    assert {entry["endpoint"] for entry in journal} == {"GetApiKeyInfo", "Balance"}
    assert all(entry["outcome"] == "ok" for entry in journal)
    sources = {entry["source_ip"] for entry in journal}
    assert sources <= set(WHITELIST)
    assert len(sources) >= 2  # the calls really leave from several whitelist addresses


def test_a_key_without_altradys_whitelist_is_refused_by_kraken_itself(
    live: Live, altrady: httpx.Client
) -> None:
    answer = _connect(altrady, live.key("Office only", ip_allowlist=["10.1.2.3"]))
    assert answer.status_code == 422
    (key_error,) = answer.json()["key_errors"]
    assert key_error["message"].startswith("Kraken refused Altrady's address")
    assert [entry["error"] for entry in live.kraken.requests()] == ["EGeneral:Permission denied"]
    assert altrady.get("/api/accounts").json() == {"accounts": []}


def test_a_key_open_to_every_address_is_refused(live: Live, altrady: httpx.Client) -> None:
    answer = _connect(altrady, live.key("Anywhere", ip_allowlist=[]))
    assert answer.status_code == 422
    assert "no IP address restriction" in answer.json()["key_errors"][0]["message"]


def test_a_key_without_query_funds_is_refused(live: Live, altrady: httpx.Client) -> None:
    permissions = [p for p in GOOD_PERMISSIONS if p != "funds_query"]
    answer = _connect(altrady, live.key("Blind", permissions=permissions))
    assert answer.status_code == 422
    message = answer.json()["key_errors"][0]["message"]
    assert "lacks permissions Altrady needs: Query Funds." in message


def test_a_wrong_private_key_and_an_expired_key_are_refused(
    live: Live, altrady: httpx.Client
) -> None:
    one, other = live.key("One"), live.key("Other")
    wrong = altrady.post(
        "/api/accounts",
        json={"exchange": "kraken", "keys": [{"api_key": one.key, "private_key": other.secret}]},
    )
    assert wrong.json()["key_errors"][0]["message"].startswith(
        "The private key does not belong to this API key"
    )
    short_lived = live.key("Short", valid_until=int(T0) + 60)
    live.clock.advance(61)
    expired = _connect(altrady, short_lived)
    assert "expired" in expired.json()["key_errors"][0]["message"]


def test_balances_follow_kraken_after_resync_and_refresh(live: Live, altrady: httpx.Client) -> None:
    account = _connect(altrady, live.key("Altrady 1"), live.key("Altrady 2")).json()["account"]
    live.kraken.set_balances(EMAIL, {"ZUSD": "24000.5000", "XXBT": "1.3000000000"})
    resynced = altrady.post(f"/api/accounts/{account['id']}/resync")
    assert resynced.status_code == 200
    assert _balances(resynced.json()["account"]) == {"ZUSD": "24000.5000", "XXBT": "1.3000000000"}

    live.kraken.set_balances(EMAIL, {"ZUSD": "1.0000"})
    httpx.post(
        live.altrady_server.url + "/_mock/refresh", verify=shared_tls_context()
    ).raise_for_status()
    refreshed = altrady.get(f"/api/accounts/{account['id']}").json()["account"]
    assert _balances(refreshed) == {"ZUSD": "1.0000"}

    # And by itself, once the refresh interval has passed on the shared clock.
    live.kraken.set_balances(EMAIL, {"ZUSD": "2.0000"})
    live.clock.advance(30)
    assert _eventually_balances(altrady, account["id"], {"ZUSD": "2.0000"})


def _eventually_balances(altrady: httpx.Client, account_id: str, expected: dict[str, str]) -> bool:
    """Ask until the account shows ``expected`` (each answer is a real round trip)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if _balances(altrady.get(f"/api/accounts/{account_id}").json()["account"]) == expected:
            return True
    return False


def test_resync_with_kraken_refusing_keeps_the_balances(live: Live, altrady: httpx.Client) -> None:
    account = _connect(altrady, live.key("Altrady 1")).json()["account"]
    live.kraken.add_fault("Balance", "error", error="EService:Unavailable", times=5)
    failed = altrady.post(f"/api/accounts/{account['id']}/resync")
    assert failed.status_code == 502
    assert failed.json()["error"].startswith("Kraken did not answer")
    kept = altrady.get(f"/api/accounts/{account['id']}").json()["account"]
    assert _balances(kept) == BALANCES


def test_extra_keys_split_the_rest_counter_not_the_trading_counter(
    live: Live, altrady: httpx.Client
) -> None:
    """On Kraken's model a second and third key split the status checks' REST counter, but
    share the account's one trading counter for XBTUSD: the same cancels are refused."""
    single = _connect(altrady, live.key("Solo")).json()["account"]
    trio = altrady.post(
        "/api/accounts",
        json={
            "exchange": "kraken",
            "name": "Spread",
            "keys": _keys(live.key("Altrady 1"), live.key("Altrady 2"), live.key("Altrady 3")),
        },
    ).json()["account"]
    live.kraken.clear_requests()

    one = altrady.post(f"/api/accounts/{single['id']}/grid-bot", json={"pair": "XBTUSD"}).json()
    assert not one["ok"], one
    assert one["rest_limit_errors"] > 0, one  # 38 status checks on one key's counter
    assert (one["orders_placed"], one["orders_cancelled"]) == (30, 11)  # 30 + 11 x 8 = 118
    assert live.waits  # the pool backed off before giving up

    live.clock.advance(600)  # let Kraken's counters empty between the two bursts
    live.kraken.clear_requests()
    three = altrady.post(f"/api/accounts/{trio['id']}/grid-bot", json={"pair": "XBTUSD"}).json()
    assert three["rest_limit_errors"] == 0, three
    assert (three["orders_placed"], three["orders_cancelled"]) == (30, 11)
    assert three["trade_limit_errors"] == one["trade_limit_errors"]  # no key is tried twice
    assert three["keys_used"] == 3
    assert "one per account, shared by every key" in three["message"]
    journal = live.kraken.requests()
    errors = Counter(entry["error"] for entry in journal if entry["error"])
    assert errors == {"EOrder:Rate limit exceeded": three["trade_limit_errors"]}
    per_key = Counter(entry["key_name"] for entry in journal if entry["endpoint"] == "AddOrder")
    assert per_key == {"Altrady 1": 10, "Altrady 2": 10, "Altrady 3": 10}


def test_concurrent_calls_need_the_nonce_window(live: Live) -> None:
    """Nonces are numbered in order but not sent in order: Kraken sees them out of order."""
    strict, tolerant = live.key("Window 0", nonce_window=0), live.key("Window 5000")

    nonces = NonceSource(live.clock)

    async def burst(pair: KeyPair, *, overtaken: bool) -> list[str]:
        client = KrakenClient(live.kraken_server.url, WHITELIST, nonces)
        credentials = Credentials(pair.key, pair.secret)
        calls = [client.prepare(credentials, "Balance") for _ in range(8)]
        outcomes: list[object] = []
        try:
            if overtaken:  # the last-numbered call gets there first, as a busy moment can make it
                last = calls.pop()
                outcomes.append(await client.send(last))
            outcomes += await asyncio.gather(
                *(client.send(call) for call in calls), return_exceptions=True
            )
        finally:
            await client.aclose()
        return [outcome.code if isinstance(outcome, KrakenError) else "ok" for outcome in outcomes]

    assert asyncio.run(burst(strict, overtaken=True)) == ["ok"] + ["EAPI:Invalid nonce"] * 7
    assert asyncio.run(burst(tolerant, overtaken=True)) == ["ok"] * 8
    assert asyncio.run(burst(tolerant, overtaken=False)) == ["ok"] * 8
