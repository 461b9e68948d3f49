"""Serve an ASGI app on a real port, in a background thread, and stop it cleanly.

Servers bind port 0 by default (the OS picks a free port), are probed over HTTP until
they answer, and shut down without leaving the port bound.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import socket
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

# uvicorn loads when a server starts: pytest imports this module (through the harness's
# plugin) in every session, even one that only collects.
if TYPE_CHECKING:
    from starlette.types import ASGIApp

    from mocks.prompt_server import PromptServer

__all__ = [
    "KEEP_ALIVE_S",
    "RunningServer",
    "ServerStartError",
    "serve_in_thread",
    "serving",
    "stop_servers",
]

READY_TIMEOUT_S = 10.0
READY_PATH = "/_mock/health"
# How long a server keeps an idle connection open. It must outlast every client's own idle
# expiry: httpx (Altrady's backend, the control clients) reuses a connection for 5 s, and
# uvicorn's default is also 5 s, so a request sent on a connection the server was closing at
# that instant got no answer ("Server disconnected without sending a response": issue 16's
# flake; `scripts/keepalive_race.py` reproduces it). 75 s is nginx's default.
KEEP_ALIVE_S = 75


class ServerStartError(RuntimeError):
    """The server did not come up (port taken, app crashed on start-up, ...)."""


@dataclass
class RunningServer:
    name: str
    host: str
    port: int
    _server: PromptServer = field(repr=False)
    _thread: threading.Thread = field(repr=False)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def stop(self, timeout: float = 5.0) -> None:
        stop_servers([self], timeout)

    def _request_stop(self) -> None:
        self._server.request_exit()

    def _wait_stopped(self, timeout: float) -> None:
        self._thread.join(timeout)
        if self._thread.is_alive():
            self._server.force_exit = True
            self._thread.join(timeout)


def stop_servers(servers: Sequence[RunningServer], timeout: float = 5.0) -> None:
    """Stop ``servers`` together: one that waits on another (Kraken's WebSocket servers on
    Altrady's clients) is not waited for after it, but beside it."""
    for server in servers:
        server._request_stop()
    for server in servers:
        server._wait_stopped(timeout)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP, not 0: asyncio turns Nagle off (TCP_NODELAY) only on sockets whose
    # proto says TCP, and uvicorn writes headers and body separately, so with Nagle on
    # every response waited ~40 ms for the client's delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ServerStartError(f"cannot bind {host}:{port}: {exc.strerror}") from exc
    sock.listen(2048)
    sock.setblocking(False)
    return sock


def serve_in_thread(
    app: ASGIApp,
    *,
    name: str,
    host: str = "127.0.0.1",
    port: int = 0,
    keep_alive_s: int = KEEP_ALIVE_S,
) -> RunningServer:
    """Start ``app`` on ``host:port`` and return once it answers HTTP."""
    import uvicorn  # noqa: PLC0415  (see the module's imports)

    from mocks.prompt_server import PromptServer  # noqa: PLC0415

    sock = _bind(host, port)
    bound_port = int(sock.getsockname()[1])
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=2,
        timeout_keep_alive=keep_alive_s,
        # The peer address is what the Kraken mock's IP allowlist checks: uvicorn must not
        # rewrite it from X-Forwarded-For (the mock decides itself when to trust that).
        proxy_headers=False,
    )
    # Uvicorn leaves signal handling alone off the main thread: Ctrl-C belongs to the
    # program that started the server.
    server = PromptServer(config)

    def run() -> None:
        try:
            asyncio.run(server.serve(sockets=[sock]))
        finally:
            sock.close()

    thread = threading.Thread(target=run, name=f"{name}-server", daemon=True)
    thread.start()
    running = RunningServer(name=name, host=host, port=bound_port, _server=server, _thread=thread)
    _wait_until_ready(running, thread)
    return running


def _answers_health_probe(running: RunningServer) -> bool:
    # Plain http.client, not httpx: an httpx client loads the CA bundle for TLS it never
    # uses here, which was most of a mock's start-up (about 0.1 s idle, over 1 s loaded).
    connection = http.client.HTTPConnection(running.host, running.port, timeout=1.0)
    try:
        connection.request("GET", READY_PATH)
        return connection.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def _wait_until_ready(running: RunningServer, thread: threading.Thread) -> None:
    deadline = threading.Event()
    timer = threading.Timer(READY_TIMEOUT_S, deadline.set)
    timer.start()
    try:
        while not deadline.is_set():
            if not thread.is_alive():
                raise ServerStartError(f"{running.name} server exited during start-up")
            if _answers_health_probe(running):
                return
            # Uvicorn flips ``started`` once it accepts connections; wait on that
            # flag's thread rather than sleeping a fixed time.
            thread.join(0.005)
    finally:
        timer.cancel()
    running.stop()
    raise ServerStartError(f"{running.name} server not ready after {READY_TIMEOUT_S:.0f}s")


@contextlib.contextmanager
def serving(
    app: ASGIApp,
    *,
    name: str,
    host: str = "127.0.0.1",
    port: int = 0,
    keep_alive_s: int = KEEP_ALIVE_S,
) -> Iterator[RunningServer]:
    running = serve_in_thread(app, name=name, host=host, port=port, keep_alive_s=keep_alive_s)
    try:
        yield running
    finally:
        running.stop()
