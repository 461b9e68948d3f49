"""The Altrady mock's control API (``/_mock/...``), for tests, scenarios and by-hand set-up."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from mocks.altrady.api import error_response, service_of
from mocks.altrady.bodies import BadBodyError, UserBody, read_body
from mocks.altrady.service import ServiceError

__all__ = ["routes"]


async def reset(request: Request) -> Response:
    service_of(request).reset()
    return JSONResponse({"status": "reset"})


async def create_user(request: Request) -> Response:
    try:
        body = await read_body(request, UserBody)
        user = service_of(request).register(body.email, body.password)
    except (BadBodyError, ServiceError) as exc:
        return error_response(exc)
    return JSONResponse({"id": user.id, "email": user.email}, status_code=201)


async def accounts(request: Request) -> Response:
    email = request.query_params.get("email", "").strip()
    if not email:
        return JSONResponse({"error": "Give the user's email: ?email=..."}, status_code=400)
    service = service_of(request)
    user = service.user(email)
    if user is None:
        return JSONResponse({"error": f"No Altrady user {email}."}, status_code=404)
    return JSONResponse(
        {"accounts": [service_of(request).view(account) for account in service.accounts(user)]}
    )


async def refresh(request: Request) -> Response:
    summary = await service_of(request).refresh_all()
    return JSONResponse({"refreshed": summary.refreshed, "failed": summary.failed})


routes: list[BaseRoute] = [
    Route("/_mock/reset", reset, methods=["POST"]),
    Route("/_mock/users", create_user, methods=["POST"]),
    Route("/_mock/accounts", accounts, methods=["GET"]),
    Route("/_mock/refresh", refresh, methods=["POST"]),
]
