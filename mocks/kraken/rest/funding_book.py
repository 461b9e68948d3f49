"""Funds in and out of an account: the one function that changes a balance for Funding.

Every deposit, withdrawal and cancelled withdrawal goes through :func:`post_funds`, so the
bookkeeping (balance, ledger entry) can be pointed at another bookkeeper, such as the
trading engine's, without touching the REST handlers.
"""

from __future__ import annotations

from decimal import Decimal

from mocks.kraken.orders import LedgerEntry, new_txid
from mocks.kraken.state import Account

__all__ = ["post_funds"]


def post_funds(
    account: Account,
    *,
    asset: str,
    amount: Decimal,
    fee: Decimal,
    kind: str,
    refid: str,
    now: float,
) -> LedgerEntry:
    """Change the account's ``asset`` balance by ``amount - fee`` and write the ledger entry.

    Kraken lists a fee beside the amount, not inside it: a withdrawal of 0.725 with a fee of
    0.0002 is an entry of -0.7248 and fee 0.0002, and the balance falls by 0.725.
    """
    balance = account.balances.get(asset, Decimal(0)) + amount - fee
    account.balances[asset] = balance
    entry = LedgerEntry(new_txid("L"), refid, now, asset, amount, fee, balance, type=kind)
    account.book.book_entry(entry, account.balances)  # keeps it and publishes a LedgerEvent
    return entry
