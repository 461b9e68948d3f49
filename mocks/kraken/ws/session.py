"""One client's WebSocket connection: its requests, its subscriptions, what it is sent.

Every message to the client goes through one queue and one sender task, so answers,
snapshots, updates and heartbeats keep their order. Events from the state's bus arrive
from another thread and are handled on this connection's loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from mocks.kraken.events import Event, LedgerEvent, MarketEvent, OrderEvent
from mocks.kraken.market import PAIRS, AssetPair, Quote
from mocks.kraken.ws import book, feeds, private
from mocks.kraken.ws.hub import Endpoint, WsHub, WsJournalEntry
from mocks.kraken.ws.protocol import FrameError, ack, parse_frame, rfc3339
from mocks.kraken.ws.subscriptions import (
    SYMBOL_CHANNELS,
    RequestError,
    SubscriptionRequest,
    read_request,
)
from mocks.kraken.ws.tokens import TOKENS, TokenGrant, TokenRefusedError
from mocks.kraken_facts.websocket import (
    ALREADY_SUBSCRIBED,
    API_VERSION,
    EVENT_NOT_FOUND,
    MALFORMED_REQUEST,
    SUBSCRIPTION_NOT_FOUND,
    pair_not_supported,
)

__all__ = ["Session"]

_log = logging.getLogger(__name__)
_DROP_CODE = 1001  # going away: what a client sees when the server restarts
_SERVER_VERSION = "2.0.10"


@dataclass
class Subscription:
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


class Session:
    def __init__(self, websocket: WebSocket, hub: WsHub, endpoint: Endpoint) -> None:
        self.websocket = websocket
        self.hub = hub
        self.endpoint = endpoint
        self.subscriptions: dict[tuple[str, str | None], Subscription] = {}
        self._queue: asyncio.Queue[dict[str, Any] | int] = asyncio.Queue()
        self._loop = asyncio.get_running_loop()
        self._sent_since_beat = False
        self._sequence: dict[str, int] = {}
        self.id = 0
        self._closed = False

    # the connection's life

    async def run(self) -> None:
        await self.websocket.accept()
        self.id = self.hub.add(self)
        sender = asyncio.create_task(self._send_loop(), name=f"kraken-ws-{self.id}-send")
        try:
            self._send(self._status())
            await self._receive_loop()
        finally:
            self._closed = True
            self.hub.remove(self)
            for sub in self.subscriptions.values():
                if sub.grant is not None:
                    TOKENS.release(sub.grant)
            self.subscriptions.clear()
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sender

    async def _receive_loop(self) -> None:
        while True:
            try:
                message = await self.websocket.receive()
            except (WebSocketDisconnect, RuntimeError):
                return
            if message["type"] == "websocket.disconnect":
                return
            time_in = self.hub.clock.now()
            text = message.get("text")
            if text is None:
                # Binary frames carry no JSON request.
                self._error("error", MALFORMED_REQUEST, time_in, None)
                continue
            self._handle(text, time_in)

    async def _send_loop(self) -> None:
        while True:
            item = await self._queue.get()
            if isinstance(item, int):
                with contextlib.suppress(Exception):
                    await self.websocket.close(code=item)
                return
            faults = self.hub.faults
            if faults.delay_s > 0:
                await self._loop.run_in_executor(None, faults.released.wait, faults.delay_s)
            if self.websocket.application_state != WebSocketState.CONNECTED:
                return
            try:
                await self.websocket.send_text(json.dumps(item, separators=(",", ":")))
            except Exception:  # the client went away; the receive loop ends the session
                return

    def _send(self, message: dict[str, Any]) -> None:
        if message.get("channel") != "heartbeat":
            self._sent_since_beat = True
        self._queue.put_nowait(message)

    # called from other threads

    def post_event(self, event: Event) -> None:
        self._threadsafe(self._on_event, event)

    def post_heartbeat(self) -> None:
        self._threadsafe(self._heartbeat)

    def drop(self) -> None:
        self._threadsafe(self._queue.put_nowait, _DROP_CODE)

    def _threadsafe(self, fn: Any, *args: Any) -> None:
        if self._closed:
            return
        with contextlib.suppress(RuntimeError):  # the loop has closed
            self._loop.call_soon_threadsafe(fn, *args)

    # requests

    def _handle(self, text: str, time_in: float) -> None:
        try:
            request = parse_frame(text)
        except FrameError as exc:
            self._error("error", exc.message, time_in, None)
            return
        method = request.get("method")
        req_id = request.get("req_id")
        if req_id is not None and (isinstance(req_id, bool) or not isinstance(req_id, int)):
            self._error(
                method if isinstance(method, str) else "error", MALFORMED_REQUEST, time_in, None
            )
            return
        if not isinstance(method, str):
            self._error("error", MALFORMED_REQUEST, time_in, req_id)
            return
        if method == "ping":
            self._send(ack("pong", time_in=time_in, time_out=self.hub.clock.now(), req_id=req_id))
            self._journal(method, None, (), req_id)
        elif method in ("subscribe", "unsubscribe"):
            self._subscription(method, request.get("params"), time_in, req_id)
        elif self.endpoint == "auth" and method in self.hub.order_methods:
            self.hub.order_methods[method](self, request.get("params"), time_in, req_id)
        else:
            self._error(method, EVENT_NOT_FOUND, time_in, req_id)

    def answer(
        self,
        method: str,
        time_in: float,
        req_id: object,
        *,
        result: object = None,
        error: str | None = None,
        extra: dict[str, Any] | None = None,
        key_name: str | None = None,
    ) -> None:
        """Answer a method (order entry): its result, or Kraken's error; and journal it."""
        self._send(
            ack(
                method,
                time_in=time_in,
                time_out=self.hub.clock.now(),
                req_id=req_id,
                result=result,
                error=error,
                extra=extra,
            )
        )
        self._journal(method, None, (), req_id, key_name=key_name, error=error)

    def _error(
        self,
        method: str,
        error: str,
        time_in: float,
        req_id: object,
        *,
        symbol: str | None = None,
        channel: str | None = None,
    ) -> None:
        extra = {"symbol": symbol} if symbol else None
        self._send(
            ack(
                method,
                time_in=time_in,
                time_out=self.hub.clock.now(),
                req_id=req_id,
                error=error,
                extra=extra,
            )
        )
        self._journal(method, channel, (symbol,) if symbol else (), req_id, error=error)

    def _journal(
        self,
        method: str,
        channel: str | None,
        symbols: tuple[str, ...],
        req_id: object,
        *,
        key_name: str | None = None,
        error: str | None = None,
    ) -> None:
        self.hub.record(
            WsJournalEntry(
                time=self.hub.clock.now(),
                endpoint=self.endpoint,
                connection=self.id,
                method=method,
                channel=channel,
                symbols=symbols,
                req_id=req_id,
                key_name=key_name,
                outcome="error" if error else "ok",
                error=error,
            )
        )

    def _subscription(self, method: str, params: object, time_in: float, req_id: object) -> None:
        try:
            request = read_request(params, authenticated=self.endpoint == "auth")
        except RequestError as exc:
            channel = params.get("channel") if isinstance(params, dict) else None
            self._error(
                method,
                exc.message,
                time_in,
                req_id,
                channel=channel if isinstance(channel, str) else None,
            )
            return
        refused = self.hub.faults.refuse_subscriptions
        if method == "subscribe" and refused:
            for symbol in request.symbols or (None,):
                self._error(
                    method, refused, time_in, req_id, symbol=symbol, channel=request.channel
                )
            return
        if request.private:
            self._private_subscription(method, request, time_in, req_id)
        elif request.channel in SYMBOL_CHANNELS:
            for symbol in request.symbols:
                self._symbol_subscription(method, request, symbol, time_in, req_id)
        else:
            self._plain_subscription(method, request, time_in, req_id)

    def _result(self, request: SubscriptionRequest, symbol: str | None) -> dict[str, Any]:
        result: dict[str, Any] = {"channel": request.channel}
        if request.channel == "book":
            result["depth"] = request.depth
        if request.channel == "ohlc":
            result["interval"] = request.interval
        if request.channel == "ticker":
            result["event_trigger"] = request.event_trigger
        if request.channel != "heartbeat":
            result["snapshot"] = request.snapshot
        if symbol is not None:
            result["symbol"] = symbol
        return result

    def _symbol_subscription(
        self, method: str, request: SubscriptionRequest, symbol: str, time_in: float, req_id: object
    ) -> None:
        pair = request.pairs.get(symbol)
        if pair is None:
            self._error(
                method,
                pair_not_supported(symbol),
                time_in,
                req_id,
                symbol=symbol,
                channel=request.channel,
            )
            return
        key = (request.channel, symbol)
        if method == "unsubscribe":
            if key not in self.subscriptions:
                self._error(
                    method,
                    SUBSCRIPTION_NOT_FOUND,
                    time_in,
                    req_id,
                    symbol=symbol,
                    channel=request.channel,
                )
                return
            del self.subscriptions[key]
            self._ack(method, request, symbol, time_in, req_id)
            return
        if key in self.subscriptions:
            self._error(
                method, ALREADY_SUBSCRIBED, time_in, req_id, symbol=symbol, channel=request.channel
            )
            return
        sub = Subscription(
            request.channel,
            symbol,
            pair,
            depth=request.depth,
            interval=request.interval,
            event_trigger=request.event_trigger,
        )
        self.subscriptions[key] = sub
        self._ack(method, request, symbol, time_in, req_id)
        quote = self.hub.quote(pair)
        if request.channel == "book":
            view = book.levels(pair, quote).top(sub.depth)
            sub.last_book = view
            self._send(self._book_message("snapshot", pair, view, view, None))
        elif not request.snapshot:
            return
        elif request.channel == "ticker":
            sub.last_bbo = (quote.bid, quote.ask)
            self._send(
                {"channel": "ticker", "type": "snapshot", "data": [feeds.ticker_data(pair, quote)]}
            )
        elif request.channel == "trade":
            trades = self.hub.recent_trades(pair)
            self._send({"channel": "trade", "type": "snapshot", "data": trades})
        elif request.channel == "ohlc":
            now = self.hub.clock.now()
            self._send(
                {
                    "channel": "ohlc",
                    "type": "snapshot",
                    "timestamp": rfc3339(now),
                    "data": [feeds.candle(pair, quote, sub.interval, now)],
                }
            )

    def _plain_subscription(
        self, method: str, request: SubscriptionRequest, time_in: float, req_id: object
    ) -> None:
        key = (request.channel, None)
        if method == "unsubscribe":
            if self.subscriptions.pop(key, None) is None:
                self._error(
                    method, SUBSCRIPTION_NOT_FOUND, time_in, req_id, channel=request.channel
                )
                return
            self._ack(method, request, None, time_in, req_id)
            return
        if key in self.subscriptions:
            self._error(method, ALREADY_SUBSCRIBED, time_in, req_id, channel=request.channel)
            return
        self.subscriptions[key] = Subscription(request.channel)
        self._ack(method, request, None, time_in, req_id)
        if request.channel == "instrument" and request.snapshot:
            self._send(
                {"channel": "instrument", "type": "snapshot", "data": feeds.instrument_data()}
            )

    def _private_subscription(
        self, method: str, request: SubscriptionRequest, time_in: float, req_id: object
    ) -> None:
        now = self.hub.clock.now()
        try:
            key, grant = TOKENS.check(request.token, self.hub.state, now)
        except TokenRefusedError as exc:
            self._error(method, exc.message, time_in, req_id, channel=request.channel)
            return
        sub_key = (request.channel, None)
        if method == "unsubscribe":
            sub = self.subscriptions.pop(sub_key, None)
            if sub is None:
                self._error(
                    method, SUBSCRIPTION_NOT_FOUND, time_in, req_id, channel=request.channel
                )
                return
            if sub.grant is not None:
                TOKENS.release(sub.grant)
            self._ack(method, request, None, time_in, req_id, key_name=key.name)
            return
        if sub_key in self.subscriptions:
            self._error(method, ALREADY_SUBSCRIBED, time_in, req_id, channel=request.channel)
            return
        with self.hub.state.lock:
            account = self.hub.state.account_of(key)
            balances = dict(account.balances)
            open_orders = [order.snapshot() for order in account.book.open_orders()]
            trades = sorted(account.book.trades.values(), key=lambda t: t.time)[-50:]
            orders = dict(account.book.orders)
            tier_threshold = int(account.tier.trade_threshold)
        TOKENS.hold(grant)
        self.subscriptions[sub_key] = Subscription(
            request.channel, email=account.email, grant=grant
        )
        result = self._result(request, None)
        if request.channel == "executions":
            result = {
                "channel": "executions",
                "snap_orders": request.snap_orders,
                "snap_trades": request.snap_trades,
                "maxratecount": tier_threshold,
            }
        self._send(
            ack(
                method, time_in=time_in, time_out=self.hub.clock.now(), req_id=req_id, result=result
            )
        )
        self._journal(method, request.channel, (), req_id, key_name=key.name)
        if request.channel == "balances" and request.snapshot:
            self._send(
                self._private_message("balances", "snapshot", private.balances_snapshot(balances))
            )
        elif request.channel == "executions" and (request.snap_orders or request.snap_trades):
            data: list[dict[str, Any]] = []
            if request.snap_orders:
                data += [private.order_data(o, "new", o.opened) for o in open_orders]
            if request.snap_trades:
                data += [
                    private.trade_data(orders[t.order_txid], t, "trade")
                    for t in trades
                    if t.order_txid in orders
                ]
            self._send(self._private_message("executions", "snapshot", data))

    def _ack(
        self,
        method: str,
        request: SubscriptionRequest,
        symbol: str | None,
        time_in: float,
        req_id: object,
        *,
        key_name: str | None = None,
    ) -> None:
        result = self._result(request, symbol)
        self._send(
            ack(
                method, time_in=time_in, time_out=self.hub.clock.now(), req_id=req_id, result=result
            )
        )
        self._journal(
            method, request.channel, (symbol,) if symbol else (), req_id, key_name=key_name
        )

    # messages

    def _status(self) -> dict[str, Any]:
        return {
            "channel": "status",
            "type": "update",
            "data": [
                {
                    "version": _SERVER_VERSION,
                    "system": "online",
                    "api_version": API_VERSION,
                    "connection_id": 10_000_000_000_000 + self.id,
                }
            ],
        }

    def _private_message(
        self, channel: str, kind: str, data: list[dict[str, Any]]
    ) -> dict[str, Any]:
        self._sequence[channel] = self._sequence.get(channel, 0) + 1
        return {"channel": channel, "type": kind, "data": data, "sequence": self._sequence[channel]}

    def _book_message(
        self,
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

    def _heartbeat(self) -> None:
        if self.subscriptions and not self._sent_since_beat:
            self._send({"channel": "heartbeat"})
        self._sent_since_beat = False

    # events

    def _on_event(self, event: Event) -> None:
        if isinstance(event, MarketEvent):
            self._on_market(event)
        elif isinstance(event, OrderEvent):
            self._on_order(event)
        elif isinstance(event, LedgerEvent):
            self._on_ledger(event)

    def _on_market(self, event: MarketEvent) -> None:
        pair = PAIRS.get(event.pair)
        if pair is None:
            return
        symbol = feeds.symbol_of(pair)
        quote: Quote = event.quote
        for (channel, sym), sub in list(self.subscriptions.items()):
            if sym != symbol:
                continue
            if channel == "book" and event.book_changed:
                new = book.levels(pair, quote).top(sub.depth)
                old = sub.last_book or book.BookView({}, {})
                changes = book.BookView(
                    book.diff(old.bids, new.bids), book.diff(old.asks, new.asks)
                )
                sub.last_book = new
                if changes.bids or changes.asks:
                    self._send(self._book_message("update", pair, changes, new, event.at))
            elif channel == "ticker":
                bbo = (quote.bid, quote.ask)
                if event.trades or (sub.event_trigger == "bbo" and bbo != sub.last_bbo):
                    self._send(
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
                self._send({"channel": "trade", "type": "update", "data": data})
            elif channel == "ohlc" and event.trades:
                self._send(
                    {
                        "channel": "ohlc",
                        "type": "update",
                        "timestamp": rfc3339(event.at),
                        "data": [feeds.candle(pair, quote, sub.interval, event.at)],
                    }
                )

    def _mine(self, channel: str, email: str) -> bool:
        sub = self.subscriptions.get((channel, None))
        return sub is not None and (sub.email or "").lower() == email.lower()

    def _on_order(self, event: OrderEvent) -> None:
        if not self._mine("executions", event.email):
            return
        order = event.order
        # The engine tells a fill twice: ``trade`` (the execution, with its trade) and, when
        # the order is done, ``filled`` (the order's new state).
        if event.exec_type == "trade" and event.trade is not None:
            data = private.trade_data(order, event.trade, "trade")
        else:
            data = private.order_data(order, event.exec_type, event.at)
        self._send(self._private_message("executions", "update", [data]))

    def _on_ledger(self, event: LedgerEvent) -> None:
        if self._mine("balances", event.email):
            self._send(
                self._private_message("balances", "update", [private.balance_update(event.entry)])
            )
