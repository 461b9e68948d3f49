"""Changing an open order: AmendOrder (in place, same ids, Kraken's atomic amend) and
EditOrder (Kraken's older cancel-and-replace, a new txid), with their trading counts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from mocks.kraken import fee_rates, limiter
from mocks.kraken.execution import Engine
from mocks.kraken.market import AssetPair
from mocks.kraken.matching import is_triggered, takes, touch, waiting
from mocks.kraken.orders import Order, OrderRequest, new_txid
from mocks.kraken_facts.errors import (
    INSUFFICIENT_FUNDS,
    INVALID_ORDER,
    POST_ONLY,
    UNKNOWN_ORDER,
    KrakenError,
    invalid_argument,
)
from mocks.kraken_facts.limits import amend_penalty, edit_penalty

if TYPE_CHECKING:
    from mocks.kraken.state import Account

__all__ = ["Amend", "Edit", "amend", "edit"]


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


def amend(engine: Engine, account: Account, ref: str, change: Amend, now: float) -> str:
    """Change an open order in place (same ids); answers the amend id."""
    order = account.book.find_one(ref)
    request = order.request
    pair = request.pair.key
    cost = amend_penalty(now - order.last_touched)
    limiter.require(account, pair, cost, now)
    limiter.charge(account, pair, cost, now)
    if request.ordertype == "market":
        raise KrakenError(INVALID_ORDER)
    replaced = _amended(request, change)
    engine.check(replaced)
    quote = engine.market.quote(request.pair)
    limit = replaced.limit_price(triggered=order.triggered)
    taking = not waiting(order) and takes(replaced.side, limit, quote)
    if taking and change.post_only:
        raise KrakenError(POST_ONLY)
    taker_fee = fee_rates.taker_tier(account.book, now).fee
    asset, amount = engine.hold(replaced, quote, taker_fee)
    if amount > account.book.available(account.balances, asset) + order.hold_amount:
        raise KrakenError(INSUFFICIENT_FUNDS)
    order.request = replaced
    order.hold_asset, order.hold_amount = asset, amount
    order.amends += 1
    order.touched = now
    account.book.publish(order, "amended", now)
    if waiting(order) and is_triggered(replaced, quote.last):
        engine.trigger(account, order, now)
    elif taking:
        engine.fill_or_cancel(account, order, touch(replaced.side, quote), maker=False,
                             now=now)  # fmt: skip
    return new_txid("T")


def edit(
    engine: Engine, account: Account, ref: str, change: Edit, now: float, *, validate: bool
) -> tuple[Order, Order | None]:
    """Cancel an open order and place its changed copy: (old, new; None if validating)."""
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
        engine.check(replacement)
        return old, None
    limiter.charge(account, pair.key, cost, now)
    hold = old.hold_amount
    old.hold_amount = Decimal(0)  # the new order may use what the old one held
    try:
        new = engine.enter(account, replacement, now)
    except KrakenError:
        old.hold_amount = hold
        raise
    book.close(old, "canceled", "Order replaced", now)
    return old, new


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
