"""The funding methods the mock offers for each of its assets: how to deposit, how to withdraw.

Names, networks and the shape of each entry follow Kraken's ``DepositMethods`` and
``WithdrawMethods`` answers (docs.kraken.com, Funding; ccxt's ``depositMethods`` option
names the same default methods). Minimums and fees are the mock's own round numbers:
Kraken publishes its fees per asset on its website, not through the API, and changes them.
Crypto methods hand out deposit addresses; fiat methods do not (``gen-address`` false).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from mocks.kraken.market import ASSETS, find_asset, format_amount

__all__ = [
    "DEPOSIT_METHODS",
    "WITHDRAW_METHODS",
    "DepositMethod",
    "WithdrawMethod",
    "deposit_method",
    "withdraw_method",
]


@dataclass(frozen=True)
class DepositMethod:
    asset: str  # Kraken's asset key (XXBT)
    method: str
    minimum: Decimal
    fee: Decimal
    gen_address: bool
    address_prefix: str = ""

    def as_kraken(self) -> dict[str, object]:
        decimals = ASSETS[self.asset].decimals
        return {
            "method": self.method,
            "limit": False,
            "fee": format_amount(self.fee, decimals),
            "gen-address": self.gen_address,
            "minimum": format_amount(self.minimum, decimals),
        }


@dataclass(frozen=True)
class WithdrawMethod:
    asset: str
    method: str
    network: str
    minimum: Decimal
    fee: Decimal

    def as_kraken(self) -> dict[str, object]:
        return {
            "asset": self.asset,
            "method": self.method,
            "network": self.network,
            "minimum": format_amount(self.minimum, ASSETS[self.asset].decimals),
        }


DEPOSIT_METHODS: tuple[DepositMethod, ...] = (
    DepositMethod("XXBT", "Bitcoin", Decimal("0.0001"), Decimal(0), True, "bc1q"),
    DepositMethod("XXBT", "Bitcoin Lightning", Decimal("0.00001"), Decimal(0), False),
    DepositMethod("XETH", "Ether (Hex)", Decimal("0.001"), Decimal(0), True, "0x"),
    DepositMethod("USDT", "Tether USD (ERC20)", Decimal(1), Decimal(0), True, "0x"),
    DepositMethod("ZUSD", "Bank Frick (Wire)", Decimal(100), Decimal(0), False),
    DepositMethod("ZEUR", "SEPA", Decimal(1), Decimal(0), False),
)

WITHDRAW_METHODS: tuple[WithdrawMethod, ...] = (
    WithdrawMethod("XXBT", "Bitcoin", "Bitcoin", Decimal("0.0004"), Decimal("0.0002")),
    WithdrawMethod("XETH", "Ether", "Ethereum", Decimal("0.004"), Decimal("0.0015")),
    WithdrawMethod("USDT", "Tether USD (ERC20)", "Ethereum", Decimal(5), Decimal("2.5")),
    WithdrawMethod("ZUSD", "Bank Frick (Wire)", "", Decimal(100), Decimal(5)),
    WithdrawMethod("ZEUR", "SEPA", "SEPA", Decimal(1), Decimal("0.09")),
)


def deposit_method(asset: str, name: str) -> DepositMethod | None:
    wanted = name.strip().lower()
    for method in DEPOSIT_METHODS:
        if method.asset == asset and method.method.lower() == wanted:
            return method
    return None


def withdraw_method(asset: str, name: str | None = None) -> WithdrawMethod | None:
    """The asset's withdrawal method (by name, or its only one)."""
    known = find_asset(asset)
    key = known.key if known else asset
    for method in WITHDRAW_METHODS:
        if method.asset == key and (name is None or method.method.lower() == name.lower()):
            return method
    return None
