"""Injected faults: make chosen REST calls fail, stall or lose their connection.

A fault matches an endpoint by method name (``Balance``) or every REST call (``*``) and
fires on that many matching calls (``times``; 0 means until cleared). Actions:

- ``error``: answer Kraken's envelope with the given error (``EService:Unavailable``, ...).
- ``delay``: hold the call for ``delay_s`` seconds of real time, then handle it as usual.
  Clearing the faults (or resetting the mock) releases every held call at once, and a
  server shutdown cancels them.
- ``drop``: close the connection without any HTTP answer, as a dead edge would.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import threading
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["ConnectionDroppedError", "Fault", "FaultAction", "FaultRegistry", "drop_connection"]

FaultAction = Literal["error", "delay", "drop"]


@dataclass
class Fault:
    id: int
    endpoint: str
    action: FaultAction
    error: str = "EService:Unavailable"
    delay_s: float = 3.0
    times: int = 1  # 0: every matching call until cleared
    fired: int = 0

    def matches(self, endpoint: str) -> bool:
        exhausted = self.times and self.fired >= self.times
        return not exhausted and self.endpoint in ("*", endpoint)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "endpoint": self.endpoint,
            "action": self.action,
            "error": self.error if self.action == "error" else None,
            "delay_s": self.delay_s if self.action == "delay" else None,
            "times": self.times,
            "fired": self.fired,
        }


class FaultRegistry:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held_changed = threading.Condition(self._lock)
        self._faults: list[Fault] = []
        self._ids = itertools.count(1)
        self._held: set[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = set()

    def add(
        self,
        endpoint: str,
        action: FaultAction,
        *,
        error: str = "EService:Unavailable",
        delay_s: float = 3.0,
        times: int = 1,
    ) -> Fault:
        with self._lock:
            fault = Fault(next(self._ids), endpoint, action, error, delay_s, times)
            self._faults.append(fault)
            return fault

    def take(self, endpoint: str) -> Fault | None:
        """The first fault matching ``endpoint``, counted as fired; None if there is none."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(endpoint):
                    fault.fired += 1
                    return fault
            return None

    def faults(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def clear(self) -> None:
        """Forget every fault and release the calls that a delay is holding."""
        with self._lock:
            self._faults.clear()
            held, self._held = self._held, set()
        for loop, future in held:
            with contextlib.suppress(RuntimeError):  # that loop has already closed
                loop.call_soon_threadsafe(_release, future)

    async def hold(self, seconds: float) -> None:
        """Hold the current call for ``seconds``, or until :meth:`clear` releases it."""
        loop = asyncio.get_running_loop()
        released: asyncio.Future[None] = loop.create_future()
        entry = (loop, released)
        with self._lock:
            self._held.add(entry)
            self._held_changed.notify_all()
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(released, timeout=seconds)
        finally:
            with self._lock:
                self._held.discard(entry)

    def wait_until_held(self, calls: int = 1, timeout: float = 10.0) -> bool:
        """Block until ``calls`` calls are being held by a delay (for tests and tools)."""
        with self._lock:
            return self._held_changed.wait_for(lambda: len(self._held) >= calls, timeout)

    @property
    def held_calls(self) -> int:
        with self._lock:
            return len(self._held)


def _release(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class ConnectionDroppedError(ConnectionError):
    """Raised where no uvicorn connection can be closed (an in-process test client)."""


def drop_connection() -> None:
    """Abort the current uvicorn connection without sending a byte of HTTP answer.

    Uvicorn runs each request in a task whose coroutine is its ``RequestResponseCycle``'s
    ``run_asgi``; that cycle holds the transport. Starlette wraps ``send``, so the task is
    the one dependable way back to it. Elsewhere (Starlette's TestClient), the call fails
    with :class:`ConnectionDroppedError`, which such a client also reports as a broken call.
    """
    task = asyncio.current_task()
    coroutine = task.get_coro() if task is not None else None
    frame = getattr(coroutine, "cr_frame", None)
    cycle = frame.f_locals.get("self") if frame is not None else None
    transport = getattr(cycle, "transport", None)
    if transport is None or not hasattr(transport, "abort"):
        raise ConnectionDroppedError("fault injected: connection dropped")
    transport.abort()
    # Uvicorn must not answer on the aborted connection once the app returns.
    cycle.disconnected = True  # type: ignore[union-attr]
    cycle.keep_alive = False  # type: ignore[union-attr]
