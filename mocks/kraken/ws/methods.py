"""Order entry over the authenticated WebSocket: ``add_order``, ``amend_order``,
``edit_order``, ``cancel_order``, ``cancel_all``, ``cancel_all_orders_after``,
``batch_add`` and ``batch_cancel``.

Each goes through the trading engine's service (``state.trading``), as REST's AddOrder and
friends do, so both protocols share one trading counter per account and pair. A request
carries the ``token`` of a key that must hold the same permission as the REST method.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mocks.kraken.state import Account, ApiKey
from mocks.kraken.trading import Amend, Edit
from mocks.kraken.ws.hub import WsHub
from mocks.kraken.ws.order_params import decimal_param, order_request, pair_param
from mocks.kraken.ws.protocol import rfc3339
from mocks.kraken.ws.tokens import TOKENS, TokenRefusedError
from mocks.kraken_facts.errors import PERMISSION_DENIED, KrakenError, invalid_argument
from mocks.kraken_facts.permissions import permits
from mocks.kraken_facts.websocket import INVALID_ARGUMENTS

if TYPE_CHECKING:
    from mocks.kraken.ws.session import Session

__all__ = ["install"]

# The REST method whose permission each WebSocket method needs.
_REST_METHOD = {
    "add_order": "AddOrder",
    "amend_order": "AmendOrder",
    "edit_order": "EditOrder",
    "cancel_order": "CancelOrder",
    "cancel_all": "CancelAll",
    "cancel_all_orders_after": "CancelAllOrdersAfter",
    "batch_add": "AddOrderBatch",
    "batch_cancel": "CancelOrderBatch",
}
MAX_BATCH = 15

Handler = Callable[[WsHub, Account, ApiKey, dict[str, Any]], list[dict[str, Any]]]


def _add(hub: WsHub, account: Account, key: ApiKey, params: dict[str, Any]) -> list[dict[str, Any]]:
    request = order_request(params)
    validate = params.get("validate", False) is True
    order = hub.state.trading.add(account, key, request, hub.clock, validate=validate)
    result: dict[str, Any] = {"order_id": order.txid if order else ""}
    if request.cl_ord_id:
        result["cl_ord_id"] = request.cl_ord_id
    if request.userref is not None:
        result["order_userref"] = request.userref
    return [{"result": result}]


def _order_ref(params: dict[str, Any]) -> str:
    for name in ("order_id", "cl_ord_id"):
        value = params.get(name)
        if isinstance(value, str) and value:
            return value
    raise invalid_argument("order_id")


def _amend(
    hub: WsHub, account: Account, key: ApiKey, params: dict[str, Any]
) -> list[dict[str, Any]]:
    ref = _order_ref(params)
    post_only = params.get("post_only", False)
    if not isinstance(post_only, bool):
        raise invalid_argument("post_only")
    change = Amend(
        order_qty=decimal_param(params, "order_qty"),
        limit_price=decimal_param(params, "limit_price"),
        trigger_price=decimal_param(params, "trigger_price"),
        post_only=post_only,
    )
    amend_id = hub.state.trading.amend(account, key, ref, change, hub.clock)
    return [{"result": {"amend_id": amend_id, "order_id": ref}}]


def _edit(
    hub: WsHub, account: Account, key: ApiKey, params: dict[str, Any]
) -> list[dict[str, Any]]:
    ref = _order_ref(params)
    change = Edit(
        pair=pair_param(params),
        volume=decimal_param(params, "order_qty"),
        price=decimal_param(params, "limit_price"),
    )
    old, new = hub.state.trading.edit(account, key, ref, change, hub.clock)
    return [{"result": {"order_id": new.txid if new else "", "original_order_id": old.txid}}]


def _refs(params: dict[str, Any], name: str) -> list[str]:
    refs = params.get(name)
    if not isinstance(refs, list) or not refs or not all(isinstance(r, str | int) for r in refs):
        raise invalid_argument(name)
    return [str(r) for r in refs]


def _cancel(
    hub: WsHub, account: Account, key: ApiKey, params: dict[str, Any]
) -> list[dict[str, Any]]:
    name = next((n for n in ("order_id", "cl_ord_id", "order_userref") if n in params), "order_id")
    answers = []
    for ref in _refs(params, name):
        hub.state.trading.cancel(account, key, ref, hub.clock)
        answers.append({"result": {name: ref}})
    return answers


def _cancel_all(
    hub: WsHub, account: Account, key: ApiKey, params: dict[str, Any]
) -> list[dict[str, Any]]:
    count = hub.state.trading.cancel_all(account, key, hub.clock)
    return [{"result": {"count": count}}]


def _cancel_after(
    hub: WsHub, account: Account, key: ApiKey, params: dict[str, Any]
) -> list[dict[str, Any]]:
    timeout = params.get("timeout")
    if isinstance(timeout, bool) or not isinstance(timeout, int):
        raise invalid_argument("timeout")
    armed = hub.state.trading.cancel_all_after(account, key, timeout, hub.clock)
    result = {"currentTime": rfc3339(armed.now)}
    result["triggerTime"] = rfc3339(armed.trigger_at) if armed.trigger_at else "0"
    return [{"result": result}]


def _batch_add(
    hub: WsHub, account: Account, key: ApiKey, params: dict[str, Any]
) -> list[dict[str, Any]]:
    pair = pair_param(params)
    orders = params.get("orders")
    if not isinstance(orders, list) or not 2 <= len(orders) <= MAX_BATCH:
        raise invalid_argument("orders")
    if not all(isinstance(o, dict) for o in orders):
        raise invalid_argument("orders")
    requests = [order_request(o, pair) for o in orders]
    validate = params.get("validate", False) is True
    answers = hub.state.trading.add_batch(account, key, requests, hub.clock, validate=validate)
    result: list[dict[str, Any]] = []
    for request, answer in zip(requests, answers, strict=True):
        if isinstance(answer, KrakenError):
            result.append({"error": answer.message})
            continue
        entry: dict[str, Any] = {"order_id": answer.txid if answer else ""}
        if request.cl_ord_id:
            entry["cl_ord_id"] = request.cl_ord_id
        if request.userref is not None:
            entry["order_userref"] = request.userref
        result.append(entry)
    return [{"result": result}]


def _batch_cancel(
    hub: WsHub, account: Account, key: ApiKey, params: dict[str, Any]
) -> list[dict[str, Any]]:
    refs = _refs(params, "orders")
    if len(refs) > 50:
        raise invalid_argument("orders")
    count = hub.state.trading.cancel_batch(account, key, refs, hub.clock)
    return [{"orders_cancelled": count}]


_HANDLERS: dict[str, Handler] = {
    "add_order": _add,
    "amend_order": _amend,
    "edit_order": _edit,
    "cancel_order": _cancel,
    "cancel_all": _cancel_all,
    "cancel_all_orders_after": _cancel_after,
    "batch_add": _batch_add,
    "batch_cancel": _batch_cancel,
}


def _method(name: str, handler: Handler) -> Callable[[Session, object, float, object], None]:
    def run(session: Session, params: object, time_in: float, req_id: object) -> None:
        hub = session.hub
        if not isinstance(params, dict):
            session.answer(name, time_in, req_id, error=INVALID_ARGUMENTS)
            return
        try:
            key, _ = TOKENS.check(params.get("token"), hub.state, hub.clock.now())
        except TokenRefusedError as exc:
            session.answer(name, time_in, req_id, error=exc.message)
            return
        if not permits(_REST_METHOD[name], key.spec.permissions):
            session.answer(name, time_in, req_id, error=PERMISSION_DENIED, key_name=key.name)
            return
        fields = {k: v for k, v in params.items() if k != "token"}
        try:
            with hub.state.lock:
                account = hub.state.account_of(key)
                answers = handler(hub, account, key, fields)
        except KrakenError as exc:
            session.answer(name, time_in, req_id, error=exc.message, key_name=key.name)
            return
        for answer in answers:
            result = answer.pop("result", None)
            session.answer(name, time_in, req_id, result=result, extra=answer, key_name=key.name)

    return run


def install(hub: WsHub) -> None:
    """Register the order methods on ``hub``; sessions on the authenticated endpoint call them."""
    for name, handler in _HANDLERS.items():
        hub.order_methods[name] = _method(name, handler)
