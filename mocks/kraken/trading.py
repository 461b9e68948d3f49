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
fills or triggers what the move reaches. What orders do is :mod:`mocks.kraken.execution`'s
(with the rules in :mod:`mocks.kraken.matching` and :mod:`mocks.kraken.fills`), amends and
edits are :mod:`mocks.kraken.amends`; this module counts and cancels.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from mocks.clock import Clock
from mocks.kraken import amends, limiter
from mocks.kraken.amends import Amend, Edit
from mocks.kraken.execution import Engine
from mocks.kraken.market import AssetPair, Quote
from mocks.kraken.market_state import MarketState
from mocks.kraken.orders import Order, OrderRequest
from mocks.kraken_facts.errors import UNKNOWN_ORDER, KrakenError, invalid_argument
from mocks.kraken_facts.limits import ADD_FIXED, batch_add_cost, cancel_penalty

if TYPE_CHECKING:
    from mocks.kraken.state import Account, ApiKey

__all__ = ["Amend", "CancelAfter", "Edit", "TradingService"]

MAX_CANCEL_AFTER_S = 86400


@dataclass(frozen=True)
class CancelAfter:
    now: float
    trigger_at: float | None  # None: the timer is off


class TradingService:
    def __init__(self, market: MarketState, accounts: Callable[[], Iterable[Account]]) -> None:
        self.engine = Engine(market, accounts)

    @property
    def market(self) -> MarketState:
        return self.engine.market

    def check(self, request: OrderRequest) -> None:
        """The checks that need the market (minimum volume and cost), for validate-only."""
        self.engine.check(request)

    def tick(self, now: float) -> None:
        """Expire GTD orders past ``expiretm`` and fire dead man's switches that are due."""
        self.engine.tick(now)

    # order entry

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
        return self.engine.enter(account, request, now)

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
                    answers.append(self.engine.enter(account, request, now))
            except KrakenError as exc:
                answers.append(exc)
        return answers

    # the market

    def move_market(self, pair: AssetPair, price: Decimal, clock: Clock) -> Quote:
        """``PUT /_mock/market``: the pair trades at ``price``; what it reaches fills."""
        now = clock.now()
        self.tick(now)
        quote = self.market.move(pair, price, now)
        self.engine.sweep(pair, now)
        return quote

    # amend and edit

    def amend(
        self, account: Account, key: ApiKey | None, ref: str, change: Amend, clock: Clock
    ) -> str:
        """Change an open order in place (same ids); answers the amend id."""
        now = clock.now()
        self.tick(now)
        return amends.amend(self.engine, account, ref, change, now)

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
        return amends.edit(self.engine, account, ref, change, now, validate=validate)

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
