"""What happens in the Kraken mock, as events: orders, ledger entries, the market.

One :class:`EventBus` per :class:`~mocks.kraken.state.KrakenState` (``state.events``). The
engine publishes an event for every change a client could be told about, whatever caused
it (REST, WebSocket, the control API, a move of the market):

- :class:`OrderEvent` for every change of an order; ``exec_type`` is the one Kraken's
  WebSocket v2 ``executions`` channel would send, and ``trade`` is the fill for
  ``trade``/``filled``. The engine publishes ``new`` when an order enters the book (also
  just before a taker's fill), ``trade`` then ``filled`` for a fill (fills are whole),
  ``canceled`` (``order.reason`` says why: "User requested", "Immediate or cancel",
  "Insufficient funds", "Order replaced" by EditOrder, "Cancel all orders after timeout"),
  ``expired`` (GTD), ``amended`` (AmendOrder) and ``status`` (a stop or take-profit
  triggered); ``pending_new`` and ``restated`` are never sent;
- :class:`LedgerEvent` for every ledger entry (fills, deposits, withdrawals, and balances
  set through ``PUT /_mock/balances``, which the mock books as ``adjustment`` entries);
- :class:`MarketEvent` when a pair's price, book or public trades change.

Callbacks run synchronously, in the publishing thread, **with the state lock held**: they
must only enqueue (``loop.call_soon_threadsafe``, ``queue.put_nowait``), never block and
never call back into the state. Events carry copies, so a callback may keep them. A callback
that raises is logged and does not stop the others or the change that published.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from mocks.kraken.market import Quote
    from mocks.kraken.orders import LedgerEntry, Order, Trade
    from mocks.kraken.tape import PublicTrade

__all__ = [
    "EXEC_TYPES",
    "Event",
    "EventBus",
    "ExecType",
    "LedgerEvent",
    "MarketEvent",
    "OrderEvent",
    "Subscriber",
]

logger = logging.getLogger(__name__)

ExecType = Literal[
    "pending_new",
    "new",
    "trade",
    "filled",
    "canceled",
    "expired",
    "amended",
    "restated",
    "status",
]
EXEC_TYPES: tuple[ExecType, ...] = (
    "pending_new",
    "new",
    "trade",
    "filled",
    "canceled",
    "expired",
    "amended",
    "restated",
    "status",
)


@dataclass(frozen=True)
class OrderEvent:
    """An order of the account ``email`` changed; ``order`` is a copy as it is now."""

    email: str
    order: Order
    exec_type: ExecType
    trade: Trade | None
    at: float


@dataclass(frozen=True)
class LedgerEvent:
    """A ledger entry was booked; ``balances_after`` is a copy of all the account's balances."""

    email: str
    entry: LedgerEntry
    balances_after: Mapping[str, Decimal]


@dataclass(frozen=True)
class MarketEvent:
    """Pair ``pair`` (Kraken's key, ``XXBTZUSD``) moved: its quote now, and new public trades.

    ``book_changed`` says the order book's levels changed (they follow the quote).
    """

    pair: str
    at: float
    quote: Quote
    trades: tuple[PublicTrade, ...] = ()
    book_changed: bool = True


Event = OrderEvent | LedgerEvent | MarketEvent
Subscriber = Callable[[Event], None]


@dataclass
class EventBus:
    _subscribers: list[Subscriber] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call ``callback`` with every event from now on; the result unsubscribes it."""
        with self._lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)

        return unsubscribe

    def publish(self, event: Event) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback(event)
            except Exception:
                logger.exception("Kraken mock: an event subscriber failed on %s", type(event))

    @property
    def subscriber_count(self) -> int:
        with self._lock:
            return len(self._subscribers)
