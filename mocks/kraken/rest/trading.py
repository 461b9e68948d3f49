"""Order entry over REST: AddOrder, AddOrderBatch, CancelOrder, CancelOrderBatch,
CancelAll and CancelAllOrdersAfter. Each reads its parameters and hands the order to the
trading service (:mod:`mocks.kraken.trading`), which applies the engine's rules and the
account's trading counter. AmendOrder and EditOrder are in :mod:`mocks.kraken.rest.amend`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from mocks.json_input import NotJSONError, parse_json
from mocks.kraken.orders import Order, OrderRequest
from mocks.kraken.params import Params, json_params, optional_bool, optional_int
from mocks.kraken.rest.context import PrivateCall
from mocks.kraken.rest.order_params import parse_order, parse_pair
from mocks.kraken_facts.errors import KrakenError, invalid_argument

__all__ = [
    "add_order",
    "add_order_batch",
    "cancel_all",
    "cancel_all_orders_after",
    "cancel_order",
    "cancel_order_batch",
    "iso_time",
]

BATCH_ADD_SIZES = range(2, 16)  # Kraken: 2 to 15 orders, one pair
MAX_BATCH_CANCEL = 50


def iso_time(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _placed(request: OrderRequest, order: Order | None) -> dict[str, Any]:
    answer: dict[str, Any] = {"descr": {"order": request.description()}}
    if order is not None:
        answer["txid"] = [order.txid]
    return answer


def add_order(call: PrivateCall) -> dict[str, Any]:
    request = parse_order(call.params, call.now)
    validate = optional_bool(call.params, "validate")
    order = call.trading.add(call.account, call.key, request, call.clock, validate=validate)
    return _placed(request, order)


def _json_list(params: Params, name: str) -> list[Any]:
    raw = params.get(name, "").strip()
    if not raw:
        raise invalid_argument(name)
    if raw.startswith("["):
        try:
            value = parse_json(raw)
        except NotJSONError:
            raise invalid_argument(name) from None
        if isinstance(value, list):
            return value
        raise invalid_argument(name)
    return [part.strip() for part in raw.split(",") if part.strip()]


def add_order_batch(call: PrivateCall) -> dict[str, Any]:
    """2 to 15 orders on one ``pair`` (a JSON body); each answers its txid or its error."""
    pair = parse_pair(call.params)
    documents = _json_list(call.params, "orders")
    if len(documents) not in BATCH_ADD_SIZES or not all(isinstance(d, dict) for d in documents):
        raise invalid_argument("orders")
    requests = [parse_order(json_params("orders", d), call.now, pair) for d in documents]
    validate = optional_bool(call.params, "validate")
    answers = call.trading.add_batch(
        call.account, call.key, requests, call.clock, validate=validate
    )
    orders: list[dict[str, Any]] = []
    for request, answer in zip(requests, answers, strict=True):
        if isinstance(answer, KrakenError):
            orders.append({"error": answer.message})
        else:
            placed = _placed(request, answer)
            if answer is not None:
                placed["txid"] = answer.txid  # a batch answers one string per order
            orders.append(placed)
    return {"orders": orders}


def cancel_order(call: PrivateCall) -> dict[str, Any]:
    """Cancel by ``txid`` (an order id, a ``userref`` or a ``cl_ord_id``) or ``cl_ord_id``."""
    ref = call.params.get("txid", "").strip() or call.params.get("cl_ord_id", "").strip()
    if not ref:
        raise invalid_argument("txid")
    return {"count": call.trading.cancel(call.account, call.key, ref, call.clock)}


def cancel_order_batch(call: PrivateCall) -> dict[str, Any]:
    """Up to 50 ``orders`` (txids or userrefs; or objects with a ``txid``) and ``cl_ord_ids``."""
    refs: list[str] = []
    for name in ("orders", "cl_ord_ids"):
        if not call.params.get(name, "").strip():
            continue
        for item in _json_list(call.params, name):
            value = item.get("txid") if isinstance(item, dict) else item
            if not isinstance(value, str | int) or not str(value).strip():
                raise invalid_argument(name)
            refs.append(str(value).strip())
    if not refs or len(refs) > MAX_BATCH_CANCEL:
        raise invalid_argument("orders")
    return {"count": call.trading.cancel_batch(call.account, call.key, refs, call.clock)}


def cancel_all(call: PrivateCall) -> dict[str, Any]:
    return {"count": call.trading.cancel_all(call.account, call.key, call.clock)}


def cancel_all_orders_after(call: PrivateCall) -> dict[str, Any]:
    timeout = optional_int(call.params, "timeout")
    if timeout is None:
        raise invalid_argument("timeout")
    armed = call.trading.cancel_all_after(call.account, call.key, timeout, call.clock)
    return {
        "currentTime": iso_time(armed.now),
        "triggerTime": iso_time(armed.trigger_at) if armed.trigger_at else "0",
    }
