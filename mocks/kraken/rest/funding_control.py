"""The control API's funding routes: what a person does on Kraken's website, not the API.

- ``POST /_mock/withdrawal-keys`` ``{"email", "asset", "key", "address", "verified"}``
  saves a withdrawal address under a key name (the ``key`` that ``Withdraw`` names), with
  the asset's withdrawal method; ``GET /_mock/withdrawal-keys?email=`` lists them.
- ``POST /_mock/deposits`` ``{"email", "asset", "amount", "method"}`` credits a deposit
  (status ``Success``), with its ledger entry, to the method's newest deposit address;
  an amount with more decimals than the asset has is refused (422).

Bad input answers 400/422 with a readable message, an unknown email 404, as the rest of
the control API does.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Annotated

from pydantic import Field, StringConstraints
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from mocks.kraken.control import (
    ControlInputError,
    NonEmpty,
    _handles_input_errors,
    _parse,
    _state,
    _Strict,
    _unknown_user,
)
from mocks.kraken.funding import Deposit, WithdrawalKey, new_refid
from mocks.kraken.market import Asset, find_asset
from mocks.kraken.rest.funding_book import post_funds
from mocks.kraken.rest.funding_methods import DEPOSIT_METHODS, deposit_method, withdraw_method
from mocks.kraken.state import Account, UnknownUserError

__all__ = ["routes"]

KeyName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Address = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128)]


class NewWithdrawalKey(_Strict):
    email: NonEmpty
    asset: NonEmpty
    key: KeyName
    address: Address
    verified: bool = True


class NewDeposit(_Strict):
    email: NonEmpty
    asset: NonEmpty
    amount: Annotated[Decimal, Field(gt=0, le=Decimal(10) ** 12, allow_inf_nan=False)]
    method: str | None = None


def _account(request: Request, email: str) -> Account:
    try:
        return _state(request).account(email)
    except UnknownUserError:
        raise _unknown_user(email) from None


def _asset(name: str) -> Asset:
    asset = find_asset(name)
    if asset is None:
        raise ControlInputError(422, f"asset: unknown asset {name!r}")
    return asset


@_handles_input_errors
async def withdrawal_keys(request: Request) -> Response:
    state = _state(request)
    if request.method == "GET":
        email = request.query_params.get("email", "").strip()
        if not email:
            raise ControlInputError(400, "Give the account's email: /_mock/withdrawal-keys?email=")
        with state.lock:
            keys = [k.as_kraken() for k in _account(request, email).funding.keys.values()]
        return JSONResponse({"keys": keys})
    new = await _parse(request, NewWithdrawalKey)
    asset = _asset(new.asset)
    method = withdraw_method(asset.key)
    if method is None:
        raise ControlInputError(422, f"asset: {asset.altname} has no withdrawal method")
    with state.lock:
        book = _account(request, new.email).funding
        key = WithdrawalKey(new.key, asset.key, method.method, new.address, new.verified)
        book.keys[(asset.key, key.name)] = key
    return JSONResponse(key.as_kraken(), status_code=201)


@_handles_input_errors
async def deposits(request: Request) -> Response:
    new = await _parse(request, NewDeposit)
    asset = _asset(new.asset)
    exponent = new.amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -asset.decimals:
        raise ControlInputError(
            422, f"amount: {asset.altname} takes at most {asset.decimals} decimals"
        )
    default = next((m for m in DEPOSIT_METHODS if m.asset == asset.key), None)
    method = deposit_method(asset.key, new.method) if new.method else default
    if method is None:
        raise ControlInputError(422, f"method: {asset.altname} has no such deposit method")
    state = _state(request)
    with state.lock:
        account = _account(request, new.email)
        book = account.funding
        addresses = book.addresses_for(asset.key, method.method)
        address = addresses[-1] if addresses else None
        if address is not None:
            address.used = True
        refid = new_refid()
        now = state.clock.now()
        record = Deposit(
            refid=refid,
            asset=asset.key,
            method=method.method,
            amount=new.amount,
            time=now,
            txid=hashlib.sha256(refid.encode()).hexdigest(),
            address=address.address if address else "",
        )
        book.deposits.append(record)
        post_funds(
            account,
            asset=asset.key,
            amount=new.amount,
            fee=Decimal(0),
            kind="deposit",
            refid=refid,
            now=now,
        )
    return JSONResponse(record.as_kraken(), status_code=201)


routes: list[BaseRoute] = [
    Route("/_mock/withdrawal-keys", withdrawal_keys, methods=["GET", "POST"]),
    Route("/_mock/deposits", deposits, methods=["POST"]),
]
