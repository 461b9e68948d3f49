from __future__ import annotations

from mocks.kraken.rest import PRIVATE_METHODS
from mocks.kraken_facts.permissions import (
    METHOD_PERMISSIONS,
    PERMISSION_FIELDS,
    PERMISSIONS,
    label_of,
    permits,
)


def test_labels_and_groups_are_the_create_key_pages() -> None:
    assert label_of("funds_query") == "Query Funds"
    assert label_of("trades_close") == "Cancel/Close Orders"
    assert label_of("websocket") == "WebSocket interface"
    assert [p.group for p in PERMISSIONS].count("Orders & Trades") == 4
    assert len(PERMISSION_FIELDS) == len(PERMISSIONS) == 11


def test_every_method_needs_known_permissions() -> None:
    for needed in METHOD_PERMISSIONS.values():
        assert needed <= PERMISSION_FIELDS


def test_every_private_method_served_has_a_permission_rule() -> None:
    assert set(PRIVATE_METHODS) == set(METHOD_PERMISSIONS)


def test_the_rules_from_the_reference() -> None:
    assert METHOD_PERMISSIONS["QueryOrders"] == {"trades_query_open", "trades_query_closed"}
    assert METHOD_PERMISSIONS["CancelOrder"] == {"trades_modify", "trades_close"}
    assert METHOD_PERMISSIONS["GetApiKeyInfo"] == frozenset()


def test_funding_follows_krakens_pages() -> None:
    guide_key = frozenset({"funds_query", "trades_query_open", "trades_query_closed",
                           "trades_modify", "trades_close", "ledger_query",
                           "websocket"})  # fmt: skip
    assert not permits("Withdraw", guide_key)
    assert not permits("WithdrawInfo", frozenset({"funds_withdraw"}))  # and Query Funds
    assert permits("WithdrawInfo", frozenset({"funds_withdraw", "funds_query"}))
    assert not permits("DepositMethods", frozenset({"funds_query"}))  # and Deposit Funds
    assert permits("WithdrawStatus", frozenset({"ledger_query"}))  # Withdraw or Query Ledger
    assert permits("GetApiKeyInfo", frozenset())
