"""What a connection is sent as the mock changes: book diffs with their checksum, ticker,
trade and ohlc updates when the market moves, and its account's executions and balances.

Each function runs on the connection's own loop (the hub hands events over from the
publishing thread).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from mocks.kraken.events import Event, LedgerEvent, MarketEvent, OrderEvent
from mocks.kraken.market import PAIRS, AssetPair, Quote
from mocks.kraken.ws import book, feeds, private
from mocks.kraken.ws.protocol import rfc3339
from mocks.kraken.ws.tokens import TokenGrant

if TYPE_CHECKING:
    from mocks.kraken.ws.session import Session

__all__ = ["Subscription", "book_message", "on_event", "private_message"]


@dataclass
class Subscription:
    """One live subscription of a connection, and what was last sent on it."""

    channel: str
    symbol: str | None = None
    pair: AssetPair | None = None
    depth: int = 10
    interval: int = 1
    event_trigger: str = "trades"
    last_book: book.BookView | None = None
    last_bbo: tuple[Decimal, Decimal] | None = None
    email: str | None = None
    grant: TokenGrant | None = field(default=None, repr=False)


def private_message(
    session: Session, channel: str, kind: str, data: list[dict[str, Any]]
) -> dict[str, Any]:
    session.sequence[channel] = session.sequence.get(channel, 0) + 1
    return {"channel": channel, "type": kind, "data": data, "sequence": session.sequence[channel]}


def book_message(
    kind: str,
    pair: AssetPair,
    changes: book.BookView,
    whole: book.BookView,
    at: float | None,
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "symbol": feeds.symbol_of(pair),
        "bids": book.as_levels(pair, sorted(changes.bids.items(), reverse=True)),
        "asks": book.as_levels(pair, sorted(changes.asks.items())),
        "checksum": book.checksum(pair, whole),
    }
    if at is not None:
        entry["timestamp"] = rfc3339(at)
    return {"channel": "book", "type": kind, "data": [entry]}


def on_event(session: Session, event: Event) -> None:
    if isinstance(event, MarketEvent):
        _on_market(session, event)
    elif isinstance(event, OrderEvent):
        _on_order(session, event)
    elif isinstance(event, LedgerEvent):
        _on_ledger(session, event)


def _on_market(session: Session, event: MarketEvent) -> None:
    pair = PAIRS.get(event.pair)
    if pair is None:
        return
    symbol = feeds.symbol_of(pair)
    quote: Quote = event.quote
    for (channel, sym), sub in list(session.subscriptions.items()):
        if sym != symbol:
            continue
        if channel == "book" and event.book_changed:
            new = book.levels(pair, quote, sub.depth)
            old = sub.last_book or book.BookView({}, {})
            changes = book.BookView(book.diff(old.bids, new.bids), book.diff(old.asks, new.asks))
            sub.last_book = new
            if changes.bids or changes.asks:
                session.send(book_message("update", pair, changes, new, event.at))
        elif channel == "ticker":
            bbo = (quote.bid, quote.ask)
            if event.trades or (sub.event_trigger == "bbo" and bbo != sub.last_bbo):
                session.send(
                    {
                        "channel": "ticker",
                        "type": "update",
                        "data": [feeds.ticker_data(pair, quote)],
                    }
                )
            sub.last_bbo = bbo
        elif channel == "trade" and event.trades:
            data = [
                feeds.trade_data(
                    pair,
                    price=t.price,
                    volume=t.volume,
                    side=t.side,
                    ordertype=t.ordertype,
                    trade_id=t.trade_id,
                    at=t.time,
                )
                for t in event.trades
            ]
            session.send({"channel": "trade", "type": "update", "data": data})
        elif channel == "ohlc" and event.trades:
            session.send(
                {
                    "channel": "ohlc",
                    "type": "update",
                    "timestamp": rfc3339(event.at),
                    "data": [feeds.candle(pair, quote, sub.interval, event.at)],
                }
            )


def _mine(session: Session, channel: str, email: str) -> bool:
    sub = session.subscriptions.get((channel, None))
    return sub is not None and (sub.email or "").lower() == email.lower()


def _on_order(session: Session, event: OrderEvent) -> None:
    if not _mine(session, "executions", event.email):
        return
    order = event.order
    # The engine tells a fill twice: ``trade`` (the execution, with its trade) and, when
    # the order is done, ``filled`` (the order's new state).
    if event.exec_type == "trade" and event.trade is not None:
        data = private.trade_data(order, event.trade, "trade")
    else:
        data = private.order_data(order, event.exec_type, event.at)
    session.send(private_message(session, "executions", "update", [data]))


def _on_ledger(session: Session, event: LedgerEvent) -> None:
    if _mine(session, "balances", event.email):
        session.send(
            private_message(session, "balances", "update", [private.balance_update(event.entry)])
        )
