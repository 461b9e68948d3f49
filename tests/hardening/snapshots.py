"""What a refused request must leave as it was: each mock's state, read in-process."""

from __future__ import annotations

import sqlite3
from typing import Any

from fixtures.servers import MockStack
from mocks.altrady.service import AltradyService
from mocks.kraken.state import KrakenState

__all__ = ["altrady_snapshot", "kraken_snapshot"]


def kraken_snapshot(state: KrakenState) -> dict[str, Any]:
    """Users, balances, key settings, orders, trades, ledgers, funding records and faults.

    Not nonces, counters or lockouts: Kraken moves those for a call it refuses after
    reading its nonce, and that is the behaviour under test elsewhere.
    """
    with state.lock:
        return {
            "accounts": {
                email: (
                    account.id,
                    account.tier.name,
                    dict(account.balances),
                    sorted((key.public, repr(key.spec)) for key in account.keys.values()),
                    [repr(order) for order in account.book.orders.values()],
                    sorted(account.book.trades),
                    sorted(account.book.ledgers),
                    repr(account.funding),
                )
                for email, account in state.accounts.items()
            },
            "keys": sorted(state.keys),
            "faults": [repr(fault) for fault in state.faults.faults()],
        }


def altrady_snapshot(stack: MockStack) -> dict[str, Any]:
    """Every row of Altrady's database, and Kraken's state behind it."""
    service: AltradyService = stack.altrady_app.state.altrady
    store = service.store
    connection: sqlite3.Connection = store._db  # a read-only look, under the store's lock
    with store._lock:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        rows = {
            table: sorted(map(repr, connection.execute(f'SELECT * FROM "{table}"')))  # noqa: S608
            for table in tables
        }
    return {"altrady": rows, "kraken": kraken_snapshot(stack.kraken_app.state.kraken)}
