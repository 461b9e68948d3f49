"""Telling open pages that an account changed, as Server-Sent Events.

``AccountFeed`` is a small pub/sub on Altrady's loop: the live connection to Kraken and
Resync publish an account id, each open page's event stream hears it and sends the
account as the API shows it (``event: account``).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

__all__ = ["AccountFeed"]


class AccountFeed:
    def __init__(self) -> None:
        self._listeners: set[asyncio.Queue[str]] = set()

    def publish(self, account_id: str) -> None:
        for queue in list(self._listeners):
            queue.put_nowait(account_id)

    @contextlib.contextmanager
    def listen(self) -> Iterator[asyncio.Queue[str]]:
        queue: asyncio.Queue[str] = asyncio.Queue()
        self._listeners.add(queue)
        try:
            yield queue
        finally:
            self._listeners.discard(queue)

    @property
    def listeners(self) -> int:
        return len(self._listeners)
