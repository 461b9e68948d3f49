"""Orders, trades and ledger entries, open and past, and the key's query window.

**Query window rule** (the mock's documented choice). A key may carry ``query_from`` and
``query_to`` (unix seconds, 0 = open-ended). For ClosedOrders, TradesHistory and Ledgers:

- an explicit ``start`` or ``end`` that lies outside ``[query_from, query_to]`` answers
  ``EGeneral:Invalid arguments``;
- a missing ``start``/``end`` defaults to the window's edge, so results are always clipped
  to the window.

For QueryOrders, QueryTrades and QueryLedgers (by id), asking for a record whose time lies
outside the window answers ``EGeneral:Invalid arguments``. ``start``/``end`` are unix
seconds, or an id of the account's own order, trade or ledger entry (its time is used);
``start`` is exclusive and ``end`` inclusive, as Kraken documents. Pages hold 50 results,
newest first, from offset ``ofs``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from mocks.kraken.market import find_asset
from mocks.kraken.orders import LedgerEntry, Order, OrderBook, Trade
from mocks.kraken.params import optional_bool, optional_int
from mocks.kraken.rest.context import PrivateCall
from mocks.kraken_facts.errors import INVALID_ARGUMENTS, KrakenError, invalid_argument

__all__ = [
    "PAGE_SIZE",
    "TimeRange",
    "closed_orders",
    "ledgers",
    "open_orders",
    "query_ledgers",
    "query_orders",
    "query_trades",
    "time_range",
    "trades_history",
]

PAGE_SIZE = 50
MAX_QUERY_IDS = 50
T = TypeVar("T")


@dataclass(frozen=True)
class TimeRange:
    after: float | None  # exclusive (a client's ``start``)
    since: float | None  # inclusive (the window's own first second)
    until: float | None  # inclusive

    def holds(self, moment: float) -> bool:
        if self.after is not None and moment <= self.after:
            return False
        if self.since is not None and moment < self.since:
            return False
        return self.until is None or moment <= self.until


def _record_time(book: OrderBook, ref: str) -> float | None:
    if ref in book.orders:
        return book.orders[ref].opened
    if ref in book.trades:
        return book.trades[ref].time
    if ref in book.ledgers:
        return book.ledgers[ref].time
    return None


def _bound(call: PrivateCall, name: str) -> float | None:
    raw = call.params.get(name, "").strip()
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        moment = _record_time(call.account.book, raw)
        if moment is None:
            raise invalid_argument(name) from None
        return moment
    if not value.is_finite() or value < 0:
        raise invalid_argument(name)
    return float(value)


def _inside(call: PrivateCall, moment: float) -> bool:
    spec = call.key.spec
    if spec.query_from and moment < spec.query_from:
        return False
    return not (spec.query_to and moment > spec.query_to)


def time_range(call: PrivateCall) -> TimeRange:
    """``start``/``end`` checked against the key's query window (rule above)."""
    start = _bound(call, "start")
    end = _bound(call, "end")
    for explicit in (start, end):
        if explicit is not None and not _inside(call, explicit):
            raise KrakenError(INVALID_ARGUMENTS)
    spec = call.key.spec
    since = float(spec.query_from) if spec.query_from else None
    until = end if end is not None else (float(spec.query_to) if spec.query_to else None)
    return TimeRange(after=start, since=since, until=until)


def _page(call: PrivateCall, records: list[T]) -> list[T]:
    offset = optional_int(call.params, "ofs") or 0
    if offset < 0:
        raise invalid_argument("ofs")
    return records[offset : offset + PAGE_SIZE]


def _ids(call: PrivateCall, name: str) -> list[str]:
    raw = call.params.get(name, "")
    ids = [part.strip() for part in raw.split(",") if part.strip()]
    if not ids or len(ids) > MAX_QUERY_IDS:
        raise invalid_argument(name)
    return ids


def _by_ids(
    call: PrivateCall,
    name: str,
    records: dict[str, T],
    moment: Callable[[T], float],
    unknown_error: str,
) -> dict[str, T]:
    chosen: dict[str, T] = {}
    for ref in _ids(call, name):
        record = records.get(ref)
        if record is None:
            raise KrakenError(unknown_error)
        if not _inside(call, moment(record)):
            raise KrakenError(INVALID_ARGUMENTS)
        chosen[ref] = record
    return chosen


def _newest_first(records: Iterable[T], moment: Callable[[T], float]) -> list[T]:
    return sorted(records, key=moment, reverse=True)


