"""A mock stops when asked, and still lets its work finish: what uvicorn's own stop does.

How soon it stops (without uvicorn's fixed waits) is a speed, measured by
``benchmarks/bench.py --only startup``, not here.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from mocks.server import RunningServer, serve_in_thread


class SlowApp:
    """``/slow`` answers once the test lets it; ``/ws`` echoes; lifespan shutdown is noted."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.slow_started = threading.Event()
        self.shut_down = threading.Event()

    async def health(self, _: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def slow(self, _: Request) -> PlainTextResponse:
        self.slow_started.set()
        while not self.release.is_set():
            await asyncio.sleep(0.001)
        return PlainTextResponse("finished")

    async def echo(self, websocket: WebSocket) -> None:
        await websocket.accept()
        while True:
            await websocket.send_text(await websocket.receive_text())

    def app(self) -> Starlette:
        routes = [
            Route("/_mock/health", self.health),
            Route("/slow", self.slow),
            WebSocketRoute("/ws", self.echo),
        ]
        return Starlette(routes=routes, lifespan=self.lifespan)

    @contextlib.asynccontextmanager
    async def lifespan(self, _: Starlette) -> AsyncIterator[None]:
        yield
        self.shut_down.set()


@pytest.fixture
def slow_app() -> SlowApp:
    return SlowApp()


@pytest.fixture
def server(slow_app: SlowApp) -> Iterator[RunningServer]:
    running = serve_in_thread(slow_app.app(), name="prompt")
    yield running
    slow_app.release.set()
    running.stop()


def _stopped(server: RunningServer) -> bool:
    server.stop(timeout=5.0)
    return not server._thread.is_alive()


def test_a_stop_ends_an_idle_server_after_the_apps_own_shutdown(slow_app: SlowApp) -> None:
    running = serve_in_thread(slow_app.app(), name="prompt")
    assert _stopped(running)
    assert slow_app.shut_down.is_set()


def test_a_request_in_flight_is_answered_in_full_before_the_server_stops(
    server: RunningServer, slow_app: SlowApp
) -> None:
    answers: list[httpx.Response] = []
    client = threading.Thread(target=lambda: answers.append(httpx.get(server.url + "/slow")))
    client.start()
    assert slow_app.slow_started.wait(5.0)
    stopping = threading.Thread(target=server.stop)
    stopping.start()
    slow_app.release.set()
    client.join(5.0)
    stopping.join(5.0)
    assert [(a.status_code, a.text) for a in answers] == [(200, "finished")]
    assert not server._thread.is_alive()


def test_an_open_websocket_is_closed_as_a_restart_and_the_server_stops(
    server: RunningServer,
) -> None:
    ws_url = "ws" + server.url.removeprefix("http") + "/ws"
    with connect(ws_url) as websocket:
        websocket.send("ping")
        assert websocket.recv(timeout=5.0) == "ping"
        assert _stopped(server)
        with pytest.raises(ConnectionClosed) as closed:
            websocket.recv(timeout=5.0)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1012  # "service restart", uvicorn's own


def test_idle_keep_alive_connections_do_not_hold_the_stop(server: RunningServer) -> None:
    with httpx.Client() as client:  # keeps its connection open between requests
        assert client.get(server.url + "/_mock/health").status_code == 200
        assert _stopped(server)


def test_a_request_that_never_ends_is_cancelled_after_the_graceful_timeout(
    server: RunningServer, slow_app: SlowApp
) -> None:
    # uvicorn types it as whole seconds; asyncio.timeout takes any, and a test waits less.
    server._server.config.timeout_graceful_shutdown = 0.2  # type: ignore[assignment]
    outcomes: list[object] = []

    def call() -> None:
        try:
            outcomes.append(httpx.get(server.url + "/slow", timeout=10.0).status_code)
        except httpx.HTTPError as exc:
            outcomes.append(type(exc).__name__)

    client = threading.Thread(target=call)
    client.start()
    assert slow_app.slow_started.wait(5.0)
    assert _stopped(server)  # slow_app.release was never set
    client.join(5.0)
    assert outcomes == [500]  # cut short, as uvicorn cuts it: Starlette answers the cancel
