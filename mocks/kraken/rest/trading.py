"""``AddOrder`` and ``CancelOrder``: argument checks, the trading limiter, then the book.

Supported: ``market`` and ``limit`` orders on the mock's pairs, ``validate``, ``userref``,
``cl_ord_id``, ``oflags`` (post, fcib, fciq, nompp), ``timeinforce``. Accepted and ignored:
``starttm``, ``expiretm``, ``deadline``, ``stptype``. Refused with Kraken's
``EGeneral:Invalid arguments:<field>``: other order types, ``viqc``, leverage and
``reduce_only`` (the mock has no margin trading). The trading limiter's rules are in
:mod:`mocks.kraken_facts.limits`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, cast

from mocks.decay import DecayingCounter
from mocks.kraken.market import AssetPair, find_pair
from mocks.kraken.orders import Order, OrderRequest
from mocks.kraken.params import Params, optional_bool, optional_decimal, optional_int
from mocks.kraken.rest.context import PrivateCall
from mocks.kraken_facts.errors import (
    COST_MINIMUM_NOT_MET,
    ORDER_MINIMUM_NOT_MET,
    ORDER_RATE_LIMIT,
    UNKNOWN_ASSET_PAIR,
    KrakenError,
    invalid_argument,
    invalid_price,
)
from mocks.kraken_facts.limits import cancel_penalty

__all__ = ["add_order", "cancel_order", "parse_order"]

_ORDER_FLAGS = {"post", "fcib", "fciq", "nompp"}
_TIME_IN_FORCE = {"GTC", "IOC", "GTD"}
_STP_TYPES = {"cancel-newest", "cancel-oldest", "cancel-both"}
_INT32 = 2**31


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _volume(params: Params, pair: AssetPair) -> Decimal:
    volume = optional_decimal(params, "volume")
    if volume is None or volume <= 0 or _places(volume) > pair.lot_decimals:
        raise invalid_argument("volume")
    return volume


def _price(params: Params, pair: AssetPair) -> Decimal:
    raw = params.get("price", "").strip()
    if not raw or raw[0] in "+-#" or raw.endswith("%"):  # relative prices: not supported
        raise invalid_argument("price")
    price = optional_decimal(params, "price")
    if price is None or price <= 0:
        raise invalid_argument("price")
    if _places(price) > pair.pair_decimals:
        raise invalid_price(pair.altname, pair.pair_decimals)
    return price


def _choice(params: Params, name: str, allowed: set[str], default: str) -> str:
    value = params.get(name, default).strip() or default
    if value not in allowed:
        raise invalid_argument(name)
    return value


def parse_order(params: Params) -> OrderRequest:
    """Check AddOrder's arguments in Kraken's order and build the request."""
    pair_name = params.get("pair", "").strip()
    if not pair_name:
        raise invalid_argument("pair")
    pair = find_pair(pair_name)
    if pair is None:
        raise KrakenError(UNKNOWN_ASSET_PAIR)
    side = _choice(params, "type", {"buy", "sell"}, "")
    ordertype = _choice(params, "ordertype", {"market", "limit"}, "")
    volume = _volume(params, pair)
    price = _price(params, pair) if ordertype == "limit" else None

    userref = optional_int(params, "userref")
    if userref is not None and not -_INT32 <= userref < _INT32:
        raise invalid_argument("userref")
    flags = [f.strip() for f in params.get("oflags", "").split(",") if f.strip()]
    if any(flag not in _ORDER_FLAGS for flag in flags):
        raise invalid_argument("oflags")
    timeinforce = _choice(params, "timeinforce", _TIME_IN_FORCE, "GTC")
    _choice(params, "stptype", _STP_TYPES, "cancel-newest")
    if params.get("leverage", "none").strip().lower() not in {"", "none"}:
        raise invalid_argument("leverage")
    if optional_bool(params, "reduce_only"):
        raise invalid_argument("reduce_only")

    if volume < pair.ordermin:
        raise KrakenError(ORDER_MINIMUM_NOT_MET)
    reference = price if price is not None else pair.market.ask
    if volume * reference < pair.costmin:
        raise KrakenError(COST_MINIMUM_NOT_MET)
    return OrderRequest(
        pair=pair,
        side=cast(Literal["buy", "sell"], side),
        ordertype=cast(Literal["market", "limit"], ordertype),
        volume=volume,
        price=price,
        userref=userref,
        cl_ord_id=params.get("cl_ord_id") or None,
        oflags=",".join(flags),
        timeinforce=timeinforce,
    )


def _fits(call: PrivateCall, counter: DecayingCounter, cost: float) -> bool:
    tier = call.account.tier
    level = counter.level(call.now, tier.trade_decay_per_second)
    return level + cost <= tier.trade_threshold


def _count(call: PrivateCall, counter: DecayingCounter, cost: float) -> None:
    tier = call.account.tier
    counter.try_add(
        cost,
        now=call.now,
        maximum=tier.trade_threshold,
        decay_per_second=tier.trade_decay_per_second,
    )


def add_order(call: PrivateCall) -> dict[str, Any]:
    request = parse_order(call.params)
    description = {"order": request.description()}
    if optional_bool(call.params, "validate"):
        return {"descr": description}
    counter = call.key.trade_counter(request.pair.key)
    if not _fits(call, counter, 1):
        raise KrakenError(ORDER_RATE_LIMIT)
    order = call.account.book.place(request, call.account.balances, call.now)
    _count(call, counter, 1)
    return {"descr": description, "txid": [order.txid]}


def cancel_order(call: PrivateCall) -> dict[str, Any]:
    """Cancel by ``txid`` (an order id, a ``userref`` or a ``cl_ord_id``) or ``cl_ord_id``.

    Every order named must fit its pair's trading counter, or none is cancelled.
    """
    ref = call.params.get("txid", "").strip() or call.params.get("cl_ord_id", "").strip()
    if not ref:
        raise invalid_argument("txid")
    book = call.account.book
    orders = book.find_cancellable(ref)
    penalties: dict[str, float] = {}
    for order in orders:
        pair = order.request.pair.key
        penalties[pair] = penalties.get(pair, 0) + _penalty(order, call.now)
    if not all(_fits(call, call.key.trade_counter(p), cost) for p, cost in penalties.items()):
        raise KrakenError(ORDER_RATE_LIMIT)
    count = book.cancel(orders, call.now)
    for pair, cost in penalties.items():
        _count(call, call.key.trade_counter(pair), cost)
    return {"count": count}


def _penalty(order: Order, now: float) -> float:
    return cancel_penalty(now - order.opened)
