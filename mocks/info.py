"""``GET /_mock/info``: who a mock is, which control API it speaks, where its parts are.

A harness pointed at servers already running (``--kraken-url``) asks this first, so a URL
that is not a keyflow mock, the wrong mock, or a mock of another version gets one clear
error before any browser starts. ``app.state.mock_urls`` lists the mock's other entry
points by name: a value starting with ``/`` is a path on the mock itself (names starting
with ``ws`` get a ``ws://`` scheme), anything else a URL as it is.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a harness reads the constants below; only a mock builds the route
    from starlette.requests import Request
    from starlette.routing import Route

__all__ = ["CONTROL_API_VERSION", "HARNESS", "INFO_PATH", "info_route", "mock_info"]

INFO_PATH = "/_mock/info"
HARNESS = "kraken-keyflow"
# Raise it when a control endpoint changes in a way an older harness would misread.
CONTROL_API_VERSION = 1


def _version() -> str:
    try:
        return importlib.metadata.version(HARNESS)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _resolve(name: str, value: str, base: str) -> str:
    if not value.startswith("/"):
        return value
    url = base + value
    if name.startswith("ws"):
        url = "ws" + url.removeprefix("http")  # http -> ws, https -> wss
    return url


def mock_info(mock: str, base_url: str, urls: Mapping[str, str]) -> dict[str, object]:
    base = base_url.rstrip("/")
    return {
        "harness": HARNESS,
        "mock": mock,
        "version": _version(),
        "control_api": CONTROL_API_VERSION,
        "urls": {"base": base, **{name: _resolve(name, v, base) for name, v in urls.items()}},
    }


def info_route(mock: str) -> Route:
    """The route for ``mock`` ("kraken", "altrady"); URLs from ``app.state.mock_urls``."""
    from starlette.responses import JSONResponse  # noqa: PLC0415
    from starlette.routing import Route  # noqa: PLC0415

    async def info(request: Request) -> JSONResponse:
        urls: Mapping[str, str] = getattr(request.app.state, "mock_urls", {})
        return JSONResponse(mock_info(mock, str(request.base_url), urls))

    return Route(INFO_PATH, info, methods=["GET"])
