"""Reading Funding's parameters: asset, asset class, amounts, time bounds and cursor pages.

Missing required parameters answer ``EGeneral:Invalid arguments:<name>``; an asset the mock
does not know ``EFunding:Unknown asset``; an amount that is not a positive number
``EFunding:Invalid amount``. Status lists (``DepositStatus``, ``WithdrawStatus``) take
``start``/``end`` in unix seconds (both inclusive, as the OpenAPI spec words them) and
``cursor``: false or absent answers a plain array, true the first page as ``{<list>: [...],
"next_cursor": ...}``, and a cursor string the page it names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from mocks.kraken.market import Asset, find_asset
from mocks.kraken.params import Params, optional_int
from mocks.kraken_facts.errors import (
    FUNDING_INVALID_AMOUNT,
    FUNDING_UNKNOWN_ASSET,
    KrakenError,
    invalid_argument,
)

__all__ = [
    "ASSET_CLASSES",
    "Page",
    "amount",
    "asset",
    "check_aclass",
    "optional_asset",
    "optional_bool_param",
    "page",
    "required",
    "within",
]

ASSET_CLASSES = {"currency", "tokenized_asset"}
_MAX_LIMIT = 500
_MAX_AMOUNT = Decimal(10) ** 15  # far above any balance; keeps the arithmetic exact
T = TypeVar("T")


def required(params: Params, name: str) -> str:
    value = params.get(name, "").strip()
    if not value:
        raise invalid_argument(name)
    return value


def check_aclass(params: Params) -> None:
    aclass = params.get("aclass", "currency").strip() or "currency"
    if aclass not in ASSET_CLASSES:
        raise invalid_argument("aclass")


def asset(params: Params) -> Asset:
    check_aclass(params)
    known = find_asset(required(params, "asset"))
    if known is None:
        raise KrakenError(FUNDING_UNKNOWN_ASSET)
    return known


def optional_asset(params: Params) -> Asset | None:
    if not params.get("asset", "").strip():
        check_aclass(params)
        return None
    return asset(params)


def amount(params: Params, decimals: int, name: str = "amount") -> Decimal:
    """A positive amount with at most the asset's ``decimals`` places."""
    raw = required(params, name)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise KrakenError(FUNDING_INVALID_AMOUNT) from None
    if not value.is_finite() or value <= 0 or value > _MAX_AMOUNT:
        raise KrakenError(FUNDING_INVALID_AMOUNT)
    if value != value.quantize(Decimal(1).scaleb(-decimals)):
        raise KrakenError(FUNDING_INVALID_AMOUNT)
    return value


def optional_bool_param(params: Params, name: str) -> bool | None:
    raw = params.get(name, "").strip().lower()
    if not raw:
        return None
    if raw in {"true", "1"}:
        return True
    if raw in {"false", "0"}:
        return False
    raise invalid_argument(name)


def _seconds(params: Params, name: str) -> float | None:
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise invalid_argument(name) from None
    if not value.is_finite() or value < 0:
        raise invalid_argument(name)
    return float(value)


def within(params: Params, moment: float) -> bool:
    """Whether ``moment`` lies inside the call's ``start``/``end`` (unix seconds)."""
    start, end = _seconds(params, "start"), _seconds(params, "end")
    return (start is None or moment >= start) and (end is None or moment <= end)


@dataclass(frozen=True)
class Page:
    records: list[Any]
    next_cursor: str | None
    paginated: bool


def page(params: Params, records: Sequence[T]) -> Page:
    """The page ``cursor`` and ``limit`` ask for (records newest first)."""
    limit = optional_int(params, "limit")
    if limit is not None and not 1 <= limit <= _MAX_LIMIT:
        raise invalid_argument("limit")
    cursor = params.get("cursor", "").strip()
    if cursor.lower() in {"", "false"}:
        chosen = list(records) if limit is None else list(records[:limit])
        return Page(chosen, None, paginated=False)
    start = 0
    if cursor.lower() != "true":
        if not cursor.isdigit() or int(cursor) > len(records):
            raise invalid_argument("cursor")
        start = int(cursor)
    size = limit or _MAX_LIMIT
    end = start + size
    return Page(list(records[start:end]), str(end) if end < len(records) else None, True)
