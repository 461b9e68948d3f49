from __future__ import annotations

import socket

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from mocks import server as server_module
from mocks.server import ServerStartError, serve_in_thread, serving


async def health(_: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def peer(request: Request) -> JSONResponse:
    return JSONResponse({"client": request.client.host if request.client else None})


def app() -> Starlette:
    return Starlette(routes=[Route("/_mock/health", health), Route("/peer", peer)])


def test_serves_on_an_ephemeral_port_and_stops_cleanly() -> None:
    server = serve_in_thread(app(), name="t")
    try:
        assert server.port > 0
        assert server.url == f"http://127.0.0.1:{server.port}"
        assert httpx.get(server.url + "/_mock/health").json() == {"status": "ok"}
    finally:
        server.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(server.url + "/_mock/health")
    with socket.socket() as again:  # the port is free again
        again.bind(("127.0.0.1", server.port))


def test_ipv6_urls_are_bracketed() -> None:
    with serving(app(), name="t6", host="::1") as server:
        assert server.url == f"http://[::1]:{server.port}"
        assert httpx.get(server.url + "/_mock/health").status_code == 200


def test_a_taken_port_is_a_clear_error() -> None:
    with (
        serving(app(), name="first") as first,
        pytest.raises(ServerStartError, match="cannot bind"),
    ):
        serve_in_thread(app(), name="second", port=first.port)


def test_an_app_that_never_answers_ready_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server_module, "READY_TIMEOUT_S", 0.5)
    silent = Starlette(routes=[])
    with pytest.raises(ServerStartError, match="not ready"):
        serve_in_thread(silent, name="silent")


def test_the_peer_address_is_not_rewritten_from_forwarded_headers() -> None:
    with serving(app(), name="t") as server:
        answer = httpx.get(server.url + "/peer", headers={"X-Forwarded-For": "203.0.113.9"})
        assert answer.json() == {"client": "127.0.0.1"}


def test_idle_connections_outlive_every_clients_pool() -> None:
    # A server that gives up on an idle connection no later than the client races it: the
    # client's next request can meet the close and go unanswered (issue 16).
    client_expiry = httpx.Limits().keepalive_expiry
    assert client_expiry is not None
    assert client_expiry < server_module.KEEP_ALIVE_S
    with serving(app(), name="idle") as server:
        assert server._server.config.timeout_keep_alive == server_module.KEEP_ALIVE_S
