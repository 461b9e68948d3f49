"""The Kraken mock's ASGI application: REST API, key pages and control API."""

from __future__ import annotations

import secrets

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from mocks.clock import Clock
from mocks.http_errors import json_under
from mocks.info import info_route
from mocks.kraken import control, rest
from mocks.kraken.rest import funding_control
from mocks.kraken.settings import KrakenSettings
from mocks.kraken.state import KrakenState
from mocks.kraken.web import routes as web

__all__ = ["SESSION_COOKIE", "create_app"]

SESSION_COOKIE = "kraken_session"  # both mocks share a host, so cookie names must differ


async def health(_: Request) -> JSONResponse:
    return JSONResponse({"status": "ok", "service": "kraken"})


def create_app(*, clock: Clock | None = None, settings: KrakenSettings | None = None) -> Starlette:
    clock = clock or Clock()
    app = Starlette(
        routes=[
            Route("/_mock/health", health),
            info_route("kraken"),
            *control.routes,
            *funding_control.routes,
            *rest.routes,
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
        exception_handlers={HTTPException: json_under("/_mock/")},
    )
    app.state.clock = clock
    app.state.settings = settings or KrakenSettings()
    app.state.kraken = KrakenState(clock)
    # Other entry points for /_mock/info, by name (the WebSocket URLs, for example).
    app.state.mock_urls = {}
    return app
