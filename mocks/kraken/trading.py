"""The trading service: order entry for every protocol (REST today, WebSocket on top).

``state.trading`` is one :class:`TradingService`. Each operation takes the account, the key
that asked (``None`` from the control API), the parsed request and the clock, raises
:class:`~mocks.kraken_facts.errors.KrakenError` with Kraken's strings, and charges the
account's **trading counter for the pair** (:mod:`mocks.kraken.limiter`; one per account
and pair, shared by all keys and protocols). Call it with ``state.lock`` held.

What an order does on entry (:meth:`TradingService.add`): a taker fills at once at the
touch, a post-only order that would take is refused (``EOrder:Post only order``), an IOC
order that would not take is cancelled, anything else rests (holding funds, within the
tier's open orders per pair). :meth:`TradingService.move_market` moves a pair's price and
fills or triggers what the move reaches. The rules themselves are in
:mod:`mocks.kraken.matching` and :mod:`mocks.kraken.fills`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from mocks.clock import Clock
from mocks.kraken import fee_rates, limiter
from mocks.kraken.fills import affordable, fill
from mocks.kraken.market import AssetPair, Quote
from mocks.kraken.market_state import MarketState
from mocks.kraken.matching import is_triggered, reached, takes, touch, waiting
from mocks.kraken.orders import Order, OrderRequest, new_txid
from mocks.kraken_facts.errors import (
    COST_MINIMUM_NOT_MET,
    INSUFFICIENT_FUNDS,
    INVALID_ORDER,
    ORDER_MINIMUM_NOT_MET,
    ORDERS_LIMIT,
    POST_ONLY,
    UNKNOWN_ORDER,
    KrakenError,
    invalid_argument,
)
from mocks.kraken_facts.limits import (
    ADD_FIXED,
    amend_penalty,
    batch_add_cost,
    cancel_penalty,
    edit_penalty,
)

if TYPE_CHECKING:
    from mocks.kraken.state import Account, ApiKey

__all__ = ["Amend", "CancelAfter", "Edit", "TradingService"]

IOC_REASON = "Immediate or cancel"
INSUFFICIENT_REASON = "Insufficient funds"
CANCEL_AFTER_REASON = "Cancel all orders after timeout"
MAX_CANCEL_AFTER_S = 86400


@dataclass(frozen=True)
class Amend:
    """An AmendOrder: any of a new quantity, limit price, trigger price, post-only."""

    order_qty: Decimal | None = None
    limit_price: Decimal | None = None
    trigger_price: Decimal | None = None
    post_only: bool = False


@dataclass(frozen=True)
class Edit:
    """An EditOrder: the order's pair (it must match), and what changes (None: as before)."""

    pair: AssetPair
    volume: Decimal | None = None
    price: Decimal | None = None
    price2: Decimal | None = None
    oflags: str | None = None
    userref: int | None = None


@dataclass(frozen=True)
class CancelAfter:
    now: float
    trigger_at: float | None  # None: the timer is off


