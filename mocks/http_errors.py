"""Routing errors (no such path, a method the path does not take) in each API's own form.

Starlette answers them in plain text; a client of a JSON API should get JSON it can read,
``{"error": "..."}``, with the same status and headers (``Allow`` for a 405).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

__all__ = ["json_under"]

Handler = Callable[[Request, Exception], Awaitable[Response]]


def _message(request: Request, exc: HTTPException) -> str:
    where = f"{request.method} {request.url.path}"
    if exc.status_code == 404:
        return f"No such route: {where}."
    if exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow", "")
        return f"{where} is not allowed here; this path takes {allowed}."
    return f"{where}: {exc.detail}"


def json_under(*prefixes: str) -> Handler:
    """An ``HTTPException`` handler: JSON for paths under ``prefixes``, plain text elsewhere."""

    async def handle(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code in {204, 304}:
            return Response(status_code=exc.status_code, headers=exc.headers)
        if request.url.path.startswith(prefixes):
            return JSONResponse(
                {"error": _message(request, exc)},
                status_code=exc.status_code,
                headers=exc.headers,
            )
        return PlainTextResponse(exc.detail, status_code=exc.status_code, headers=exc.headers)

    return handle
