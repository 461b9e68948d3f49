"""Reading an order from REST parameters (AddOrder, AddOrderBatch's orders, EditOrder).

Supported: ``market``, ``limit``, ``stop-loss``, ``take-profit``, ``stop-loss-limit`` and
``take-profit-limit`` orders on the mock's pairs; ``price`` (the limit price, or the trigger
price of the conditional types), ``price2`` (their limit price), ``trigger`` (``last``;
``index`` is accepted and read as ``last``), ``userref``, ``cl_ord_id``, ``oflags`` (post,
fcib, fciq, nompp), ``timeinforce`` (GTC, IOC, GTD with ``expiretm``). Accepted and ignored:
``starttm``, ``deadline``, ``stptype``. Refused with ``EGeneral:Invalid arguments:<field>``:
other order types, relative prices, ``viqc``, ``displayvol`` (iceberg), conditional close
orders (``close[...]``), leverage and ``reduce_only`` (no margin).
"""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from mocks.kraken.market import AssetPair, find_pair
from mocks.kraken.orders import ORDER_TYPES, OrderRequest, OrderType, Side
from mocks.kraken.params import Params, optional_bool, optional_decimal, optional_int
from mocks.kraken_facts.errors import (
    UNKNOWN_ASSET_PAIR,
    KrakenError,
    invalid_argument,
    invalid_price,
)

__all__ = ["choice", "parse_order", "parse_pair", "places", "price_param", "volume_param"]

_ORDER_FLAGS = {"post", "fcib", "fciq", "nompp"}
_TIME_IN_FORCE = {"GTC", "IOC", "GTD"}
_STP_TYPES = {"cancel-newest", "cancel-oldest", "cancel-both"}
_TRIGGERS = {"last", "index"}
_INT32 = 2**31


def places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def volume_param(params: Params, pair: AssetPair, name: str = "volume") -> Decimal:
    volume = optional_decimal(params, name)
    if volume is None or volume <= 0 or places(volume) > pair.lot_decimals:
        raise invalid_argument(name)
    return volume


def price_param(params: Params, pair: AssetPair, name: str = "price") -> Decimal:
    raw = params.get(name, "").strip()
    if not raw or raw[0] in "+-#" or raw.endswith("%"):  # relative prices: not supported
        raise invalid_argument(name)
    price = optional_decimal(params, name)
    if price is None or price <= 0:
        raise invalid_argument(name)
    if places(price) > pair.pair_decimals:
        raise invalid_price(pair.altname, pair.pair_decimals)
    return price


def choice(params: Params, name: str, allowed: set[str], default: str) -> str:
    value = params.get(name, default).strip() or default
    if value not in allowed:
        raise invalid_argument(name)
    return value


def parse_pair(params: Params) -> AssetPair:
    pair_name = params.get("pair", "").strip()
    if not pair_name:
        raise invalid_argument("pair")
    pair = find_pair(pair_name)
    if pair is None:
        raise KrakenError(UNKNOWN_ASSET_PAIR)
    return pair


def parse_flags(params: Params) -> str:
    flags = [f.strip() for f in params.get("oflags", "").split(",") if f.strip()]
    if any(flag not in _ORDER_FLAGS for flag in flags):
        raise invalid_argument("oflags")
    return ",".join(flags)


def parse_userref(params: Params) -> int | None:
    userref = optional_int(params, "userref")
    if userref is not None and not -_INT32 <= userref < _INT32:
        raise invalid_argument("userref")
    return userref


def _expiry(params: Params, timeinforce: str, now: float) -> float | None:
    raw = params.get("expiretm", "").strip()
    if timeinforce != "GTD":
        return None
    if not raw or raw == "0":
        raise invalid_argument("expiretm")
    relative = raw.startswith("+")
    value = optional_decimal({"expiretm": raw.lstrip("+")}, "expiretm")
    if value is None or value <= 0:
        raise invalid_argument("expiretm")
    moment = now + float(value) if relative else float(value)
    if moment <= now:
        raise invalid_argument("expiretm")
    return moment


def parse_order(params: Params, now: float, pair: AssetPair | None = None) -> OrderRequest:
    """Check an order's arguments in Kraken's order and build the request."""
    pair = pair or parse_pair(params)
    side = choice(params, "type", {"buy", "sell"}, "")
    ordertype = choice(params, "ordertype", set(ORDER_TYPES), "")
    volume = volume_param(params, pair)
    price = price_param(params, pair) if ordertype != "market" else None
    price2 = price_param(params, pair, "price2") if ordertype.endswith("-limit") else None
    userref = parse_userref(params)
    oflags = parse_flags(params)
    timeinforce = choice(params, "timeinforce", _TIME_IN_FORCE, "GTC")
    expiretm = _expiry(params, timeinforce, now)
    trigger = choice(params, "trigger", _TRIGGERS, "last")
    choice(params, "stptype", _STP_TYPES, "cancel-newest")
    if params.get("leverage", "none").strip().lower() not in {"", "none"}:
        raise invalid_argument("leverage")
    if optional_bool(params, "reduce_only"):
        raise invalid_argument("reduce_only")
    for name in params:
        if name.startswith("close") or name == "displayvol":  # conditional close, iceberg
            raise invalid_argument(name)
    return OrderRequest(
        pair=pair,
        side=cast(Side, side),
        ordertype=cast(OrderType, ordertype),
        volume=volume,
        price=price,
        userref=userref,
        cl_ord_id=params.get("cl_ord_id") or None,
        oflags=oflags,
        timeinforce=timeinforce,
        price2=price2,
        expiretm=expiretm,
        trigger=trigger,
    )
