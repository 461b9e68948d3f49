"""The Altrady mock's ASGI application: pages, JSON API and control API."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator, Sequence

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from mocks.altrady import api, control
from mocks.altrady.auth import SESSION_COOKIE
from mocks.altrady.balances import BalanceRefresher
from mocks.altrady.key_pool import DEFAULT_BACKOFF_S, Sleeper
from mocks.altrady.kraken_client import KrakenClient
from mocks.altrady.nonces import NonceSource
from mocks.altrady.service import AltradyService
from mocks.altrady.settings import AltradySettings
from mocks.altrady.store import Store
from mocks.altrady.web import routes as web
from mocks.clock import Clock
from mocks.http_errors import json_under
from mocks.info import info_route

__all__ = ["create_app"]

_log = logging.getLogger(__name__)


async def health(_: Request) -> JSONResponse:
    return JSONResponse({"status": "ok", "service": "altrady"})


async def _unexpected(request: Request, exc: Exception) -> Response:
    # The type only: a message or traceback could quote a request, and requests carry keys.
    _log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
    if request.url.path.startswith(("/api/", "/_mock/")):
        return JSONResponse(
            {"error": "Altrady failed unexpectedly; nothing was changed. Try again."},
            status_code=500,
        )
    return PlainTextResponse("Altrady failed unexpectedly.", status_code=500)


def create_app(
    settings: AltradySettings,
    *,
    clock: Clock | None = None,
    sleeper: Sleeper | None = None,
    backoff_s: Sequence[float] = DEFAULT_BACKOFF_S,
) -> Starlette:
    """The app, with its service on ``app.state.altrady``.

    ``sleeper`` is how the key pool waits when every key is rate limited (on the mocks'
    clock, :meth:`Clock.sleep`, unless a test injects one); ``backoff_s`` are those waits,
    in order.
    """
    clock = clock or Clock()
    store = Store(settings.database_path)
    client = KrakenClient(
        settings.kraken_url,
        settings.egress_addresses,
        NonceSource(clock),
        timeout_s=settings.kraken_timeout_s,
    )
    service = AltradyService(
        settings,
        clock,
        store,
        client,
        sleeper=sleeper or clock.sleep,
        backoff_s=backoff_s,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        refresher: BalanceRefresher | None = None
        task: asyncio.Task[None] | None = None
        if settings.refresh_interval_s > 0:
            refresher = BalanceRefresher(
                clock,
                service.refresh_due,
                tick_s=min(settings.refresh_interval_s, settings.refresh_tick_s),
            )
            task = asyncio.create_task(refresher.run(), name="altrady-balance-refresh")
        app.state.balance_refresher = refresher
        service.start_live_updates()
        try:
            yield
        finally:
            if refresher is not None and task is not None:
                refresher.stop()
                await task
            await service.aclose()

    app = Starlette(
        routes=[
            Route("/_mock/health", health),
            info_route("altrady"),
            *control.routes,
            *api.routes,
            *web.routes,
        ],
        middleware=[
            Middleware(
                SessionMiddleware,
                secret_key=secrets.token_urlsafe(32),
                session_cookie=SESSION_COOKIE,
                same_site="lax",
            )
        ],
        exception_handlers={
            HTTPException: json_under("/api/", "/_mock/"),
            Exception: _unexpected,
        },
        lifespan=lifespan,
    )
    app.state.clock = clock
    app.state.settings = settings
    app.state.altrady = service
    # /_mock/info says which Kraken this Altrady calls.
    app.state.mock_urls = {"kraken_api": settings.kraken_url}
    app.state.balance_refresher = None
    return app
