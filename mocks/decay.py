"""A counter that drains linearly with time, never below zero.

Kraken's rate limiters are such counters (``mocks.kraken_facts.limits``), and Altrady's key
pool keeps its own estimate of them (``mocks.altrady.key_pool``): both use this one. Time
is passed in (read from a ``Clock``); a ``now`` earlier than the last update neither
refills nor drains it.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DecayingCounter"]


@dataclass
class DecayingCounter:
    value: float = 0.0
    updated_at: float = 0.0

    def level(self, now: float, decay_per_second: float) -> float:
        elapsed = max(0.0, now - self.updated_at)
        return max(0.0, self.value - elapsed * decay_per_second)

    def try_add(self, cost: float, *, now: float, maximum: float, decay_per_second: float) -> bool:
        """Add ``cost`` unless that would pass ``maximum``; return whether it was added."""
        level = self.level(now, decay_per_second)
        if level + cost > maximum:
            return False
        self._set(level + cost, now)
        return True

    def add(self, amount: float, *, now: float, decay_per_second: float) -> None:
        """Add ``amount`` with no maximum; a negative amount takes back, down to zero."""
        self._set(max(0.0, self.level(now, decay_per_second) + amount), now)

    def raise_to(self, floor: float, *, now: float, decay_per_second: float) -> None:
        """Make the level at least ``floor``."""
        self._set(max(self.level(now, decay_per_second), floor), now)

    def _set(self, value: float, now: float) -> None:
        self.value = value
        self.updated_at = max(now, self.updated_at)
