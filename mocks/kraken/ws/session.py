"""One client's WebSocket connection: its requests, its subscriptions, what it is sent.

Every message to the client goes through one queue and one sender task, so answers,
snapshots, updates and heartbeats keep their order. Events from the state's bus arrive
from another thread and are handled on this connection's loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from mocks.kraken.events import Event
from mocks.kraken.ws import subscribe, updates
from mocks.kraken.ws.hub import Endpoint, WsHub, WsJournalEntry
from mocks.kraken.ws.protocol import FrameError, ack, parse_frame
from mocks.kraken.ws.tokens import TOKENS
from mocks.kraken.ws.updates import Subscription
from mocks.kraken_facts.websocket import (
    API_VERSION,
    EVENT_NOT_FOUND,
    MALFORMED_REQUEST,
)

__all__ = ["Session"]

_log = logging.getLogger(__name__)
_DROP_CODE = 1001  # going away: what a client sees when the server restarts
_SERVER_VERSION = "2.0.10"


class Session:
    def __init__(self, websocket: WebSocket, hub: WsHub, endpoint: Endpoint) -> None:
        self.websocket = websocket
        self.hub = hub
        self.endpoint = endpoint
        self.subscriptions: dict[tuple[str, str | None], Subscription] = {}
        self._queue: asyncio.Queue[dict[str, Any] | int] = asyncio.Queue()
        self._loop = asyncio.get_running_loop()
        self._sent_since_beat = False
        self.sequence: dict[str, int] = {}
        self.id = 0
        self._closed = False

    # the connection's life

    async def run(self) -> None:
        await self.websocket.accept()
        self.id = self.hub.add(self)
        sender = asyncio.create_task(self._send_loop(), name=f"kraken-ws-{self.id}-send")
        try:
            self.send(self._status())
            await self._receive_loop()
        finally:
            self._closed = True
            self.hub.remove(self)
            for sub in self.subscriptions.values():
                if sub.grant is not None:
                    TOKENS.release(sub.grant)
            self.subscriptions.clear()
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sender

    async def _receive_loop(self) -> None:
        while True:
            try:
                message = await self.websocket.receive()
            except (WebSocketDisconnect, RuntimeError):
                return
            if message["type"] == "websocket.disconnect":
                return
            time_in = self.hub.clock.now()
            text = message.get("text")
            if text is None:
                # Binary frames carry no JSON request.
                self.error("error", MALFORMED_REQUEST, time_in, None)
                continue
            self._handle(text, time_in)

    async def _send_loop(self) -> None:
        while True:
            item = await self._queue.get()
            if isinstance(item, int):
                with contextlib.suppress(Exception):
                    await self.websocket.close(code=item)
                return
            faults = self.hub.faults
            if faults.delay_s > 0:
                await self._loop.run_in_executor(None, faults.released.wait, faults.delay_s)
            if self.websocket.application_state != WebSocketState.CONNECTED:
                return
            try:
                await self.websocket.send_text(json.dumps(item, separators=(",", ":")))
            except Exception:  # the client went away; the receive loop ends the session
                return

    def send(self, message: dict[str, Any]) -> None:
        if message.get("channel") != "heartbeat":
            self._sent_since_beat = True
        self._queue.put_nowait(message)

    # called from other threads

    def post_event(self, event: Event) -> None:
        self._threadsafe(updates.on_event, self, event)

    def post_heartbeat(self) -> None:
        self._threadsafe(self._heartbeat)

    def drop(self) -> None:
        self._threadsafe(self._queue.put_nowait, _DROP_CODE)

    def _threadsafe(self, fn: Any, *args: Any) -> None:
        if self._closed:
            return
        with contextlib.suppress(RuntimeError):  # the loop has closed
            self._loop.call_soon_threadsafe(fn, *args)

    # requests

    def _handle(self, text: str, time_in: float) -> None:
        try:
            request = parse_frame(text)
        except FrameError as exc:
            self.error("error", exc.message, time_in, None)
            return
        method = request.get("method")
        req_id = request.get("req_id")
        if req_id is not None and (isinstance(req_id, bool) or not isinstance(req_id, int)):
            self.error(
                method if isinstance(method, str) else "error", MALFORMED_REQUEST, time_in, None
            )
            return
        if not isinstance(method, str):
            self.error("error", MALFORMED_REQUEST, time_in, req_id)
            return
        if method == "ping":
            self.send(ack("pong", time_in=time_in, time_out=self.hub.clock.now(), req_id=req_id))
            self.journal(method, None, (), req_id)
        elif method in ("subscribe", "unsubscribe"):
            subscribe.handle(self, method, request.get("params"), time_in, req_id)
        elif self.endpoint == "auth" and method in self.hub.order_methods:
            self.hub.order_methods[method](self, request.get("params"), time_in, req_id)
        else:
            self.error(method, EVENT_NOT_FOUND, time_in, req_id)

    def answer(
        self,
        method: str,
        time_in: float,
        req_id: object,
        *,
        result: object = None,
        error: str | None = None,
        extra: dict[str, Any] | None = None,
        key_name: str | None = None,
    ) -> None:
        """Answer a method (order entry): its result, or Kraken's error; and journal it."""
        self.send(
            ack(
                method,
                time_in=time_in,
                time_out=self.hub.clock.now(),
                req_id=req_id,
                result=result,
                error=error,
                extra=extra,
            )
        )
        self.journal(method, None, (), req_id, key_name=key_name, error=error)

    def error(
        self,
        method: str,
        error: str,
        time_in: float,
        req_id: object,
        *,
        symbol: str | None = None,
        channel: str | None = None,
    ) -> None:
        extra = {"symbol": symbol} if symbol else None
        self.send(
            ack(
                method,
                time_in=time_in,
                time_out=self.hub.clock.now(),
                req_id=req_id,
                error=error,
                extra=extra,
            )
        )
        self.journal(method, channel, (symbol,) if symbol else (), req_id, error=error)

    def journal(
        self,
        method: str,
        channel: str | None,
        symbols: tuple[str, ...],
        req_id: object,
        *,
        key_name: str | None = None,
        error: str | None = None,
    ) -> None:
        self.hub.record(
            WsJournalEntry(
                time=self.hub.clock.now(),
                endpoint=self.endpoint,
                connection=self.id,
                method=method,
                channel=channel,
                symbols=symbols,
                req_id=req_id,
                key_name=key_name,
                outcome="error" if error else "ok",
                error=error,
            )
        )

    # messages

    def _status(self) -> dict[str, Any]:
        return {
            "channel": "status",
            "type": "update",
            "data": [
                {
                    "version": _SERVER_VERSION,
                    "system": "online",
                    "api_version": API_VERSION,
                    "connection_id": 10_000_000_000_000 + self.id,
                }
            ],
        }

    def _heartbeat(self) -> None:
        if self.subscriptions and not self._sent_since_beat:
            self.send({"channel": "heartbeat"})
        self._sent_since_beat = False
