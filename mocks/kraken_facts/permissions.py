"""Kraken's API-key permissions: their labels on the create-key page, their field names,
and which permission each private method needs."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "METHOD_PERMISSIONS",
    "PERMISSIONS",
    "PERMISSION_FIELDS",
    "Permission",
    "label_of",
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
    "AddOrder": frozenset({"trades_modify"}),
    "CancelOrder": frozenset({"trades_modify", "trades_close"}),
    "GetWebSocketsToken": frozenset({"websocket"}),
    "GetApiKeyInfo": frozenset(),
}

_LABELS = {p.field: p.label for p in PERMISSIONS}


def label_of(field: str) -> str:
    return _LABELS[field]
