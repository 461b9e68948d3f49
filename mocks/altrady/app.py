"""The Altrady mock's ASGI application: pages, JSON API and control API."""

from __future__ import annotations

import secrets

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from mocks.altrady import api, control
from mocks.altrady.auth import SESSION_COOKIE
from mocks.altrady.settings import AltradySettings
from mocks.altrady.web import routes as web
from mocks.clock import Clock

__all__ = ["create_app"]


async def health(_: Request) -> JSONResponse:
    return JSONResponse({"status": "ok", "service": "altrady"})


def create_app(settings: AltradySettings, *, clock: Clock | None = None) -> Starlette:
    app = Starlette(
        routes=[
            Route("/_mock/health", health),
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
    )
    app.state.clock = clock or Clock()
    app.state.settings = settings
    return app
