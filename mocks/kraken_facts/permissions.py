"""Kraken's API-key permissions: their labels on the create-key page, their field names,
and which permission each private method needs."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "METHOD_ALSO_NEEDS",
    "METHOD_PERMISSIONS",
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
    "AddOrder": frozenset({"trades_modify"}),
    "CancelOrder": frozenset({"trades_modify", "trades_close"}),
    "GetWebSocketsToken": frozenset({"websocket"}),
    "GetApiKeyInfo": frozenset(),
    # Funding, as each method's page on docs.kraken.com says ("API Key Permissions
    # Required"); where it names two permissions with "and", the second is in
    # METHOD_ALSO_NEEDS below.
    "DepositMethods": frozenset({"funds_add"}),
    "DepositAddresses": frozenset({"funds_query"}),
    "DepositStatus": frozenset({"funds_query"}),
    "WithdrawMethods": frozenset({"funds_withdraw"}),
    "WithdrawAddresses": frozenset({"funds_withdraw"}),
    "WithdrawInfo": frozenset({"funds_withdraw"}),
    "Withdraw": frozenset({"funds_withdraw"}),
    "WithdrawStatus": frozenset({"funds_withdraw", "ledger_query"}),
    "WithdrawCancel": frozenset({"funds_withdraw"}),
}

# Permissions a method needs besides one of METHOD_PERMISSIONS' (all of these).
METHOD_ALSO_NEEDS: dict[str, frozenset[str]] = {
    "DepositMethods": frozenset({"funds_query"}),
    "WithdrawMethods": frozenset({"funds_query"}),
    "WithdrawAddresses": frozenset({"funds_query"}),
    "WithdrawInfo": frozenset({"funds_query"}),
}


def permits(method: str, held: frozenset[str]) -> bool:
    """Whether a key holding ``held`` may call ``method`` (an unlisted method needs none)."""
    any_of = METHOD_PERMISSIONS.get(method, frozenset())
    if any_of and not any_of & held:
        return False
    return METHOD_ALSO_NEEDS.get(method, frozenset()) <= held


_LABELS = {p.field: p.label for p in PERMISSIONS}


def label_of(field: str) -> str:
    return _LABELS[field]
