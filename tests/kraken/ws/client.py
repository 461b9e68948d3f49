"""A plain WebSocket client for the tests: send JSON, wait for a message with a timeout."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

__all__ = ["Conn", "open_conn"]

Message = dict[str, Any]


class Conn:
    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.seen: list[Message] = []

    async def send(self, message: object) -> None:
        await self.ws.send(message if isinstance(message, str | bytes) else json.dumps(message))

    async def next(self, timeout: float = 5.0) -> Message:
        message: Message = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
        self.seen.append(message)
        return message

    async def until(self, want: Callable[[Message], bool], timeout: float = 5.0) -> Message:
        """The first message ``want`` accepts, skipping the others (they stay in ``seen``)."""
        async with asyncio.timeout(timeout):
            while True:
                message = await self.next(timeout)
                if want(message):
                    return message

    async def request(self, message: Message, timeout: float = 5.0) -> Message:
        """Send a request with a ``req_id`` and wait for the answer carrying it."""
        await self.send(message)
        return await self.until(lambda m: m.get("req_id") == message.get("req_id"), timeout)

    async def nothing_for(self, seconds: float) -> bool:
        """True if no message arrives within ``seconds`` (for "no heartbeat" checks)."""
        try:
            message = await asyncio.wait_for(self.ws.recv(), seconds)
        except TimeoutError:
            return True
        self.seen.append(json.loads(message))
        return False


@asynccontextmanager
async def open_conn(url: str) -> AsyncIterator[Conn]:
    async with connect(url, max_size=2**24) as ws:
        conn = Conn(ws)
        status = await conn.next()
        assert status["channel"] == "status"
        yield conn
