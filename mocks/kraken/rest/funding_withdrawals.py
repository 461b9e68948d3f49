"""Kraken's withdrawal methods: ``WithdrawMethods``, ``WithdrawAddresses``, ``WithdrawInfo``,
``Withdraw``, ``WithdrawStatus`` and ``WithdrawCancel``.

``Withdraw`` takes ``asset``, ``key`` (a withdrawal key saved on the account), ``amount``
(fee included: the account gives ``amount``, the address gets ``amount - fee``) and the
optional ``address`` (must be the key's: ``EFunding:Invalid withdrawal address``) and
``max_fee`` (``EFunding:Max fee exceeded`` when the fee is higher). The amount must cover
the method's minimum and fee and fit what the account holds outside open orders, or
``EFunding:Invalid amount``. The answer is ``{"refid": ...}``; the balance falls at once
and a ``withdrawal`` ledger entry records it. ``WithdrawCancel`` answers ``true`` when it
cancelled a pending withdrawal, ``false`` when there was nothing left to cancel.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mocks.kraken.funding import Withdrawal, WithdrawalKey, new_refid
from mocks.kraken.market import Asset, format_amount
from mocks.kraken.params import optional_decimal
from mocks.kraken.rest.context import PrivateCall
from mocks.kraken.rest.funding_book import post_funds
from mocks.kraken.rest.funding_methods import WITHDRAW_METHODS, WithdrawMethod, withdraw_method
from mocks.kraken.rest.funding_params import (
    amount,
    asset,
    optional_asset,
    optional_bool_param,
    page,
    required,
    within,
)
from mocks.kraken_facts.errors import (
    FUNDING_INVALID_AMOUNT,
    FUNDING_INVALID_WITHDRAWAL_ADDRESS,
    FUNDING_MAX_FEE_EXCEEDED,
    FUNDING_NO_METHOD,
    FUNDING_UNKNOWN_REFERENCE_ID,
    FUNDING_UNKNOWN_WITHDRAW_KEY,
    KrakenError,
    invalid_argument,
)

__all__ = [
    "withdraw",
    "withdraw_addresses",
    "withdraw_cancel",
    "withdraw_info",
    "withdraw_methods",
    "withdraw_status",
]


def withdraw_methods(call: PrivateCall) -> list[Any]:
    chosen = optional_asset(call.params)
    network = call.params.get("network", "").strip().lower()
    return [
        m.as_kraken()
        for m in WITHDRAW_METHODS
        if (chosen is None or m.asset == chosen.key)
        and (not network or m.network.lower() == network)
    ]


def withdraw_addresses(call: PrivateCall) -> list[Any]:
    chosen = optional_asset(call.params)
    method = call.params.get("method", "").strip().lower()
    name = call.params.get("key", "").strip()
    verified = optional_bool_param(call.params, "verified")
    return [
        k.as_kraken()
        for k in call.account.funding.keys.values()
        if (chosen is None or k.asset == chosen.key)
        and (not method or k.method.lower() == method)
        and (not name or k.name == name)
        and (verified is None or k.verified == verified)
    ]


def _key_and_method(call: PrivateCall, chosen: Asset) -> tuple[WithdrawalKey, WithdrawMethod]:
    name = required(call.params, "key")
    key = call.account.funding.keys.get((chosen.key, name))
    if key is None:
        raise KrakenError(FUNDING_UNKNOWN_WITHDRAW_KEY)
    method = withdraw_method(chosen.key, key.method)
    if method is None:
        raise KrakenError(FUNDING_NO_METHOD)
    return key, method


def _available(call: PrivateCall, chosen: Asset) -> Decimal:
    return call.account.book.available(call.account.balances, chosen.key)


def _fitting_amount(call: PrivateCall, chosen: Asset, method: WithdrawMethod) -> Decimal:
    wanted = amount(call.params, chosen.decimals)
    if wanted < method.minimum or wanted <= method.fee or wanted > _available(call, chosen):
        raise KrakenError(FUNDING_INVALID_AMOUNT)
    return wanted


def withdraw_info(call: PrivateCall) -> dict[str, Any]:
    chosen = asset(call.params)
    _, method = _key_and_method(call, chosen)
    wanted = amount(call.params, chosen.decimals)
    if wanted <= method.fee:
        raise KrakenError(FUNDING_INVALID_AMOUNT)
    return {
        "method": method.method,
        "limit": format_amount(max(_available(call, chosen), Decimal(0)), chosen.decimals),
        "amount": format_amount(wanted - method.fee, chosen.decimals),
        "fee": format_amount(method.fee, chosen.decimals),
    }


def withdraw(call: PrivateCall) -> dict[str, Any]:
    chosen = asset(call.params)
    key, method = _key_and_method(call, chosen)
    address = call.params.get("address", "").strip()
    if address and address != key.address:
        raise KrakenError(FUNDING_INVALID_WITHDRAWAL_ADDRESS)
    wanted = _fitting_amount(call, chosen, method)
    max_fee = optional_decimal(call.params, "max_fee")
    if max_fee is not None and max_fee < 0:
        raise invalid_argument("max_fee")
    if max_fee is not None and method.fee > max_fee:
        raise KrakenError(FUNDING_MAX_FEE_EXCEEDED)
    record = Withdrawal(
        refid=new_refid(),
        asset=chosen.key,
        method=method.method,
        network=method.network,
        key=key.name,
        address=key.address,
        amount=wanted,
        fee=method.fee,
        time=call.now,
    )
    post_funds(
        call.account,
        asset=chosen.key,
        amount=-record.net,
        fee=record.fee,
        kind="withdrawal",
        refid=record.refid,
        now=call.now,
    )
    call.account.funding.withdrawals[record.refid] = record
    return {"refid": record.refid}


def withdraw_status(call: PrivateCall) -> list[Any] | dict[str, Any]:
    chosen = optional_asset(call.params)
    method = call.params.get("method", "").strip().lower()
    records = sorted(
        (
            w
            for w in call.account.funding.withdrawals.values()
            if (chosen is None or w.asset == chosen.key)
            and (not method or w.method.lower() == method)
            and within(call.params, w.time)
        ),
        key=lambda w: w.time,
        reverse=True,
    )
    chunk = page(call.params, records)
    answer = [w.as_kraken() for w in chunk.records]
    if not chunk.paginated:
        return answer
    return {"withdrawal": answer, "next_cursor": chunk.next_cursor}


def withdraw_cancel(call: PrivateCall) -> bool:
    chosen = asset(call.params)
    refid = required(call.params, "refid")
    record = call.account.funding.withdrawals.get(refid)
    if record is None or record.asset != chosen.key:
        raise KrakenError(FUNDING_UNKNOWN_REFERENCE_ID)
    if record.status != "Pending":
        return False
    record.status = "Failure"
    record.status_prop = "canceled"
    post_funds(
        call.account,
        asset=record.asset,
        amount=record.amount,
        fee=Decimal(0),
        kind="withdrawal",
        refid=record.refid,
        now=call.now,
    )
    return True
