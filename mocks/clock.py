"""The one source of time for both mocks.

Every rule that depends on time (nonce windows, counter decay, key expiry, lockouts,
balance refresh) reads it from a :class:`Clock`, so tests move time instead of sleeping.
Waits that a mock makes for time to pass (Altrady's back-off) wait on it too:
:meth:`Clock.sleep`.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time

__all__ = ["Clock"]


class Clock:
    """Wall-clock time in unix seconds that tests can shift or freeze.

    A plain ``Clock()`` follows the system clock. ``Clock.frozen_at(t)`` stands still at
    ``t`` until advanced. ``advance`` works in both modes, so a running server can be
    moved forward (for example past a key's expiry) without waiting.
    """

    def __init__(self, *, frozen_at: float | None = None) -> None:
        self._lock = threading.Lock()
        self._offset = 0.0
        self._frozen_at = frozen_at
        # Each sleeper's loop and event: moving the clock (from any thread) wakes them.
        self._sleepers: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()

    @classmethod
    def frozen_at(cls, unix_seconds: float) -> Clock:
        return cls(frozen_at=unix_seconds)

    @property
    def is_frozen(self) -> bool:
        return self._frozen_at is not None

    def now(self) -> float:
        with self._lock:
            return self._now_locked()

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock only moves forward")
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += seconds
            else:
                self._offset += seconds
        self._wake_sleepers()

    def freeze(self, at: float | None = None) -> None:
        with self._lock:
            self._frozen_at = self._now_locked() if at is None else at
        self._wake_sleepers()

    def resume(self) -> None:
        """Run again from the frozen instant, following the system clock's pace."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - time.time()
                self._frozen_at = None
        self._wake_sleepers()

    def reset(self) -> None:
        with self._lock:
            self._offset = 0.0
            self._frozen_at = None
        self._wake_sleepers()

    async def sleep(self, seconds: float) -> None:
        """Wait until ``seconds`` have passed on this clock.

        A running clock passes them at the system clock's pace, or sooner when it is
        advanced past the end. A frozen clock stands still until it is moved, and every
        rule that reads it sees no time pass during the wait, whatever the wait's length:
        so the wait ends at once rather than spending real seconds that change nothing
        (a frozen burst's counters neither decay nor depend on the machine's speed).
        """
        loop = asyncio.get_running_loop()
        moved = asyncio.Event()
        sleeper = (loop, moved)
        with self._lock:
            deadline = self._now_locked() + seconds
            self._sleepers.add(sleeper)
        try:
            while True:
                with self._lock:
                    remaining = deadline - self._now_locked()
                    frozen = self._frozen_at is not None
                if remaining <= 0 or frozen:
                    await asyncio.sleep(0)  # a wait always lets the loop's other tasks run
                    return
                moved.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(moved.wait(), timeout=remaining)
        finally:
            with self._lock:
                self._sleepers.discard(sleeper)

    def _now_locked(self) -> float:
        if self._frozen_at is not None:
            return self._frozen_at
        return time.time() + self._offset

    def _wake_sleepers(self) -> None:
        with self._lock:
            sleepers = list(self._sleepers)
        for loop, moved in sleepers:
            with contextlib.suppress(RuntimeError):  # that loop has closed meanwhile
                loop.call_soon_threadsafe(moved.set)
