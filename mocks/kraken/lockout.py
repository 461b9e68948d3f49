"""Temporary lockout after repeated failures: of a key (invalid nonces or signatures) and
of a caller's address (sequential invalid keys, as Kraken's error page says).

Kraken does not publish its threshold; :class:`~mocks.kraken.settings.KrakenSettings` holds
the mock's (``lockout_threshold`` failures within ``lockout_window_s`` lock for
``lockout_duration_s``). While locked, every call answers ``EGeneral:Temporary lockout`` and
is not counted as another failure; when the lockout ends the failure count starts again
from zero.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

__all__ = ["Lockout"]


@dataclass
class Lockout:
    locked_until: float = 0.0
    _failures: deque[float] = field(default_factory=deque, repr=False)

    def is_locked(self, now: float) -> bool:
        if self.locked_until and now >= self.locked_until:
            self.locked_until = 0.0
            self._failures.clear()
        return now < self.locked_until

    def record_failure(
        self, now: float, *, threshold: int, window_s: float, duration_s: float
    ) -> bool:
        """Count one failure; return True when it locks the key."""
        self._failures.append(now)
        while self._failures and self._failures[0] <= now - window_s:
            self._failures.popleft()
        if len(self._failures) >= threshold:
            self.locked_until = now + duration_s
            self._failures.clear()
            return True
        return False

    @property
    def recent_failures(self) -> int:
        return len(self._failures)

    def clear(self) -> None:
        self.locked_until = 0.0
        self._failures.clear()
