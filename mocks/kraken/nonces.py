"""Per-key nonce rules: strictly increasing, or inside the key's nonce window.

- A key starts with a highest accepted nonce of 0; nonces must be positive integers that
  fit in an unsigned 64-bit integer, in any unit (milliseconds, 10-ns ticks, a counter).
- Without a window (``window == 0``) a nonce must be greater than the highest accepted.
- With a window N, a nonce down to ``highest - N`` is also accepted, unless that exact
  nonce was accepted before: the mock refuses replays (Kraken does not document this).

Memory stays bounded: only accepted nonces inside the window are remembered, at most
``capacity`` of them. When more would be needed, the oldest are forgotten and everything
at or below the largest forgotten one is refused, which is stricter, never looser.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

__all__ = ["DEFAULT_CAPACITY", "MAX_NONCE", "NonceMemory", "parse_nonce"]

MAX_NONCE = 2**64 - 1
DEFAULT_CAPACITY = 4096
_MAX_DIGITS = len(str(MAX_NONCE))


def parse_nonce(raw: str) -> int | None:
    """The nonce as an integer, or None when it is not a plain unsigned 64-bit integer."""
    if not raw or len(raw) > _MAX_DIGITS or not raw.isascii() or not raw.isdigit():
        return None
    value = int(raw)
    return value if value <= MAX_NONCE else None


@dataclass
class NonceMemory:
    highest: int = 0
    capacity: int = DEFAULT_CAPACITY
    _recent: set[int] = field(default_factory=set, repr=False)
    _order: list[int] = field(default_factory=list, repr=False)  # min-heap of _recent
    _forgotten_up_to: int = 0

    def accepts(self, nonce: int, window: int) -> bool:
        """Whether ``nonce`` would be accepted now (does not record it)."""
        if nonce <= self._forgotten_up_to or nonce <= 0:
            return False
        if nonce > self.highest:
            return True
        if nonce == self.highest:  # the highest was accepted, so this is a replay
            return False
        return self.highest - nonce <= window and nonce not in self._recent

    def accept(self, nonce: int, window: int) -> bool:
        """Record ``nonce`` if the rules allow it; return whether it was accepted."""
        if not self.accepts(nonce, window):
            return False
        self.highest = max(self.highest, nonce)
        if window > 0:
            self._remember(nonce)
        self._prune(window)
        return True

    def _remember(self, nonce: int) -> None:
        self._recent.add(nonce)
        heapq.heappush(self._order, nonce)
        while len(self._order) > self.capacity:
            forgotten = heapq.heappop(self._order)
            self._recent.discard(forgotten)
            self._forgotten_up_to = max(self._forgotten_up_to, forgotten)

    def _prune(self, window: int) -> None:
        floor = self.highest - window
        while self._order and self._order[0] < floor:
            self._recent.discard(heapq.heappop(self._order))

    @property
    def remembered(self) -> int:
        return len(self._recent)
