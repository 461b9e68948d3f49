"""Altrady's JSON API, the contract the pages are built against (``/api/...``)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import asdict
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from mocks.altrady import auth
from mocks.altrady.bodies import (
    AddKeysBody,
    BadBodyError,
    ConnectBody,
    GridBotBody,
    KeyBody,
    SessionBody,
    read_body,
)
from mocks.altrady.exchanges import EXCHANGES
from mocks.altrady.service import AltradyService, KeyInput, ServiceError
from mocks.altrady.store import User

__all__ = ["error_response", "routes", "service_of"]

LOG_IN_FIRST = "Log in first."

UserHandler = Callable[[Request, User], Awaitable[Response]]


def service_of(request: Request) -> AltradyService:
    service: AltradyService = request.app.state.altrady
    return service


def error_response(exc: ServiceError | BadBodyError) -> JSONResponse:
    body: dict[str, Any] = {"error": exc.message}
    if isinstance(exc, ServiceError) and exc.key_errors:
        body["key_errors"] = [asdict(problem) for problem in exc.key_errors]
    return JSONResponse(body, status_code=exc.status)


def _logged_in(handler: UserHandler) -> Callable[[Request], Awaitable[Response]]:
    """Run ``handler`` with the session's user; 401 when nobody (or a stale user) is in."""

    async def endpoint(request: Request) -> Response:
        email = auth.current_user(request)
        user = service_of(request).user(email) if email else None
        if user is None:
            return JSONResponse({"error": LOG_IN_FIRST}, status_code=401)
        try:
            return await handler(request, user)
        except (ServiceError, BadBodyError) as exc:
            return error_response(exc)

    return endpoint


def _key_inputs(keys: list[KeyBody]) -> list[KeyInput]:
    return [KeyInput(key.api_key, key.private_key) for key in keys]


async def log_in(request: Request) -> Response:
    try:
        body = await read_body(request, SessionBody)
    except BadBodyError as exc:
        return error_response(exc)
    user = service_of(request).authenticate(body.email, body.password)
    if user is None:
        return JSONResponse({"error": "Incorrect email or password."}, status_code=401)
    auth.log_in(request, user.email)
    return JSONResponse({"email": user.email})


async def log_out(request: Request) -> Response:
    auth.log_out(request)
    return Response(status_code=204)


async def _exchanges(request: Request, user: User) -> Response:
    return JSONResponse(
        {
            "exchanges": [
                {"id": exchange.id, "name": exchange.name, "supported": exchange.supported}
                for exchange in EXCHANGES
            ]
        }
    )


async def _whitelist(request: Request, user: User) -> Response:
    if request.path_params["exchange"] != "kraken":
        raise ServiceError(404, "Altrady has an IP whitelist for Kraken only in this mock.")
    addresses = list(service_of(request).settings.egress_addresses)
    return JSONResponse({"addresses": addresses, "text": ",".join(addresses)})


async def _list_accounts(request: Request, user: User) -> Response:
    accounts = service_of(request).accounts(user)
    return JSONResponse({"accounts": [service_of(request).view(account) for account in accounts]})


async def _connect(request: Request, user: User) -> Response:
    body = await read_body(request, ConnectBody)
    account, warnings = await service_of(request).connect(
        user, exchange=body.exchange, name=body.name, keys=_key_inputs(body.keys)
    )
    return JSONResponse(
        {"account": service_of(request).view(account), "warnings": warnings}, status_code=201
    )


async def _get_account(request: Request, user: User) -> Response:
    account = service_of(request).account(user, request.path_params["account_id"])
    return JSONResponse({"account": service_of(request).view(account)})


async def _delete_account(request: Request, user: User) -> Response:
    service_of(request).delete_account(user, request.path_params["account_id"])
    return Response(status_code=204)


async def _add_keys(request: Request, user: User) -> Response:
    service = service_of(request)
    account_id = request.path_params["account_id"]
    service.account(user, account_id)  # 404 before a body error for someone else's account
    body = await read_body(request, AddKeysBody)
    account, warnings = await service.add_keys(user, account_id, _key_inputs(body.keys))
    return JSONResponse({"account": service_of(request).view(account), "warnings": warnings})


async def _remove_key(request: Request, user: User) -> Response:
    account = service_of(request).remove_key(
        user, request.path_params["account_id"], request.path_params["key_id"]
    )
    return JSONResponse({"account": service_of(request).view(account)})


async def _resync(request: Request, user: User) -> Response:
    account = await service_of(request).resync(user, request.path_params["account_id"])
    return JSONResponse({"account": service_of(request).view(account)})


async def _grid_bot(request: Request, user: User) -> Response:
    service = service_of(request)
    account_id = request.path_params["account_id"]
    service.account(user, account_id)
    body = await read_body(request, GridBotBody)
    report = await service.grid_bot(user, account_id, pair=body.pair, orders=body.orders)
    return JSONResponse(asdict(report))


async def _events(request: Request, user: User) -> Response:
    """Server-Sent Events: ``account`` with the account as ``GET`` shows it, at each change."""
    service = service_of(request)

    async def stream() -> AsyncIterator[str]:
        with service.feed.listen() as changes:
            yield "retry: 1000\n: listening\n\n"
            while True:
                account_id = await changes.get()
                account = service.store.account(account_id)
                if account is None or account.user_id != user.id:
                    continue
                yield f"event: account\ndata: {json.dumps(service.view(account))}\n\n"

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


routes: list[BaseRoute] = [
    Route("/api/events", _logged_in(_events), methods=["GET"]),
    Route("/api/session", log_in, methods=["POST"]),
    Route("/api/session", log_out, methods=["DELETE"]),
    Route("/api/exchanges", _logged_in(_exchanges), methods=["GET"]),
    Route("/api/exchanges/{exchange}/whitelist", _logged_in(_whitelist), methods=["GET"]),
    Route("/api/accounts", _logged_in(_list_accounts), methods=["GET"]),
    Route("/api/accounts", _logged_in(_connect), methods=["POST"]),
    Route("/api/accounts/{account_id}", _logged_in(_get_account), methods=["GET"]),
    Route("/api/accounts/{account_id}", _logged_in(_delete_account), methods=["DELETE"]),
    Route("/api/accounts/{account_id}/keys", _logged_in(_add_keys), methods=["POST"]),
    Route("/api/accounts/{account_id}/keys/{key_id}", _logged_in(_remove_key), methods=["DELETE"]),
    Route("/api/accounts/{account_id}/resync", _logged_in(_resync), methods=["POST"]),
    Route("/api/accounts/{account_id}/grid-bot", _logged_in(_grid_bot), methods=["POST"]),
]


async def _no_such_route(request: Request) -> Response:
    return JSONResponse(
        {"error": f"No such API route: {request.method} {request.url.path}."}, status_code=404
    )


# Last, so every other /api/ route matches first: unknown routes answer JSON, not text.
routes.append(
    Route("/api/{rest:path}", _no_such_route, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
)
