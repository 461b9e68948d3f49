"""One account's funding records: deposit addresses, withdrawal keys, deposits, withdrawals.

A **withdrawal key** is Kraken's name for a withdrawal address saved on the account (the
``key`` parameter of ``Withdraw``); the control API sets them up, as a person would on
Kraken's website. The REST methods are in ``mocks.kraken.rest.funding_*``; every movement
of funds goes through ``mocks.kraken.rest.funding_book.post_funds``.

The mock's choices (Kraken does not say): a withdrawal stays ``Pending`` until it is
cancelled; cancelling it is immediate (``Failure`` with ``status-prop`` ``canceled``) and
credits the whole amount back in one ``withdrawal`` ledger entry; each method hands out at
most :data:`MAX_ADDRESSES` deposit addresses (``EFunding:Too many addresses`` after that).
"""

from __future__ import annotations

import hashlib
import secrets
import string
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from mocks.kraken.market import ASSETS, format_amount

__all__ = [
    "MAX_ADDRESSES",
    "Deposit",
    "DepositAddress",
    "FundingBook",
    "Withdrawal",
    "WithdrawalKey",
    "new_refid",
]

MAX_ADDRESSES = 5
_REFID_ALPHABET = string.ascii_letters + string.digits


def new_refid() -> str:
    """A funding reference id shaped like Kraken's (``FTQcuak-V6Za8qrWnhzTx67yYHz8Tg``)."""

    def chunk(n: int) -> str:
        return "".join(secrets.choice(_REFID_ALPHABET) for _ in range(n))

    return f"F{chunk(6)}-{chunk(22)}"


def _decimals(asset: str) -> int:
    known = ASSETS.get(asset)
    return known.decimals if known else 10


@dataclass
class DepositAddress:
    asset: str
    method: str
    address: str
    used: bool = False

    def as_kraken(self) -> dict[str, Any]:
        return {"address": self.address, "expiretm": "0", "new": not self.used}


@dataclass(frozen=True)
class WithdrawalKey:
    name: str
    asset: str
    method: str
    address: str
    verified: bool = True

    def as_kraken(self) -> dict[str, Any]:
        return {
            "address": self.address,
            "asset": self.asset,
            "method": self.method,
            "key": self.name,
            "verified": self.verified,
        }


@dataclass
class Deposit:
    refid: str
    asset: str
    method: str
    amount: Decimal
    time: float
    txid: str
    address: str

    def as_kraken(self) -> dict[str, Any]:
        decimals = _decimals(self.asset)
        return {
            "method": self.method,
            "aclass": "currency",
            "asset": self.asset,
            "refid": self.refid,
            "txid": self.txid,
            "info": self.address,
            "amount": format_amount(self.amount, decimals),
            "fee": format_amount(Decimal(0), decimals),
            "time": int(self.time),
            "status": "Success",
        }


@dataclass
class Withdrawal:
    refid: str
    asset: str
    method: str
    network: str
    key: str
    address: str
    amount: Decimal  # what the account gave, fee included
    fee: Decimal
    time: float
    status: Literal["Pending", "Failure"] = "Pending"
    status_prop: str | None = None

    @property
    def net(self) -> Decimal:
        return self.amount - self.fee

    def as_kraken(self) -> dict[str, Any]:
        decimals = _decimals(self.asset)
        answer: dict[str, Any] = {
            "method": self.method,
            "network": self.network,
            "aclass": "currency",
            "asset": self.asset,
            "refid": self.refid,
            "txid": "",
            "info": self.address,
            "amount": format_amount(self.net, decimals),
            "fee": format_amount(self.fee, decimals),
            "time": int(self.time),
            "status": self.status,
            "key": self.key,
        }
        if self.status_prop:
            answer["status-prop"] = self.status_prop
        return answer


@dataclass
class FundingBook:
    addresses: list[DepositAddress] = field(default_factory=list)
    keys: dict[tuple[str, str], WithdrawalKey] = field(default_factory=dict)  # (asset, name)
    deposits: list[Deposit] = field(default_factory=list)
    withdrawals: dict[str, Withdrawal] = field(default_factory=dict)  # by refid

    def addresses_for(self, asset: str, method: str) -> list[DepositAddress]:
        return [a for a in self.addresses if a.asset == asset and a.method == method]

    def new_address(self, account_id: str, asset: str, method: str, prefix: str) -> DepositAddress:
        number = len(self.addresses_for(asset, method))
        seed = f"{account_id}/{asset}/{method}/{number}".encode()
        address = DepositAddress(asset, method, prefix + hashlib.sha256(seed).hexdigest()[:38])
        self.addresses.append(address)
        return address
