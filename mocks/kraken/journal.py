"""The journal of REST calls the mock answered, for tests and QA to read back.

Entries carry what a person debugging a connection needs (which endpoint, which key by
name, from which address, which nonce, and the outcome) and never a secret, a signature or
a request body.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import asdict, dataclass
from typing import Any, Literal

__all__ = ["DEFAULT_CAPACITY", "JournalEntry", "RequestJournal"]

DEFAULT_CAPACITY = 10_000


@dataclass(frozen=True)
class JournalEntry:
    time: float
    method: str
    path: str
    endpoint: str
    key_name: str | None
    source_ip: str
    nonce: int | None
    outcome: Literal["ok", "error"]
    error: str | None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


class RequestJournal:
    """The latest ``capacity`` entries, oldest first; safe to use from any thread."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self._entries: deque[JournalEntry] = deque(maxlen=capacity)
        self._lock = threading.Lock()

    def record(self, entry: JournalEntry) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[JournalEntry]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
