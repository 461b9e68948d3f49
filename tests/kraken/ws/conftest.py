"""A Kraken mock with its two WebSocket endpoints, served once per session, emptied and
frozen at ``T0`` before each test. Heartbeats are manual in ``ws_mock``: a test calls
``beat()``. ``ws_live`` is Kraken as real clients meet it: a running clock and a heartbeat
about once a second, which clients such as python-kraken-sdk wait on to notice they are
asked to close (without it, 10 s of ``recv`` timeout per connection)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from mocks.clock import Clock
from mocks.kraken.harness import KrakenHarness
from mocks.kraken.ws.app import WsApps, create_ws_apps
from mocks.kraken_facts.websocket import HEARTBEAT_INTERVAL_S
from mocks.server import RunningServer, serve_in_thread
from tests.kraken.conftest import T0

GUIDE_PERMISSIONS = (
    "funds_query",
    "trades_query_open",
    "trades_query_closed",
    "trades_modify",
    "trades_close",
    "ledger_query",
    "websocket",
)


@dataclass
class WsMock:
    harness: KrakenHarness
    apps: WsApps
    public: RunningServer
    auth: RunningServer

    @property
    def public_url(self) -> str:
        return f"ws://127.0.0.1:{self.public.port}/v2"

    @property
    def auth_url(self) -> str:
        return f"ws://127.0.0.1:{self.auth.port}/v2"

    def token(self, email: str, permissions: tuple[str, ...] = GUIDE_PERMISSIONS) -> str:
        key = self.harness.key(email, f"k{len(self.harness.state.keys) + 1}", permissions)
        answer = self.harness.client(key).private("GetWebSocketsToken")
        token: str = answer["result"]["token"]
        return token


@contextlib.contextmanager
def _served(heartbeat_interval_s: float | None) -> Iterator[WsMock]:
    with KrakenHarness.start(clock=Clock()) as harness:
        apps = create_ws_apps(harness.app, heartbeat_interval_s=heartbeat_interval_s)
        public = serve_in_thread(apps.public, name="kraken-ws")
        auth = serve_in_thread(apps.auth, name="kraken-ws-auth")
        try:
            yield WsMock(harness, apps, public, auth)
        finally:
            auth.stop()
            public.stop()


def _emptied(served: WsMock) -> WsMock:
    served.apps.hub.reset()
    served.harness.reset(frozen_at=T0)
    return served


@pytest.fixture(scope="session")
def ws_served() -> Iterator[WsMock]:
    with _served(heartbeat_interval_s=None) as served:
        yield served


@pytest.fixture
def ws_mock(ws_served: WsMock) -> WsMock:
    return _emptied(ws_served)


@pytest.fixture(scope="session")
def ws_live_served() -> Iterator[WsMock]:
    with _served(heartbeat_interval_s=HEARTBEAT_INTERVAL_S) as served:
        yield served


@pytest.fixture
def ws_live(ws_live_served: WsMock) -> WsMock:
    live = _emptied(ws_live_served)
    live.harness.clock.resume()  # real clients check a token's age against their own clock
    return live


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
