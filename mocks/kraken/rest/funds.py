"""Balances: ``Balance``, ``BalanceEx`` and ``TradeBalance``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mocks.kraken.market import ASSETS, find_asset, format_amount
from mocks.kraken.rest.context import PrivateCall
from mocks.kraken_facts.errors import UNKNOWN_ASSET, KrakenError

__all__ = ["balance", "balance_ex", "trade_balance"]

_FALLBACK_DECIMALS = 10


def _amount(asset: str, value: Decimal) -> str:
    known = ASSETS.get(asset)
    return format_amount(value, known.decimals if known else _FALLBACK_DECIMALS)


def balance(call: PrivateCall) -> dict[str, Any]:
    return {asset: _amount(asset, value) for asset, value in call.account.balances.items()}


def balance_ex(call: PrivateCall) -> dict[str, Any]:
    held = call.account.book.held()
    assets = dict.fromkeys([*call.account.balances, *held])
    return {
        asset: {
            "balance": _amount(asset, call.account.balances.get(asset, Decimal(0))),
            "hold_trade": _amount(asset, held.get(asset, Decimal(0))),
        }
        for asset in assets
    }


def trade_balance(call: PrivateCall) -> dict[str, Any]:
    """A spot account's summary: no margin positions, so most fields are equity or zero.

    ``eb`` values every asset in ``asset`` at the last price; ``uv`` is what open orders
    would cost or yield in ``asset``.
    """
    target = find_asset(call.params.get("asset", "ZUSD") or "ZUSD")
    if target is None:
        raise KrakenError(UNKNOWN_ASSET)
    equivalent = Decimal(0)
    for asset, amount in call.account.balances.items():
        rate = call.market.value_in(asset, target.key)
        if rate is not None:
            equivalent += amount * rate
    unexecuted = Decimal(0)
    for order in call.account.book.open_orders():
        request = order.request
        price = request.limit_price() or request.price or call.market.last(request.pair)
        rate = call.market.value_in(request.pair.quote, target.key)
        if rate is not None:
            unexecuted += request.volume * price * rate

    def text(value: Decimal) -> str:
        return format_amount(value, target.decimals)

    zero = Decimal(0)
    return {
        "eb": text(equivalent),
        "tb": text(equivalent),
        "m": text(zero),
        "uv": text(unexecuted),
        "n": text(zero),
        "c": text(zero),
        "v": text(zero),
        "e": text(equivalent),
        "mf": text(equivalent),
    }
