"""The two WebSocket apps, Kraken's two hosts: public data, and authenticated.

``create_ws_apps(kraken_app)`` builds both over the Kraken app's state and clock, puts the
shared :class:`~mocks.kraken.ws.hub.WsHub` on ``kraken_app.state.ws`` and adds the
WebSocket control routes (``/_mock/ws/...``) to the Kraken app. Each app serves
``/v2`` (clients append it themselves) and ``/_mock/health``. A client's text frame that
is not UTF-8 is logged as one warning line, not a traceback (:mod:`.log_filter`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

from mocks.kraken.ws import control, log_filter, methods
from mocks.kraken.ws.hub import Endpoint, WsHub
from mocks.kraken.ws.session import Session
from mocks.kraken_facts.websocket import HEARTBEAT_INTERVAL_S, WS_PATH

__all__ = ["WS_PATH", "WsApps", "create_ws_apps"]


@dataclass(frozen=True)
class WsApps:
    public: Starlette
    auth: Starlette
    hub: WsHub


def _app(hub: WsHub, endpoint: Endpoint) -> Starlette:
    async def health(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "service": f"kraken-ws-{endpoint}"})

    async def serve(websocket: WebSocket) -> None:
        await Session(websocket, hub, endpoint).run()

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()
        task = asyncio.create_task(hub.run_heartbeats(stop, endpoint), name=f"ws-{endpoint}-beat")
        try:
            yield
        finally:
            stop.set()
            await task

    return Starlette(
        routes=[Route("/_mock/health", health), WebSocketRoute(WS_PATH, serve)],
        lifespan=lifespan,
    )


def create_ws_apps(
    kraken_app: Starlette, *, heartbeat_interval_s: float | None = HEARTBEAT_INTERVAL_S
) -> WsApps:
    hub = WsHub(
        kraken_app.state.kraken,
        kraken_app.state.clock,
        heartbeat_interval_s=heartbeat_interval_s,
    )
    methods.install(hub)
    log_filter.install()
    kraken_app.state.ws = hub
    kraken_app.router.routes[0:0] = control.routes
    return WsApps(public=_app(hub, "public"), auth=_app(hub, "auth"), hub=hub)
