"""Kraken's API-key permissions: their labels on the create-key page, their field names,
and which permission each private method needs."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "METHOD_PERMISSIONS",
    "METHOD_PERMISSIONS_ALL",
    "PERMISSIONS",
    "PERMISSION_FIELDS",
    "Permission",
    "label_of",
    "permits",
]


@dataclass(frozen=True)
class Permission:
    field: str
    label: str
    group: str


PERMISSIONS: tuple[Permission, ...] = (
    Permission("funds_query", "Query Funds", "Funds"),
    Permission("funds_add", "Deposit Funds", "Funds"),
    Permission("funds_withdraw", "Withdraw Funds", "Funds"),
    Permission("funds_earn", "Earn Funds", "Funds"),
    Permission("trades_query_open", "Query Open Orders & Trades", "Orders & Trades"),
    Permission("trades_query_closed", "Query Closed Orders & Trades", "Orders & Trades"),
    Permission("trades_modify", "Create & Modify Orders", "Orders & Trades"),
    Permission("trades_close", "Cancel/Close Orders", "Orders & Trades"),
    Permission("ledger_query", "Query Ledger Entries", "Data"),
    Permission("export_data", "Export Data", "Data"),
    Permission("websocket", "WebSocket interface", "WebSocket"),
)

PERMISSION_FIELDS: frozenset[str] = frozenset(p.field for p in PERMISSIONS)

# Each private method needs any one of the listed permissions; an empty set needs none.
METHOD_PERMISSIONS: dict[str, frozenset[str]] = {
    "Balance": frozenset({"funds_query"}),
    "BalanceEx": frozenset({"funds_query"}),
    "TradeBalance": frozenset({"funds_query"}),
    "OpenOrders": frozenset({"trades_query_open"}),
    "ClosedOrders": frozenset({"trades_query_closed"}),
    "TradesHistory": frozenset({"trades_query_closed"}),
    "QueryOrders": frozenset({"trades_query_open", "trades_query_closed"}),
    "QueryTrades": frozenset({"trades_query_closed"}),
    "Ledgers": frozenset({"ledger_query"}),
    "QueryLedgers": frozenset({"ledger_query"}),
    "TradeVolume": frozenset({"funds_query"}),
    "AddOrder": frozenset({"trades_modify"}),
    "AddOrderBatch": frozenset({"trades_modify"}),
    "AmendOrder": frozenset({"trades_modify", "trades_close"}),
    # EditOrder needs both (see METHOD_PERMISSIONS_ALL).
    "EditOrder": frozenset({"trades_modify", "trades_close"}),
    "CancelOrder": frozenset({"trades_modify", "trades_close"}),
    "CancelOrderBatch": frozenset({"trades_modify", "trades_close"}),
    "CancelAll": frozenset({"trades_modify", "trades_close"}),
    "CancelAllOrdersAfter": frozenset({"trades_modify", "trades_close"}),
    "GetWebSocketsToken": frozenset({"websocket"}),
    "GetApiKeyInfo": frozenset(),
}

# The methods that need every listed permission, not any one (Kraken's EditOrder page:
# "Create & modify orders" and "Cancel & close orders").
METHOD_PERMISSIONS_ALL: frozenset[str] = frozenset({"EditOrder"})

_LABELS = {p.field: p.label for p in PERMISSIONS}


def permits(method: str, granted: frozenset[str]) -> bool:
    """Whether a key with ``granted`` permissions may call ``method``."""
    needed = METHOD_PERMISSIONS.get(method, frozenset())
    if not needed:
        return True
    if method in METHOD_PERMISSIONS_ALL:
        return needed <= granted
    return bool(needed & granted)


def label_of(field: str) -> str:
    return _LABELS[field]
