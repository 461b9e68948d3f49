"""Changing an open order over REST: AmendOrder (in place, same ids) and EditOrder (Kraken's
older cancel-and-replace, a new txid)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mocks.kraken.market import format_amount
from mocks.kraken.orders import Order
from mocks.kraken.params import optional_bool
from mocks.kraken.rest.context import PrivateCall
from mocks.kraken.rest.order_params import (
    parse_flags,
    parse_pair,
    parse_userref,
    price_param,
    volume_param,
)
from mocks.kraken.trading import Amend, Edit
from mocks.kraken_facts.errors import invalid_argument

__all__ = ["amend_order", "edit_order"]


def _has(call: PrivateCall, name: str) -> bool:
    return bool(call.params.get(name, "").strip())


def amend_order(call: PrivateCall) -> dict[str, Any]:
    ref = call.params.get("txid", "").strip() or call.params.get("cl_ord_id", "").strip()
    if not ref:
        raise invalid_argument("txid")
    if _has(call, "display_qty"):
        raise invalid_argument("display_qty")  # iceberg orders only; the mock has none
    order = call.account.book.find_one(ref)
    pair = order.request.pair
    change = Amend(
        order_qty=volume_param(call.params, pair, "order_qty") if _has(call, "order_qty") else None,
        limit_price=price_param(call.params, pair, "limit_price")
        if _has(call, "limit_price")
        else None,
        trigger_price=price_param(call.params, pair, "trigger_price")
        if _has(call, "trigger_price")
        else None,
        post_only=optional_bool(call.params, "post_only"),
    )
    if change == Amend():
        raise invalid_argument("order_qty")
    amend_id = call.trading.amend(call.account, call.key, ref, change, call.clock)
    return {"amend_id": amend_id}


def _amounts(order: Order) -> dict[str, str]:
    r = order.request
    pair = r.pair
    return {
        "volume": format_amount(r.volume, pair.lot_decimals),
        "price": format_amount(r.price or Decimal(0), pair.pair_decimals),
        "price2": format_amount(r.price2 or Decimal(0), pair.pair_decimals),
    }


def edit_order(call: PrivateCall) -> dict[str, Any]:
    ref = call.params.get("txid", "").strip()
    if not ref:
        raise invalid_argument("txid")
    pair = parse_pair(call.params)
    change = Edit(
        pair=pair,
        volume=volume_param(call.params, pair) if _has(call, "volume") else None,
        price=price_param(call.params, pair) if _has(call, "price") else None,
        price2=price_param(call.params, pair, "price2") if _has(call, "price2") else None,
        oflags=parse_flags(call.params) if _has(call, "oflags") else None,
        userref=parse_userref(call.params),
    )
    validate = optional_bool(call.params, "validate")
    old, new = call.trading.edit(call.account, call.key, ref, change, call.clock, validate=validate)
    shown = new or old
    answer: dict[str, Any] = {
        "status": "ok",
        "descr": {"order": shown.request.description()},
        **_amounts(shown),
        "orders_cancelled": 0 if new is None else 1,
        "originaltxid": old.txid,
    }
    if new is not None:
        answer["txid"] = new.txid
        if new.request.userref is not None:
            answer["newuserref"] = str(new.request.userref)
        if old.request.userref is not None:
            answer["olduserref"] = str(old.request.userref)
    return answer
