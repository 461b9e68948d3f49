"""Reading the WebSocket's order parameters (``add_order``'s ``order_type``, ``side``,
``order_qty``, ``limit_price``, ...) into the engine's :class:`OrderRequest`."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from mocks.kraken.market import AssetPair
from mocks.kraken.orders import ORDER_TYPES, OrderRequest
from mocks.kraken.ws.feeds import find_symbol
from mocks.kraken_facts.errors import invalid_argument, invalid_price

__all__ = ["decimal_param", "order_request", "pair_param"]

_TIME_IN_FORCE = {"gtc": "GTC", "ioc": "IOC", "gtd": "GTD"}


def pair_param(params: dict[str, Any]) -> AssetPair:
    pair = find_symbol(params.get("symbol"))
    if pair is None:
        raise invalid_argument("symbol")
    return pair


def decimal_param(params: dict[str, Any], name: str, *, required: bool = False) -> Decimal | None:
    value = params.get(name)
    if value is None:
        if required:
            raise invalid_argument(name)
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise invalid_argument(name)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise invalid_argument(name) from None
    if not number.is_finite() or number <= 0:
        raise invalid_argument(name)
    return number


def _price(pair: AssetPair, params: dict[str, Any], name: str) -> Decimal | None:
    price = decimal_param(params, name)
    exponent = price.normalize().as_tuple().exponent if price is not None else 0
    if isinstance(exponent, int) and -exponent > pair.pair_decimals:
        raise invalid_price(pair.altname, pair.pair_decimals)
    return price


def order_request(params: dict[str, Any], pair: AssetPair | None = None) -> OrderRequest:
    """One order of ``add_order`` (or of ``batch_add``'s ``orders``, whose pair is given)."""
    pair = pair or pair_param(params)
    order_type = params.get("order_type")
    if order_type not in ORDER_TYPES:
        raise invalid_argument("order_type")
    side = params.get("side")
    if side not in ("buy", "sell"):
        raise invalid_argument("side")
    volume = decimal_param(params, "order_qty", required=True)
    assert volume is not None
    limit = _price(pair, params, "limit_price")
    triggers = params.get("triggers")
    trigger = None
    if isinstance(triggers, dict):
        trigger = _price(pair, triggers, "price")
    elif triggers is not None:
        raise invalid_argument("triggers")
    if order_type == "limit" and limit is None:
        raise invalid_argument("limit_price")
    if order_type not in ("market", "limit") and trigger is None:
        raise invalid_argument("triggers")
    userref = params.get("order_userref")
    if userref is not None and (isinstance(userref, bool) or not isinstance(userref, int)):
        raise invalid_argument("order_userref")
    cl_ord_id = params.get("cl_ord_id")
    if cl_ord_id is not None and (not isinstance(cl_ord_id, str) or not 0 < len(cl_ord_id) <= 36):
        raise invalid_argument("cl_ord_id")
    tif = params.get("time_in_force", "gtc")
    if tif not in _TIME_IN_FORCE:
        raise invalid_argument("time_in_force")
    post_only = params.get("post_only", False)
    if not isinstance(post_only, bool):
        raise invalid_argument("post_only")
    try:
        return OrderRequest(
            pair=pair,
            side=side,
            ordertype=order_type,
            volume=volume,
            price=limit if order_type == "limit" else trigger,
            userref=userref,
            cl_ord_id=cl_ord_id,
            oflags="post" if post_only else "",
            timeinforce=_TIME_IN_FORCE[tif],
            price2=limit if order_type.endswith("-limit") else None,
        )
    except (TypeError, ValueError):
        raise invalid_argument("order") from None
