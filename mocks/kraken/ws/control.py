"""The WebSocket part of Kraken's control API, served by the Kraken mock's HTTP app.

- ``GET /_mock/ws`` the connections open on each endpoint and the faults in force;
- ``POST /_mock/ws/drop`` closes every connection now (with a close frame);
- ``PUT /_mock/ws/faults`` ``{"refuse_subscriptions": "EService:Unavailable" | null,
  "delay_s": 0.5}`` sets the faults, ``DELETE`` clears them;
- ``GET /_mock/ws/journal`` the requests clients sent (never a token);
- ``POST /_mock/ws/heartbeat`` one heartbeat round now;
- ``POST /_mock/ws/wait`` ``{"endpoint": "auth", "connections": 0}`` or ``{"error":
  "EService:Unavailable"}`` (with ``"timeout_s"``, at most 30) answers once the endpoint has
  that many connections, or the journal an answer with that error: ``{"met": true}``, or
  ``{"met": false}`` when the time ran out. Tools wait on it instead of polling.
- ``POST /_mock/ws/reset`` forgets journal and faults and closes every connection.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from mocks.json_input import parse_json
from mocks.kraken.ws.hub import WsHub

__all__ = ["routes"]

KRAKEN_ERROR_PATTERN = r"^[EW][A-Za-z]+:\S.*$"


class WaitBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    endpoint: Literal["public", "auth"] = "auth"
    connections: Annotated[int, Field(ge=0)] | None = None
    error: str | None = None
    timeout_s: Annotated[float, Field(gt=0, le=30)] = 5.0


class FaultsBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refuse_subscriptions: Annotated[str, Field(pattern=KRAKEN_ERROR_PATTERN)] | None = None
    delay_s: Annotated[float, Field(ge=0, le=60)] = 0.0


def _hub(request: Request) -> WsHub:
    hub: WsHub = request.app.state.ws
    return hub


def _overview(hub: WsHub) -> dict[str, Any]:
    return {
        "connections": {
            "public": hub.connection_count("public"),
            "auth": hub.connection_count("auth"),
        },
        "faults": hub.faults.as_json(),
    }


async def overview(request: Request) -> JSONResponse:
    return JSONResponse(_overview(_hub(request)))


async def drop(request: Request) -> JSONResponse:
    return JSONResponse({"dropped": _hub(request).drop_all()})


async def _body(request: Request) -> object:
    """The JSON document sent; ``ValueError`` (``NotJSONError``) for one that is not JSON."""
    return parse_json(await request.body())


def _refusal(exc: ValueError) -> JSONResponse:
    message = "; ".join(
        f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
        for err in (exc.errors() if isinstance(exc, ValidationError) else [])
    )
    if not message and not isinstance(exc, ValidationError | json.JSONDecodeError):
        message = str(exc)  # our own words, never a value sent
    return JSONResponse({"error": message or "the body must be a JSON object"}, status_code=422)


async def faults(request: Request) -> JSONResponse:
    hub = _hub(request)
    if request.method == "DELETE":
        hub.set_faults(refuse_subscriptions=None, delay_s=0.0)
        return JSONResponse(_overview(hub))
    try:
        body = FaultsBody.model_validate(await _body(request))
    except (ValueError, ValidationError) as exc:
        return _refusal(exc)
    hub.set_faults(refuse_subscriptions=body.refuse_subscriptions, delay_s=body.delay_s)
    return JSONResponse(_overview(hub))


async def wait(request: Request) -> JSONResponse:
    hub = _hub(request)
    try:
        body = WaitBody.model_validate(await _body(request))
    except (ValueError, ValidationError) as exc:
        return _refusal(exc)
    if (body.connections is None) == (body.error is None):
        return JSONResponse({"error": "give one of connections or error"}, status_code=422)
    if body.connections is not None:
        count = body.connections
        met = await run_in_threadpool(
            hub.wait_for_connections, body.endpoint, count, body.timeout_s
        )
    else:
        error = body.error
        met = await run_in_threadpool(
            hub.wait_for_entry, lambda entry: entry.error == error, body.timeout_s
        )
    return JSONResponse({"met": met})


async def journal(request: Request) -> JSONResponse:
    return JSONResponse({"entries": [entry.as_json() for entry in _hub(request).journal()]})


async def heartbeat(request: Request) -> JSONResponse:
    _hub(request).beat()
    return JSONResponse({"ok": True})


async def reset(request: Request) -> JSONResponse:
    _hub(request).reset()
    return JSONResponse({"ok": True})


routes: list[BaseRoute] = [
    Route("/_mock/ws", overview, methods=["GET"]),
    Route("/_mock/ws/drop", drop, methods=["POST"]),
    Route("/_mock/ws/faults", faults, methods=["PUT", "DELETE"]),
    Route("/_mock/ws/journal", journal, methods=["GET"]),
    Route("/_mock/ws/heartbeat", heartbeat, methods=["POST"]),
    Route("/_mock/ws/wait", wait, methods=["POST"]),
    Route("/_mock/ws/reset", reset, methods=["POST"]),
]
