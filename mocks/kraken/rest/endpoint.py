"""The ASGI endpoint behind ``/0/public/<Method>`` and ``/0/private/<Method>``.

Every answer is HTTP 200 with Kraken's envelope, whatever went wrong: ``{"error": [],
"result": ...}`` or ``{"error": ["<Kraken's message>"]}``. Before anything else, an
unknown method answers ``EGeneral:Unknown method`` and a private method called with
anything but POST answers ``EAPI:Bad request`` (the mock's choice: Kraken does not document
it). Then injected faults fire, then the checks of :mod:`mocks.kraken.auth`, then the
method. Each call lands in the request journal, without secrets or signatures.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from mocks.clock import Clock
from mocks.kraken.auth import CallTrace, PrivateRequest, authorize, source_address
from mocks.kraken.faults import drop_connection
from mocks.kraken.journal import JournalEntry
from mocks.kraken.params import parse_body, parse_query
from mocks.kraken.rest.context import PrivateCall
from mocks.kraken.rest.private import PRIVATE_METHODS
from mocks.kraken.rest.public import PUBLIC_METHODS, PublicCall
from mocks.kraken.settings import KrakenSettings
from mocks.kraken.state import KrakenState
from mocks.kraken_facts.errors import BAD_REQUEST, INVALID_ARGUMENTS, UNKNOWN_METHOD, KrakenError

__all__ = ["INTERNAL_ERROR", "RestEndpoint", "read_body"]

INTERNAL_ERROR = "EGeneral:Internal error"
DROPPED = "connection dropped (injected fault)"

logger = logging.getLogger(__name__)


async def read_body(receive: Receive, limit: int, content_length: str | None) -> bytes | None:
    """The whole request body, or None as soon as it is known to exceed ``limit`` bytes."""
    declared = (content_length or "").strip()
    if declared.isdigit() and int(declared) > limit:
        return None
    body = bytearray()
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        body += message.get("body", b"")
        if len(body) > limit:
            return None
        if not message.get("more_body", False):
            break
    return bytes(body)


def _envelope(result: dict[str, Any] | None, error: str | None) -> bytes:
    payload: dict[str, Any] = {"error": [error]} if error else {"error": [], "result": result}
    return json.dumps(payload, separators=(",", ":")).encode()


@dataclass
class _Call:
    """One REST call as it passes through the endpoint."""

    scope: Scope
    state: KrakenState
    settings: KrakenSettings
    clock: Clock
    headers: Headers
    name: str
    source_ip: str
    trace: CallTrace = field(default_factory=CallTrace)

    @classmethod
    def of(cls, scope: Scope) -> _Call:
        app_state = scope["app"].state
        settings: KrakenSettings = app_state.settings
        headers = Headers(scope=scope)
        client = scope.get("client")
        return cls(
            scope=scope,
            state=app_state.kraken,
            settings=settings,
            clock=app_state.clock,
            headers=headers,
            name=str(scope.get("path_params", {}).get("method", "")),
            source_ip=source_address(
                client[0] if client else "", headers.get("x-forwarded-for"), settings
            ),
        )

    @property
    def http_method(self) -> str:
        return str(self.scope["method"])

    def journal(self, error: str | None) -> None:
        self.state.journal.record(
            JournalEntry(
                time=self.clock.now(),
                method=self.http_method,
                path=self.scope["path"],
                endpoint=self.name,
                key_name=self.trace.key_name,
                source_ip=self.source_ip,
                nonce=self.trace.nonce,
                outcome="error" if error else "ok",
                error=error,
            )
        )


class RestEndpoint:
    """One ASGI app for either the public or the private half of the REST API."""

    def __init__(self, *, private: bool) -> None:
        self.private = private

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        call = _Call.of(scope)
        result: dict[str, Any] | None = None
        error: str | None = None
        try:
            self._check_route(call)
            fault = call.state.faults.take(call.name)
            if fault is not None and fault.action == "error":
                raise KrakenError(fault.error)
            if fault is not None and fault.action == "drop":
                call.journal(DROPPED)
                drop_connection()
                return
            if fault is not None:
                await call.state.faults.hold(fault.delay_s)
            body = await read_body(
                receive, call.settings.max_body_bytes, call.headers.get("content-length")
            )
            result = self._private(call, body) if self.private else self._public(call, body)
        except KrakenError as exc:
            error = exc.message
        except Exception:
            # Never a 500 or a traceback to the client; the log names no secret.
            logger.exception("Kraken mock: %s %s failed", call.http_method, scope["path"])
            error = INTERNAL_ERROR

        call.journal(error)
        response = Response(_envelope(result, error), media_type="application/json")
        await response(scope, receive, send)

    def _check_route(self, call: _Call) -> None:
        known = PRIVATE_METHODS if self.private else PUBLIC_METHODS
        if call.name not in known:
            raise KrakenError(UNKNOWN_METHOD)
        allowed = {"POST"} if self.private else {"GET", "POST", "HEAD"}
        if call.http_method not in allowed:
            raise KrakenError(BAD_REQUEST)

    @staticmethod
    def _public(call: _Call, body: bytes | None) -> dict[str, Any]:
        if body is None:
            raise KrakenError(INVALID_ARGUMENTS)
        params = parse_query(call.scope.get("query_string", b""))
        if call.http_method == "POST":
            params.update(parse_body(call.headers.get("content-type", ""), body))
        with call.state.lock:  # the market changes under the lock (moves, fills)
            public = PublicCall(params=params, now=call.clock.now(), market=call.state.market)
            return PUBLIC_METHODS[call.name](public)

    @staticmethod
    def _private(call: _Call, body: bytes | None) -> dict[str, Any]:
        scope = call.scope
        urlpath = scope.get("raw_path") or scope["path"].encode()
        query = scope.get("query_string", b"")
        if query:
            urlpath += b"?" + query
        request = PrivateRequest(
            method=call.name,
            urlpath=urlpath,
            body=body,
            content_type=call.headers.get("content-type", ""),
            api_key=call.headers.get("api-key"),
            api_sign=call.headers.get("api-sign"),
            source_ip=call.source_ip,
        )
        state = call.state
        with state.lock:
            now = call.clock.now()
            authorized = authorize(state, call.settings, request, now, call.trace)
            state.trading.tick(now)  # GTD expiry and dead man's switches fall due lazily
            private_call = PrivateCall(
                key=authorized.key,
                account=authorized.account,
                params=authorized.params,
                settings=call.settings,
                now=now,
                clock=call.clock,
                trading=state.trading,
            )
            return PRIVATE_METHODS[call.name](private_call)
