"""Altrady's live updates: one authenticated WebSocket connection per connected account.

``LiveUpdates.sync()`` starts a :class:`~mocks.altrady.live_stream.LiveStream` for each
account that has none and stops those whose account is gone; it runs after every change
to accounts or keys and when the app starts. ``status(account_id)`` is what the account
card shows: live updates on, reconnecting, or off and why.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence

from mocks.altrady.kraken_client import KrakenClient
from mocks.altrady.live_stream import DEFAULT_BACKOFF_S, LiveStatus, LiveStream
from mocks.altrady.store import Store
from mocks.clock import Clock

__all__ = ["LIVE_OFF_NO_URL", "LiveUpdates"]

LIVE_OFF_NO_URL = LiveStatus(
    "off", "Live updates are off: Altrady has no Kraken WebSocket address."
)


class LiveUpdates:
    def __init__(
        self,
        url: str | None,
        store: Store,
        client: KrakenClient,
        clock: Clock,
        *,
        on_change: Callable[[str], None],
        backoff_s: Sequence[float] = DEFAULT_BACKOFF_S,
        channels: Sequence[str] = ("balances", "executions"),
    ) -> None:
        self.url = url
        self.store = store
        self.client = client
        self.clock = clock
        self._on_change = on_change
        self._backoff_s = tuple(backoff_s)
        self._channels = tuple(channels)
        self._streams: dict[str, tuple[LiveStream, asyncio.Task[None]]] = {}
        self._key_sets: dict[str, frozenset[str]] = {}

    def status(self, account_id: str) -> LiveStatus:
        if self.url is None:
            return LIVE_OFF_NO_URL
        stream = self._streams.get(account_id)
        return stream[0].status if stream else LiveStatus("connecting")

    def stream(self, account_id: str) -> LiveStream | None:
        entry = self._streams.get(account_id)
        return entry[0] if entry else None

    def sync(self) -> None:
        """Streams for exactly the stored accounts; a changed key set starts afresh."""
        if self.url is None:
            return
        wanted: dict[str, frozenset[str]] = {}
        for account_id in self.store.all_account_ids():
            account = self.store.account(account_id)
            if account is not None:
                wanted[account_id] = frozenset(key.id for key in account.keys)
        for account_id in list(self._streams):
            if wanted.get(account_id) != self._key_sets.get(account_id):
                self._stop(account_id)
        for account_id, keys in wanted.items():
            if account_id not in self._streams:
                self._start(account_id, keys)

    def _start(self, account_id: str, keys: frozenset[str]) -> None:
        assert self.url is not None
        stream = LiveStream(
            account_id,
            url=self.url,
            store=self.store,
            client=self.client,
            clock=self.clock,
            on_change=self._on_change,
            backoff_s=self._backoff_s,
            channels=self._channels,
        )
        task = asyncio.get_running_loop().create_task(
            stream.run(), name=f"altrady-live-{account_id}"
        )
        self._streams[account_id] = (stream, task)
        self._key_sets[account_id] = keys

    def _stop(self, account_id: str) -> None:
        stream, task = self._streams.pop(account_id)
        self._key_sets.pop(account_id, None)
        stream.stop()
        task.cancel()

    async def aclose(self) -> None:
        tasks = []
        for account_id in list(self._streams):
            tasks.append(self._streams[account_id][1])
            self._stop(account_id)
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
