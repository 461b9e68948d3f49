"""Everything the two WebSocket endpoints share: the open connections, the journal of
requests, the injected faults and the heartbeat.

One :class:`WsHub` per Kraken state. It subscribes once to the state's event bus and hands
each event to every connection, on that connection's own event loop (the two endpoints run
in two servers, so two loops). Heartbeats go out about once a second to each connection
that has a subscription and sent nothing else since the last beat; ``beat()`` is that one
round, so a test calls it instead of waiting (``heartbeat_interval_s=None`` turns the
timer off).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from mocks.clock import Clock
from mocks.kraken.events import Event
from mocks.kraken.market import AssetPair, Quote
from mocks.kraken.state import KrakenState
from mocks.kraken.ws.feeds import trade_data
from mocks.kraken_facts.websocket import HEARTBEAT_INTERVAL_S

if TYPE_CHECKING:
    from mocks.kraken.ws.session import Session

__all__ = ["WsFaults", "WsHub", "WsJournalEntry"]

Endpoint = Literal["public", "auth"]


@dataclass(frozen=True)
class WsJournalEntry:
    """One request a client sent; never its token, never a key's secret."""

    time: float
    endpoint: Endpoint
    connection: int
    method: str
    channel: str | None
    symbols: tuple[str, ...]
    req_id: object
    key_name: str | None
    outcome: Literal["ok", "error"]
    error: str | None

    def as_json(self) -> dict[str, Any]:
        body = asdict(self)
        body["symbols"] = list(self.symbols)
        return body


@dataclass
class WsFaults:
    """``refuse_subscriptions``: subscribe requests answer ``error`` until cleared;
    ``delay_s``: every message to a client waits that long (real time) before it is sent."""

    refuse_subscriptions: str | None = None
    delay_s: float = 0.0
    released: threading.Event = field(default_factory=threading.Event, repr=False)

    def as_json(self) -> dict[str, Any]:
        return {"refuse_subscriptions": self.refuse_subscriptions, "delay_s": self.delay_s}


class WsHub:
    def __init__(
        self,
        state: KrakenState,
        clock: Clock,
        *,
        heartbeat_interval_s: float | None = HEARTBEAT_INTERVAL_S,
        journal_capacity: int = 10_000,
    ) -> None:
        self.state = state
        self.clock = clock
        self.heartbeat_interval_s = heartbeat_interval_s
        self.faults = WsFaults()
        self._sessions: set[Session] = set()
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._journal: deque[WsJournalEntry] = deque(maxlen=journal_capacity)
        self._ids = 0
        # Order entry methods by name (``methods.py`` fills it in).
        self.order_methods: dict[str, Callable[[Session, object, float, object], None]] = {}
        self._unsubscribe = state.events.subscribe(self._on_event)

    # connections

    def add(self, session: Session) -> int:
        with self._lock:
            self._ids += 1
            self._sessions.add(session)
            self._changed.notify_all()
            return self._ids

    def remove(self, session: Session) -> None:
        with self._lock:
            self._sessions.discard(session)
            self._changed.notify_all()

    def sessions(self) -> list[Session]:
        with self._lock:
            return list(self._sessions)

    def connection_count(self, endpoint: Endpoint | None = None) -> int:
        return len([s for s in self.sessions() if endpoint in (None, s.endpoint)])

    def wait_for_connections(self, endpoint: Endpoint, count: int, timeout: float) -> bool:
        """Block until ``endpoint`` has ``count`` connections open (for tests and tools)."""
        with self._changed:
            return self._changed.wait_for(
                lambda: len([s for s in self._sessions if s.endpoint == endpoint]) == count,
                timeout,
            )

    def drop_all(self) -> int:
        """Close every connection at once, with a close frame (1011, as a server restart)."""
        sessions = self.sessions()
        for session in sessions:
            session.drop()
        return len(sessions)

    # events and heartbeats

    def quote(self, pair: AssetPair) -> Quote:
        """The pair's market now, as the trading engine keeps it."""
        with self.state.lock:
            return self.state.market.quote(pair)

    def recent_trades(self, pair: AssetPair, count: int = 50) -> list[dict[str, Any]]:
        """The pair's last public trades, as the ``trade`` channel's snapshot sends them."""
        with self.state.lock:
            trades = list(self.state.market.of(pair).trades[-count:])
        return [
            trade_data(
                pair,
                price=t.price,
                volume=t.volume,
                side=t.side,
                ordertype=t.ordertype,
                trade_id=t.trade_id,
                at=t.time,
            )
            for t in trades
        ]

    def _on_event(self, event: Event) -> None:
        # Under the state lock, in the publisher's thread: only hand the event over.
        for session in self.sessions():
            session.post_event(event)

    def beat(self, endpoint: Endpoint | None = None) -> None:
        for session in self.sessions():
            if endpoint in (None, session.endpoint):
                session.post_heartbeat()

    async def run_heartbeats(self, stop: asyncio.Event, endpoint: Endpoint) -> None:
        interval = self.heartbeat_interval_s
        if interval is None:
            await stop.wait()
            return
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval)
            if not stop.is_set():
                self.beat(endpoint)

    # journal and faults

    def record(self, entry: WsJournalEntry) -> None:
        with self._lock:
            self._journal.append(entry)
            self._changed.notify_all()

    def wait_for_entry(self, want: Callable[[WsJournalEntry], bool], timeout: float) -> bool:
        """Block until the journal holds an entry ``want`` accepts (for tests and tools)."""
        with self._changed:
            return self._changed.wait_for(lambda: any(want(e) for e in self._journal), timeout)

    def journal(self) -> list[WsJournalEntry]:
        with self._lock:
            return list(self._journal)

    def set_faults(self, *, refuse_subscriptions: str | None, delay_s: float) -> None:
        old = self.faults
        self.faults = WsFaults(refuse_subscriptions, delay_s)
        old.released.set()

    def reset(self) -> None:
        """Forget the journal and the faults and close every connection."""
        self.set_faults(refuse_subscriptions=None, delay_s=0.0)
        with self._lock:
            self._journal.clear()
        self.drop_all()

    def close(self) -> None:
        self._unsubscribe()
