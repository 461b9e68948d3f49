"""A Kraken mock with its two WebSocket endpoints, served once per session, emptied and
frozen at ``T0`` before each test. Heartbeats are manual here: a test calls ``beat()``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from mocks.clock import Clock
from mocks.kraken.harness import KrakenHarness
from mocks.kraken.ws.app import WsApps, create_ws_apps
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


@pytest.fixture(scope="session")
def ws_served() -> Iterator[WsMock]:
    with KrakenHarness.start(clock=Clock()) as harness:
        apps = create_ws_apps(harness.app, heartbeat_interval_s=None)
        public = serve_in_thread(apps.public, name="kraken-ws")
        auth = serve_in_thread(apps.auth, name="kraken-ws-auth")
        try:
            yield WsMock(harness, apps, public, auth)
        finally:
            auth.stop()
            public.stop()


@pytest.fixture
def ws_mock(ws_served: WsMock) -> WsMock:
    ws_served.apps.hub.reset()
    ws_served.harness.reset(frozen_at=T0)
    return ws_served


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
