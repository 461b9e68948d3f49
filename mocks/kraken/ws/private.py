"""The authenticated channels' data: ``executions`` (orders and fills) and ``balances``.

Shapes follow Kraken's v2 docs for both channels (the fields ccxt's pro client and
python-kraken-sdk read): v2 asset codes (``BTC``), JSON numbers, RFC 3339 times.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from mocks.kraken.events import ExecType
from mocks.kraken.market import ASSETS, format_amount
from mocks.kraken.orders import LedgerEntry, Order, Trade
from mocks.kraken.ws.feeds import symbol_of
from mocks.kraken.ws.protocol import rfc3339
from mocks.kraken_facts.websocket import V2_ASSET_NAMES

__all__ = [
    "asset_name",
    "balance_update",
    "balances_snapshot",
    "order_data",
    "order_status",
    "trade_data",
]


def asset_name(asset: str) -> str:
    return V2_ASSET_NAMES.get(asset, asset)


def _amount(asset: str, value: Decimal) -> float:
    known = ASSETS.get(asset)
    return float(format_amount(value, known.decimals if known else 10))


def order_status(order: Order, exec_type: ExecType) -> str:
    if exec_type == "pending_new":
        return "pending_new"
    if order.status == "canceled":
        return "canceled"
    if order.status == "closed":
        return "filled"
    return "partially_filled" if order.vol_exec > 0 else "new"


def order_data(order: Order, exec_type: ExecType, at: float) -> dict[str, Any]:
    r = order.request
    pair = r.pair
    data: dict[str, Any] = {
        "order_id": order.txid,
        "symbol": symbol_of(pair),
        "order_qty": float(format_amount(r.volume, pair.lot_decimals)),
        "cum_cost": float(format_amount(order.cost, pair.cost_decimals)),
        "cum_qty": float(format_amount(order.vol_exec, pair.lot_decimals)),
        "time_in_force": r.timeinforce,
        "exec_type": exec_type,
        "side": r.side,
        "order_type": r.ordertype,
        "order_userref": r.userref or 0,
        "order_status": order_status(order, exec_type),
        "fee_usd_equiv": float(format_amount(order.fee, 4)),
        "fee_ccy_pref": "fciq",
        "avg_price": float(format_amount(order.average_price, pair.pair_decimals)),
        "timestamp": rfc3339(at),
    }
    if r.ordertype == "limit" and r.price is not None:
        data["limit_price_type"] = "static"
        data["limit_price"] = float(format_amount(r.price, pair.pair_decimals))
    if r.cl_ord_id:
        data["cl_ord_id"] = r.cl_ord_id
    if order.status == "canceled":
        data["cancel_reason"] = order.reason or "User requested"
        data["reason"] = order.reason or "User requested"
    return data


def trade_data(order: Order, trade: Trade, exec_type: ExecType) -> dict[str, Any]:
    pair = trade.pair
    return {
        "order_id": order.txid,
        "exec_id": trade.txid,
        "exec_type": exec_type,
        "trade_id": trade.trade_id,
        "symbol": symbol_of(pair),
        "side": trade.side,
        "last_qty": float(format_amount(trade.volume, pair.lot_decimals)),
        "last_price": float(format_amount(trade.price, pair.pair_decimals)),
        "liquidity_ind": "t",
        "cost": float(format_amount(trade.cost, pair.cost_decimals)),
        "order_userref": order.request.userref or 0,
        "order_status": order_status(order, exec_type),
        "order_type": trade.ordertype,
        "fee_usd_equiv": float(format_amount(trade.fee, 4)),
        "fees": [{"asset": asset_name(pair.quote), "qty": _amount(pair.quote, trade.fee)}],
        "timestamp": rfc3339(trade.time),
    }


def balances_snapshot(balances: Mapping[str, Decimal]) -> list[dict[str, Any]]:
    rows = []
    for asset, value in sorted(balances.items()):
        amount = _amount(asset, value)
        rows.append(
            {
                "asset": asset_name(asset),
                "asset_class": "currency",
                "balance": amount,
                "wallets": [{"type": "spot", "id": "main", "balance": amount}],
            }
        )
    return rows


_CATEGORIES = {"deposit": "deposit", "withdrawal": "withdrawal", "trade": "trade"}


def balance_update(entry: LedgerEntry) -> dict[str, Any]:
    return {
        "asset": asset_name(entry.asset),
        "asset_class": "currency",
        "amount": _amount(entry.asset, entry.amount),
        "balance": _amount(entry.asset, entry.balance),
        "fee": _amount(entry.asset, entry.fee),
        "ledger_id": entry.id,
        "ref_id": entry.refid,
        "timestamp": rfc3339(entry.time),
        "type": entry.type,
        "subtype": "",
        "category": _CATEGORIES.get(entry.type, "adjustment"),
        "wallet_type": "spot",
        "wallet_id": "main",
    }
