"""What orders do, once the trading service has counted them: entering the book, taking,
resting, triggering and filling when the market moves, expiring.

:class:`Engine` applies the rules of :mod:`mocks.kraken.matching` and books fills through
:mod:`mocks.kraken.fills`. It does not count transactions: that is the trading service's
job (:mod:`mocks.kraken.trading`), which every protocol calls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from mocks.kraken import fee_rates
from mocks.kraken.fills import affordable, fill
from mocks.kraken.market import AssetPair, Quote
from mocks.kraken.market_state import MarketState
from mocks.kraken.matching import is_triggered, reached, takes, touch, waiting
from mocks.kraken.orders import Order, OrderRequest, new_txid
from mocks.kraken_facts.errors import (
    COST_MINIMUM_NOT_MET,
    INSUFFICIENT_FUNDS,
    ORDER_MINIMUM_NOT_MET,
    ORDERS_LIMIT,
    POST_ONLY,
    KrakenError,
)

if TYPE_CHECKING:
    from mocks.kraken.state import Account

__all__ = ["CANCEL_AFTER_REASON", "INSUFFICIENT_REASON", "IOC_REASON", "Engine"]

IOC_REASON = "Immediate or cancel"
INSUFFICIENT_REASON = "Insufficient funds"
CANCEL_AFTER_REASON = "Cancel all orders after timeout"


class Engine:
    def __init__(self, market: MarketState, accounts: Callable[[], Iterable[Account]]) -> None:
        self.market = market
        self.accounts = accounts

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

    def enter(self, account: Account, request: OrderRequest, now: float) -> Order:
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
            self.sweep(request.pair, now)
            return order
        if request.timeinforce == "IOC" and not conditional:
            book.add(order, now)
            book.close(order, "canceled", IOC_REASON, now)
            return order
        if len(book.open_orders(request.pair)) >= account.tier.max_open_orders:
            raise KrakenError(ORDERS_LIMIT)
        order.hold_asset, order.hold_amount = self.hold(request, quote, taker_fee)
        if order.hold_amount > book.available(account.balances, order.hold_asset):
            raise KrakenError(INSUFFICIENT_FUNDS)
        book.add(order, now)
        if conditional and is_triggered(request, quote.last):
            self.trigger(account, order, now)
        return order

    @staticmethod
    def hold(request: OrderRequest, quote: Quote, taker_fee: Decimal) -> tuple[str, Decimal]:
        """What a resting order holds: the base for a sell; for a buy, the cost at its
        limit (or trigger, or the ask) plus the taker fee, in the quote."""
        pair = request.pair
        if request.side == "sell":
            return pair.base, request.volume
        price = request.limit_price() or request.price or quote.ask
        cost = request.volume * price
        return pair.quote, cost + cost * taker_fee / 100

    def sweep(self, pair: AssetPair, now: float) -> None:
        last = self.market.last(pair)
        for account in list(self.accounts()):
            for order in account.book.open_orders(pair):
                if not order.is_open:
                    continue
                if waiting(order):
                    if is_triggered(order.request, last):
                        self.trigger(account, order, now)
                    continue
                limit = order.request.limit_price()
                if limit is not None and reached(order.request.side, limit, last):
                    self.fill_or_cancel(account, order, limit, maker=True, now=now)

    def trigger(self, account: Account, order: Order, now: float) -> None:
        order.triggered = True
        account.book.publish(order, "status", now)
        quote = self.market.quote(order.request.pair)
        limit = order.request.limit_price()
        if takes(order.request.side, limit, quote):
            price = touch(order.request.side, quote)
            self.fill_or_cancel(account, order, price, maker=False, now=now)

    def fill_or_cancel(
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
        for account in list(self.accounts()):
            book = account.book
            if account.cancel_all_at is not None and now >= account.cancel_all_at:
                account.cancel_all_at = None
                for order in book.open_orders():
                    book.close(order, "canceled", CANCEL_AFTER_REASON, now)
            for order in book.open_orders():
                expires = order.request.expiretm
                if expires and now >= expires:
                    book.close(order, "expired", None, now)
