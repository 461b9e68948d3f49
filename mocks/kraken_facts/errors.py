"""Kraken's error strings, and the exception the REST handlers raise to answer with one.

Every failure of the REST API is an HTTP 200 whose JSON envelope carries one of these
strings, exactly as Kraken spells them, so real client libraries map them to their own
exception types.
"""

from __future__ import annotations

__all__ = [
    "BAD_REQUEST",
    "CANCEL_ONLY",
    "COST_MINIMUM_NOT_MET",
    "INSUFFICIENT_FUNDS",
    "INVALID_ARGUMENTS",
    "INVALID_KEY",
    "INVALID_NONCE",
    "INVALID_ORDER",
    "INVALID_SIGNATURE",
    "ORDERS_LIMIT",
    "ORDER_MINIMUM_NOT_MET",
    "ORDER_RATE_LIMIT",
    "PERMISSION_DENIED",
    "POST_ONLY",
    "REST_RATE_LIMIT",
    "TEMPORARY_LOCKOUT",
    "UNKNOWN_ASSET",
    "UNKNOWN_ASSET_PAIR",
    "UNKNOWN_METHOD",
    "UNKNOWN_ORDER",
    "KrakenError",
    "invalid_argument",
    "invalid_price",
]

INVALID_KEY = "EAPI:Invalid key"
INVALID_SIGNATURE = "EAPI:Invalid signature"
INVALID_NONCE = "EAPI:Invalid nonce"
REST_RATE_LIMIT = "EAPI:Rate limit exceeded"
BAD_REQUEST = "EAPI:Bad request"
PERMISSION_DENIED = "EGeneral:Permission denied"
INVALID_ARGUMENTS = "EGeneral:Invalid arguments"
UNKNOWN_METHOD = "EGeneral:Unknown method"
TEMPORARY_LOCKOUT = "EGeneral:Temporary lockout"
UNKNOWN_ASSET = "EQuery:Unknown asset"
UNKNOWN_ASSET_PAIR = "EQuery:Unknown asset pair"
INSUFFICIENT_FUNDS = "EOrder:Insufficient funds"
ORDER_MINIMUM_NOT_MET = "EOrder:Order minimum not met"
COST_MINIMUM_NOT_MET = "EOrder:Cost minimum not met"
ORDER_RATE_LIMIT = "EOrder:Rate limit exceeded"
UNKNOWN_ORDER = "EOrder:Unknown order"
INVALID_ORDER = "EOrder:Invalid order"
POST_ONLY = "EOrder:Post only order"
ORDERS_LIMIT = "EOrder:Orders limit exceeded"
CANCEL_ONLY = "EService:Market in cancel_only mode"


class KrakenError(Exception):
    """Answer the current call with Kraken's error ``message`` (HTTP 200, error envelope)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def invalid_argument(name: str) -> KrakenError:
    """``EGeneral:Invalid arguments:<name>``, Kraken's answer to one bad parameter."""
    return KrakenError(f"{INVALID_ARGUMENTS}:{name}")


def invalid_price(pair_altname: str, decimals: int) -> KrakenError:
    return KrakenError(
        f"EOrder:Invalid price:{pair_altname} price can only be specified up to "
        f"{decimals} decimals."
    )
