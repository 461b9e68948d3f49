"""The Altrady pages' routes, mounted by :func:`mocks.altrady.app.create_app`."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from mocks.altrady.web.pages import LOGGED_IN_PAGES, home, login_page, logout, page_handler

__all__ = ["STATIC_DIR", "STATIC_PREFIX", "routes"]

STATIC_DIR = Path(__file__).parent / "static"
STATIC_PREFIX = "/static"

routes: list[BaseRoute] = [
    Route("/", home, methods=["GET"]),
    Route("/login", login_page, methods=["GET"]),
    Route("/logout", logout, methods=["POST"]),
    *(Route(spec.path, page_handler(spec), methods=["GET"]) for spec in LOGGED_IN_PAGES),
    Mount(STATIC_PREFIX, app=StaticFiles(directory=STATIC_DIR), name="static"),
]