class TradingService:
    def __init__(self, market: MarketState, accounts: Callable[[], Iterable[Account]]) -> None:
        self.market = market
        self._accounts = accounts

    # order entry

    def check(self, request: OrderRequest) -> None:
        """The checks that need the market: minimum volume and cost."""
        pair = request.pair
        if request.volume < pair.ordermin:
            raise KrakenError(ORDER_MINIMUM_NOT_MET)
        reference = request.limit_price() or request.price
        if reference is None:
            reference = touch(request.side, self.market.quote(pair))
        if request.volume * reference < pair.costmin:
            raise KrakenError(COST_MINIMUM_NOT_MET)

    def add(
        self,
        account: Account,
        key: ApiKey | None,
        request: OrderRequest,
        clock: Clock,
        *,
        validate: bool = False,
    ) -> Order | None:
        """Place one order (None when only validating)."""
        now = clock.now()
        self.tick(now)
        pair = request.pair.key
        limiter.require(account, pair, ADD_FIXED, now)
        if validate:
            self.check(request)
            return None
        limiter.charge(account, pair, ADD_FIXED, now)  # counted even if the order fails
        return self._enter(account, request, now)

    def add_batch(
        self,
        account: Account,
        key: ApiKey | None,
        requests: list[OrderRequest],
        clock: Clock,
        *,
        validate: bool = False,
    ) -> list[Order | KrakenError | None]:
        """Place orders of one pair in turn; each answers its order or its own error."""
        now = clock.now()
        self.tick(now)
        pair = requests[0].pair.key
        cost = batch_add_cost(len(requests))
        limiter.require(account, pair, cost, now)
        if not validate:
            limiter.charge(account, pair, cost, now)
        answers: list[Order | KrakenError | None] = []
        for request in requests:
            try:
                if validate:
                    self.check(request)
                    answers.append(None)
                else:
                    answers.append(self._enter(account, request, now))
            except KrakenError as exc:
                answers.append(exc)
        return answers

    def _enter(self, account: Account, request: OrderRequest, now: float) -> Order:
        self.check(request)
        book = account.book
        quote = self.market.quote(request.pair)
        taker_fee = fee_rates.taker_tier(book, now).fee
        conditional = request.is_conditional
        limit = request.limit_price(triggered=False)
        taking = not conditional and takes(request.side, limit, quote)
        if taking and request.post_only:
            raise KrakenError(POST_ONLY)
        order = Order(txid=new_txid("O"), request=request, opened=now, touched=now)
        if taking:
            price = touch(request.side, quote)
            if not affordable(book, order, price, taker_fee, account.balances):
                raise KrakenError(INSUFFICIENT_FUNDS)
            book.add(order, now)
            fill(book, order, price, maker=False, fee_percent=taker_fee,
                 balances=account.balances, market=self.market, now=now)  # fmt: skip
            self._sweep(request.pair, now)
            return order
        if request.timeinforce == "IOC" and not conditional:
            book.add(order, now)
            book.close(order, "canceled", IOC_REASON, now)
            return order
        if len(book.open_orders(request.pair)) >= account.tier.max_open_orders:
            raise KrakenError(ORDERS_LIMIT)
        order.hold_asset, order.hold_amount = self._hold(request, quote, taker_fee)
        if order.hold_amount > book.available(account.balances, order.hold_asset):
            raise KrakenError(INSUFFICIENT_FUNDS)
        book.add(order, now)
        if conditional and is_triggered(request, quote.last):
            self._trigger(account, order, now)
        return order

    @staticmethod
    def _hold(request: OrderRequest, quote: Quote, taker_fee: Decimal) -> tuple[str, Decimal]:
        """What a resting order holds: the base for a sell; for a buy, the cost at its
        limit (or trigger, or the ask) plus the taker fee, in the quote."""
        pair = request.pair
        if request.side == "sell":
            return pair.base, request.volume
        price = request.limit_price() or request.price or quote.ask
        cost = request.volume * price
        return pair.quote, cost + cost * taker_fee / 100

    # what the market does to resting orders

    def move_market(self, pair: AssetPair, price: Decimal, clock: Clock) -> Quote:
        """``PUT /_mock/market``: the pair trades at ``price``; what it reaches fills."""
        now = clock.now()
        self.tick(now)
        quote = self.market.move(pair, price, now)
        self._sweep(pair, now)
        return quote

    def _sweep(self, pair: AssetPair, now: float) -> None:
        last = self.market.last(pair)
        for account in list(self._accounts()):
            for order in account.book.open_orders(pair):
                if not order.is_open:
                    continue
                if waiting(order):
                    if is_triggered(order.request, last):
                        self._trigger(account, order, now)
                    continue
                limit = order.request.limit_price()
                if limit is not None and reached(order.request.side, limit, last):
                    self._fill_or_cancel(account, order, limit, maker=True, now=now)

    def _trigger(self, account: Account, order: Order, now: float) -> None:
        order.triggered = True
        account.book.publish(order, "status", now)
        quote = self.market.quote(order.request.pair)
        limit = order.request.limit_price()
        if takes(order.request.side, limit, quote):
            price = touch(order.request.side, quote)
            self._fill_or_cancel(account, order, price, maker=False, now=now)

    def _fill_or_cancel(
        self, account: Account, order: Order, price: Decimal, *, maker: bool, now: float
    ) -> None:
        book = account.book
        tier = fee_rates.maker_tier(book, now) if maker else fee_rates.taker_tier(book, now)
        if not affordable(book, order, price, tier.fee, account.balances):
            book.close(order, "canceled", INSUFFICIENT_REASON, now)
            return
        fill(book, order, price, maker=maker, fee_percent=tier.fee,
             balances=account.balances, market=self.market, now=now)  # fmt: skip

    def tick(self, now: float) -> None:
        """Expire GTD orders past ``expiretm`` and fire dead man's switches that are due."""
        for account in list(self._accounts()):
            book = account.book
            if account.cancel_all_at is not None and now >= account.cancel_all_at:
                account.cancel_all_at = None
                for order in book.open_orders():
                    book.close(order, "canceled", CANCEL_AFTER_REASON, now)
            for order in book.open_orders():
                expires = order.request.expiretm
                if expires and now >= expires:
                    book.close(order, "expired", None, now)

    # amend and edit

    def amend(
        self, account: Account, key: ApiKey | None, ref: str, change: Amend, clock: Clock
    ) -> str:
        """Change an open order in place (same ids); answers the amend id."""
        now = clock.now()
        self.tick(now)
        order = account.book.find_one(ref)
        request = order.request
        pair = request.pair.key
        cost = amend_penalty(now - order.last_touched)
        limiter.require(account, pair, cost, now)
        limiter.charge(account, pair, cost, now)
        if request.ordertype == "market":
            raise KrakenError(INVALID_ORDER)
        replaced = _amended(request, change)
        self.check(replaced)
        quote = self.market.quote(request.pair)
        limit = replaced.limit_price(triggered=order.triggered)
        taking = not waiting(order) and takes(replaced.side, limit, quote)
        if taking and change.post_only:
            raise KrakenError(POST_ONLY)
        taker_fee = fee_rates.taker_tier(account.book, now).fee
        asset, amount = self._hold(replaced, quote, taker_fee)
        if amount > account.book.available(account.balances, asset) + order.hold_amount:
            raise KrakenError(INSUFFICIENT_FUNDS)
        order.request = replaced
        order.hold_asset, order.hold_amount = asset, amount
        order.amends += 1
        order.touched = now
        account.book.publish(order, "amended", now)
        if taking:
            self._fill_or_cancel(account, order, touch(replaced.side, quote), maker=False,
                                 now=now)  # fmt: skip
        return new_txid("T")

    def edit(
        self,
        account: Account,
        key: ApiKey | None,
        ref: str,
        change: Edit,
        clock: Clock,
        *,
        validate: bool = False,
    ) -> tuple[Order, Order | None]:
        """Cancel an open order and place its changed copy: (old, new; None if validating)."""
        now = clock.now()
        self.tick(now)
        book = account.book
        found = book.find(ref)
        if len(found) != 1:
            raise KrakenError(UNKNOWN_ORDER)
        old = found[0]
        pair = change.pair
        if old.request.pair.key != pair.key:
            raise invalid_argument("pair")
        replacement = _edited(old.request, change)
        if old.triggered or replacement.volume < old.vol_exec:
            raise KrakenError(INVALID_ORDER)
        cost = edit_penalty(now - old.last_touched)
        limiter.require(account, pair.key, cost, now)
        if validate:
            self.check(replacement)
            return old, None
        limiter.charge(account, pair.key, cost, now)
        hold = old.hold_amount
        old.hold_amount = Decimal(0)  # the new order may use what the old one held
        try:
            new = self._enter(account, replacement, now)
        except KrakenError:
            old.hold_amount = hold
            raise
        book.close(old, "canceled", "Order replaced", now)
        return old, new

    # cancels

    def cancel(self, account: Account, key: ApiKey | None, ref: str, clock: Clock) -> int:
        """Cancel the open orders ``ref`` names (txid, userref or cl_ord_id).

        Every order named must fit its pair's trading counter, or none is cancelled.
        """
        now = clock.now()
        self.tick(now)
        orders = account.book.find(ref)
        if not orders:
            raise KrakenError(UNKNOWN_ORDER)
        penalties = _penalties(orders, now)
        for pair, cost in penalties.items():
            limiter.require(account, pair, cost, now)
        return self._close_all(account, orders, penalties, now)

    def cancel_batch(
        self, account: Account, key: ApiKey | None, refs: list[str], clock: Clock
    ) -> int:
        """Cancel several orders; accepted even past the counter's threshold (Kraken's rule)."""
        now = clock.now()
        self.tick(now)
        orders: dict[str, Order] = {}
        for ref in refs:
            for order in account.book.find(ref):
                orders[order.txid] = order
        if not orders:
            raise KrakenError(UNKNOWN_ORDER)
        chosen = list(orders.values())
        return self._close_all(account, chosen, _penalties(chosen, now), now)

    def cancel_all(self, account: Account, key: ApiKey | None, clock: Clock) -> int:
        now = clock.now()
        self.tick(now)
        orders = account.book.open_orders()
        return self._close_all(account, orders, _penalties(orders, now), now)

    def cancel_all_after(
        self, account: Account, key: ApiKey | None, timeout_s: int, clock: Clock
    ) -> CancelAfter:
        """Arm (or, with 0, disarm) the account's dead man's switch."""
        now = clock.now()
        self.tick(now)
        if not 0 <= timeout_s <= MAX_CANCEL_AFTER_S:
            raise invalid_argument("timeout")
        account.cancel_all_at = now + timeout_s if timeout_s else None
        return CancelAfter(now, account.cancel_all_at)

    def _close_all(
        self, account: Account, orders: list[Order], penalties: dict[str, float], now: float
    ) -> int:
        for order in orders:
            account.book.close(order, "canceled", "User requested", now)
        for pair, cost in penalties.items():
            limiter.charge(account, pair, cost, now)
        return len(orders)


