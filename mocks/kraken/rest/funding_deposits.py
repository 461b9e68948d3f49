"""Kraken's deposit methods: ``DepositMethods``, ``DepositAddresses`` and ``DepositStatus``.

Shapes as Kraken's OpenAPI spec gives them: ``DepositMethods`` an array of ``{method, limit,
fee, gen-address, minimum}``; ``DepositAddresses`` an array of ``{address, expiretm, new}``
(``expiretm`` a string); ``DepositStatus`` an array of deposits (``time`` an integer,
amounts strings), or ``{"deposit": [...], "next_cursor": ...}`` when ``cursor`` asks for
pages. Deposits come in through the control API (``POST /_mock/deposits``).
"""

from __future__ import annotations

from typing import Any

from mocks.kraken.funding import MAX_ADDRESSES
from mocks.kraken.rest.context import PrivateCall
from mocks.kraken.rest.funding_methods import DEPOSIT_METHODS, deposit_method
from mocks.kraken.rest.funding_params import (
    asset,
    optional_asset,
    optional_bool_param,
    page,
    required,
    within,
)
from mocks.kraken_facts.errors import FUNDING_NO_METHOD, FUNDING_TOO_MANY_ADDRESSES, KrakenError

__all__ = ["deposit_addresses", "deposit_methods", "deposit_status"]


def deposit_methods(call: PrivateCall) -> list[Any]:
    chosen = asset(call.params)
    return [m.as_kraken() for m in DEPOSIT_METHODS if m.asset == chosen.key]


def deposit_addresses(call: PrivateCall) -> list[Any]:
    """The method's addresses, newest first; ``new=true`` makes one more first."""
    chosen = asset(call.params)
    method = deposit_method(chosen.key, required(call.params, "method"))
    if method is None:
        raise KrakenError(FUNDING_NO_METHOD)
    wants_new = optional_bool_param(call.params, "new") or False
    if not method.gen_address:
        return []
    book = call.account.funding
    existing = book.addresses_for(chosen.key, method.method)
    if wants_new or not existing:
        if len(existing) >= MAX_ADDRESSES:
            raise KrakenError(FUNDING_TOO_MANY_ADDRESSES)
        book.new_address(call.account.id, chosen.key, method.method, method.address_prefix)
    addresses = book.addresses_for(chosen.key, method.method)
    return [address.as_kraken() for address in reversed(addresses)]


def deposit_status(call: PrivateCall) -> list[Any] | dict[str, Any]:
    chosen = optional_asset(call.params)
    method_name = call.params.get("method", "").strip().lower()
    deposits = [
        d
        for d in reversed(call.account.funding.deposits)
        if (chosen is None or d.asset == chosen.key)
        and (not method_name or d.method.lower() == method_name)
        and within(call.params, d.time)
    ]
    chunk = page(call.params, deposits)
    records = [d.as_kraken() for d in chunk.records]
    if not chunk.paginated:
        return records
    return {"deposit": records, "next_cursor": chunk.next_cursor}
