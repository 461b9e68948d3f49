"""The one source of time for both mocks.

Every rule that depends on time (nonce windows, counter decay, key expiry, lockouts,
balance refresh) reads it from a :class:`Clock`, so tests move time instead of sleeping.
"""

from __future__ import annotations

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

    @classmethod
    def frozen_at(cls, unix_seconds: float) -> Clock:
        return cls(frozen_at=unix_seconds)

    @property
    def is_frozen(self) -> bool:
        return self._frozen_at is not None

    def now(self) -> float:
        with self._lock:
            if self._frozen_at is not None:
                return self._frozen_at
            return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock only moves forward")
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += seconds
            else:
                self._offset += seconds

    def freeze(self, at: float | None = None) -> None:
        with self._lock:
            current = self._frozen_at if self._frozen_at is not None else time.time() + self._offset
            self._frozen_at = current if at is None else at

    def resume(self) -> None:
        """Run again from the frozen instant, following the system clock's pace."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - time.time()
                self._frozen_at = None

    def reset(self) -> None:
        with self._lock:
            self._offset = 0.0
            self._frozen_at = None