def open_orders(call: PrivateCall) -> dict[str, Any]:
    with_trades = optional_bool(call.params, "trades")
    userref = optional_int(call.params, "userref")
    cl_ord_id = call.params.get("cl_ord_id") or None
    orders = [
        order
        for order in call.account.book.open_orders()
        if (userref is None or order.request.userref == userref)
        and (cl_ord_id is None or order.request.cl_ord_id == cl_ord_id)
    ]
    return {"open": {o.txid: o.as_kraken(with_trades=with_trades) for o in orders}}


_CLOSETIME = {"open", "close", "both"}


def closed_orders(call: PrivateCall) -> dict[str, Any]:
    with_trades = optional_bool(call.params, "trades")
    userref = optional_int(call.params, "userref")
    closetime = call.params.get("closetime", "both").strip() or "both"
    if closetime not in _CLOSETIME:
        raise invalid_argument("closetime")
    window = time_range(call)

    def in_range(order: Order) -> bool:
        closed = order.closed if order.closed is not None else order.opened
        if closetime == "open":
            return window.holds(order.opened)
        if closetime == "close":
            return window.holds(closed)
        return window.holds(order.opened) or window.holds(closed)

    orders = _newest_first(
        (
            o
            for o in call.account.book.closed_orders()
            if in_range(o) and (userref is None or o.request.userref == userref)
        ),
        lambda o: o.closed or o.opened,
    )
    page = _page(call, orders)
    return {
        "closed": {o.txid: o.as_kraken(with_trades=with_trades) for o in page},
        "count": len(orders),
    }


def query_orders(call: PrivateCall) -> dict[str, Any]:
    with_trades = optional_bool(call.params, "trades")
    chosen = _by_ids(
        call, "txid", call.account.book.orders, lambda o: o.opened, "EOrder:Invalid order"
    )
    return {txid: order.as_kraken(with_trades=with_trades) for txid, order in chosen.items()}


def trades_history(call: PrivateCall) -> dict[str, Any]:
    kind = call.params.get("type", "all").strip() or "all"
    if kind not in {"all", "any position", "closed position", "closing position", "no position"}:
        raise invalid_argument("type")
    window = time_range(call)
    trades = _newest_first(
        (t for t in call.account.book.trades.values() if window.holds(t.time)),
        lambda t: t.time,
    )
    page = _page(call, trades)
    return {"trades": {t.txid: t.as_kraken() for t in page}, "count": len(trades)}


def query_trades(call: PrivateCall) -> dict[str, Any]:
    chosen: dict[str, Trade] = _by_ids(
        call, "txid", call.account.book.trades, lambda t: t.time, "EOrder:Invalid order"
    )
    return {txid: trade.as_kraken() for txid, trade in chosen.items()}


_LEDGER_TYPES = {
    "all", "trade", "deposit", "withdrawal", "transfer", "margin", "adjustment",
    "rollover", "credit", "settled", "staking", "dividend", "sale", "nft_rebate",
}  # fmt: skip


def ledgers(call: PrivateCall) -> dict[str, Any]:
    kind = call.params.get("type", "all").strip() or "all"
    if kind not in _LEDGER_TYPES:
        raise invalid_argument("type")
    asset_names = [a.strip() for a in call.params.get("asset", "all").split(",") if a.strip()]
    wanted: set[str] | None = None
    if asset_names and asset_names != ["all"]:
        wanted = set()
        for name in asset_names:
            asset = find_asset(name)
            if asset is None:
                raise invalid_argument("asset")
            wanted.add(asset.key)
    window = time_range(call)

    def chosen(entry: LedgerEntry) -> bool:
        return (
            window.holds(entry.time)
            and kind in {"all", entry.type}
            and (wanted is None or entry.asset in wanted)
        )

    entries = _newest_first(
        (e for e in call.account.book.ledgers.values() if chosen(e)), lambda e: e.time
    )
    page = _page(call, entries)
    answer: dict[str, Any] = {"ledger": {e.id: e.as_kraken() for e in page}}
    if not optional_bool(call.params, "without_count"):
        answer["count"] = len(entries)
    return answer


def query_ledgers(call: PrivateCall) -> dict[str, Any]:
    chosen = _by_ids(
        call, "id", call.account.book.ledgers, lambda e: e.time, "EGeneral:Invalid arguments:id"
    )
    return {ref: entry.as_kraken() for ref, entry in chosen.items()}
