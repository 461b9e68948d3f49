"""Millisecond nonces, strictly increasing per API key even when calls run at once."""

from __future__ import annotations

import threading

from mocks.clock import Clock

__all__ = ["NonceSource"]


class NonceSource:
    """Hands out ``max(last + 1, now_ms)`` per key.

    Only the numbering is serialised (a lock held for one comparison); the calls carrying
    the nonces are not, so they may still reach Kraken out of order. That is what Kraken's
    nonce window is for.
    """

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._last: dict[str, int] = {}

    def next(self, api_key: str) -> int:
        now_ms = int(self._clock.now() * 1000)
        with self._lock:
            nonce = max(self._last.get(api_key, 0) + 1, now_ms)
            self._last[api_key] = nonce
            return nonce

    def last(self, api_key: str) -> int | None:
        with self._lock:
            return self._last.get(api_key)
