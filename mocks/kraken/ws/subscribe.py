"""A connection's ``subscribe`` and ``unsubscribe``: the per-symbol acks, Kraken's errors,
and each channel's snapshot, public (``instrument``, ``ticker``, ``book``, ``trade``,
``ohlc``, ``heartbeat``) and authenticated (``executions``, ``balances``, with a token)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mocks.kraken.ws import book, feeds, private
from mocks.kraken.ws.protocol import ack, rfc3339
from mocks.kraken.ws.subscriptions import (
    SYMBOL_CHANNELS,
    RequestError,
    SubscriptionRequest,
    read_request,
)
from mocks.kraken.ws.tokens import TOKENS, TokenRefusedError
from mocks.kraken.ws.updates import Subscription, book_message, private_message
from mocks.kraken_facts.websocket import (
    ALREADY_SUBSCRIBED,
    SUBSCRIPTION_NOT_FOUND,
    pair_not_supported,
)

if TYPE_CHECKING:
    from mocks.kraken.ws.session import Session

__all__ = ["handle"]


def handle(session: Session, method: str, params: object, time_in: float, req_id: object) -> None:
    try:
        request = read_request(params, authenticated=session.endpoint == "auth")
    except RequestError as exc:
        channel = params.get("channel") if isinstance(params, dict) else None
        session.error(
            method,
            exc.message,
            time_in,
            req_id,
            channel=channel if isinstance(channel, str) else None,
        )
        return
    refused = session.hub.faults.refuse_subscriptions
    if method == "subscribe" and refused:
        for symbol in request.symbols or (None,):
            session.error(method, refused, time_in, req_id, symbol=symbol, channel=request.channel)
        return
    if request.private:
        _private_subscription(session, method, request, time_in, req_id)
    elif request.channel in SYMBOL_CHANNELS:
        for symbol in request.symbols:
            _symbol_subscription(session, method, request, symbol, time_in=time_in, req_id=req_id)
    else:
        _plain_subscription(session, method, request, time_in, req_id)


def _result(session: Session, request: SubscriptionRequest, symbol: str | None) -> dict[str, Any]:
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
    session: Session,
    method: str,
    request: SubscriptionRequest,
    symbol: str,
    *,
    time_in: float,
    req_id: object,
) -> None:
    pair = request.pairs.get(symbol)
    if pair is None:
        session.error(
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
        if key not in session.subscriptions:
            session.error(
                method,
                SUBSCRIPTION_NOT_FOUND,
                time_in,
                req_id,
                symbol=symbol,
                channel=request.channel,
            )
            return
        del session.subscriptions[key]
        _ack(session, method, request, symbol, time_in=time_in, req_id=req_id)
        return
    if key in session.subscriptions:
        session.error(
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
    session.subscriptions[key] = sub
    _ack(session, method, request, symbol, time_in=time_in, req_id=req_id)
    quote = session.hub.quote(pair)
    if request.channel == "book":
        view = book.levels(pair, quote, sub.depth)
        sub.last_book = view
        session.send(book_message("snapshot", pair, view, view, None))
    elif not request.snapshot:
        return
    elif request.channel == "ticker":
        sub.last_bbo = (quote.bid, quote.ask)
        session.send(
            {"channel": "ticker", "type": "snapshot", "data": [feeds.ticker_data(pair, quote)]}
        )
    elif request.channel == "trade":
        trades = session.hub.recent_trades(pair)
        session.send({"channel": "trade", "type": "snapshot", "data": trades})
    elif request.channel == "ohlc":
        now = session.hub.clock.now()
        session.send(
            {
                "channel": "ohlc",
                "type": "snapshot",
                "timestamp": rfc3339(now),
                "data": [feeds.candle(pair, quote, sub.interval, now)],
            }
        )


def _plain_subscription(
    session: Session, method: str, request: SubscriptionRequest, time_in: float, req_id: object
) -> None:
    key = (request.channel, None)
    if method == "unsubscribe":
        if session.subscriptions.pop(key, None) is None:
            session.error(method, SUBSCRIPTION_NOT_FOUND, time_in, req_id, channel=request.channel)
            return
        _ack(session, method, request, None, time_in=time_in, req_id=req_id)
        return
    if key in session.subscriptions:
        session.error(method, ALREADY_SUBSCRIBED, time_in, req_id, channel=request.channel)
        return
    session.subscriptions[key] = Subscription(request.channel)
    _ack(session, method, request, None, time_in=time_in, req_id=req_id)
    if request.channel == "instrument" and request.snapshot:
        session.send({"channel": "instrument", "type": "snapshot", "data": feeds.instrument_data()})


def _private_subscription(
    session: Session, method: str, request: SubscriptionRequest, time_in: float, req_id: object
) -> None:
    now = session.hub.clock.now()
    try:
        key, grant = TOKENS.check(request.token, session.hub.state, now)
    except TokenRefusedError as exc:
        session.error(method, exc.message, time_in, req_id, channel=request.channel)
        return
    sub_key = (request.channel, None)
    if method == "unsubscribe":
        sub = session.subscriptions.pop(sub_key, None)
        if sub is None:
            session.error(method, SUBSCRIPTION_NOT_FOUND, time_in, req_id, channel=request.channel)
            return
        if sub.grant is not None:
            TOKENS.release(sub.grant)
        _ack(session, method, request, None, time_in=time_in, req_id=req_id, key_name=key.name)
        return
    if sub_key in session.subscriptions:
        session.error(method, ALREADY_SUBSCRIBED, time_in, req_id, channel=request.channel)
        return
    with session.hub.state.lock:
        account = session.hub.state.account_of(key)
        balances = dict(account.balances)
        open_orders = [order.snapshot() for order in account.book.open_orders()]
        trades = sorted(account.book.trades.values(), key=lambda t: t.time)[-50:]
        orders = dict(account.book.orders)
        tier_threshold = int(account.tier.trade_threshold)
    TOKENS.hold(grant)
    session.subscriptions[sub_key] = Subscription(request.channel, email=account.email, grant=grant)
    result = _result(session, request, None)
    if request.channel == "executions":
        result = {
            "channel": "executions",
            "snap_orders": request.snap_orders,
            "snap_trades": request.snap_trades,
            "maxratecount": tier_threshold,
        }
    session.send(
        ack(method, time_in=time_in, time_out=session.hub.clock.now(), req_id=req_id, result=result)
    )
    session.journal(method, request.channel, (), req_id, key_name=key.name)
    if request.channel == "balances" and request.snapshot:
        session.send(
            private_message(session, "balances", "snapshot", private.balances_snapshot(balances))
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
        session.send(private_message(session, "executions", "snapshot", data))


def _ack(
    session: Session,
    method: str,
    request: SubscriptionRequest,
    symbol: str | None,
    *,
    time_in: float,
    req_id: object,
    key_name: str | None = None,
) -> None:
    result = _result(session, request, symbol)
    session.send(
        ack(method, time_in=time_in, time_out=session.hub.clock.now(), req_id=req_id, result=result)
    )
    session.journal(method, request.channel, (symbol,) if symbol else (), req_id, key_name=key_name)
