"""uvicorn's server, stopping as soon as it is asked to and its connections are gone.

uvicorn looks at ``should_exit`` every 0.1 s, then sleeps 0.1 s after asking its
connections to close, then looks every 0.1 s until they and its tasks are gone: 0.2 to
0.4 s for a mock with nothing left to do. The stack's stop waited on that twice in a row
(Altrady's stop closes its WebSocket clients, and only then can Kraken's WebSocket server
finish), 0.4 s at the end of every ``keyflow run``, ``keyflow serve`` and pytest worker.
Here a stop request wakes the server at once and the waits poll every few milliseconds;
what it waits for, and the bound on the wait (``timeout_graceful_shutdown``), are uvicorn's.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

import uvicorn

__all__ = ["POLL_S", "PromptServer"]

POLL_S = 0.005
# uvicorn's tick: it refreshes the Date header every 10 of them.
_TICK_S = 0.1


class PromptServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake = asyncio.Event()

    def request_exit(self) -> None:
        """Ask the server to stop, from any thread; it starts at once."""
        self.should_exit = True
        loop = self._loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # its loop has already closed
                loop.call_soon_threadsafe(self._wake.set)

    async def main_loop(self) -> None:
        self._loop = asyncio.get_running_loop()
        counter = 0
        should_exit = await self.on_tick(counter)
        while not should_exit:
            counter = (counter + 1) % 864000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), _TICK_S)
            should_exit = await self.on_tick(counter)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()
        try:
            async with asyncio.timeout(self.config.timeout_graceful_shutdown):
                await self._wait_until_idle()
        except TimeoutError:
            for task in self.server_state.tasks:
                task.cancel(msg="Task cancelled, timeout graceful shutdown exceeded")
        if not self.force_exit:
            await self.lifespan.shutdown()

    async def _wait_until_idle(self) -> None:
        state = self.server_state
        while (state.connections or state.tasks) and not self.force_exit:
            await asyncio.sleep(POLL_S)
        for server in self.servers:
            await server.wait_closed()
