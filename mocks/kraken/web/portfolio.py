"""How the overview page names an account's assets (Kraken's codes to what users read)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

__all__ = ["BalanceRow", "balance_rows"]


@dataclass(frozen=True)
class BalanceRow:
    code: str  # Kraken's asset code, e.g. XXBT
    ticker: str  # what the page shows, e.g. BTC
    name: str
    amount: Decimal


_ASSET_NAMES: dict[str, tuple[str, str]] = {
    "XXBT": ("BTC", "Bitcoin"),
    "XBT": ("BTC", "Bitcoin"),
    "XETH": ("ETH", "Ethereum"),
    "ETH": ("ETH", "Ethereum"),
    "XXRP": ("XRP", "Ripple"),
    "XLTC": ("LTC", "Litecoin"),
    "SOL": ("SOL", "Solana"),
    "ADA": ("ADA", "Cardano"),
    "DOT": ("DOT", "Polkadot"),
    "USDT": ("USDT", "Tether USD"),
    "USDC": ("USDC", "USD Coin"),
    "ZUSD": ("USD", "US Dollar"),
    "ZEUR": ("EUR", "Euro"),
    "ZGBP": ("GBP", "British Pound"),
}

# Cash first, then crypto by ticker: the order Kraken's own overview uses.
_CASH = ("USD", "EUR", "GBP")


def balance_rows(balances: dict[str, Decimal]) -> list[BalanceRow]:
    rows = [
        BalanceRow(code, *_ASSET_NAMES.get(code, (code, code)), amount)
        for code, amount in balances.items()
    ]
    return sorted(
        rows,
        key=lambda row: (
            row.ticker not in _CASH,
            _CASH.index(row.ticker) if row.ticker in _CASH else 0,
            row.ticker,
        ),
    )