def _penalties(orders: list[Order], now: float) -> dict[str, float]:
    penalties: dict[str, float] = {}
    for order in orders:
        pair = order.request.pair.key
        penalties[pair] = penalties.get(pair, 0) + cancel_penalty(now - order.last_touched)
    return penalties


def _amended(request: OrderRequest, change: Amend) -> OrderRequest:
    updated = request
    if change.order_qty is not None:
        updated = replace(updated, volume=change.order_qty)
    if change.limit_price is not None:
        if request.ordertype == "limit":
            updated = replace(updated, price=change.limit_price)
        elif request.ordertype.endswith("-limit"):
            updated = replace(updated, price2=change.limit_price)
        else:
            raise invalid_argument("limit_price")
    if change.trigger_price is not None:
        if not request.is_conditional:
            raise invalid_argument("trigger_price")
        updated = replace(updated, price=change.trigger_price)
    if change.post_only and "post" not in updated.oflags.split(","):
        updated = replace(updated, oflags=",".join(filter(None, [updated.oflags, "post"])))
    return updated


def _edited(request: OrderRequest, change: Edit) -> OrderRequest:
    return replace(
        request,
        volume=change.volume if change.volume is not None else request.volume,
        price=change.price if change.price is not None else request.price,
        price2=change.price2 if change.price2 is not None else request.price2,
        oflags=change.oflags if change.oflags is not None else request.oflags,
        userref=change.userref if change.userref is not None else request.userref,
        cl_ord_id=None,  # EditOrder does not carry cl_ord_id over (Kraken's caveat)
    )
