"""Kraken's error strings, sorted into kinds and put into words a trader understands."""

from __future__ import annotations

from enum import Enum

from mocks.altrady.kraken_client import KrakenError, KrakenUnavailableError

__all__ = ["ErrorKind", "kind_of", "trader_message", "unavailable_message"]


class ErrorKind(Enum):
    RATE_LIMIT = "rate_limit"  # this key, for now: another key may go through
    TRADE_LIMIT = "trade_limit"  # the account's pair, for now: no other key goes through
    KEY_PROBLEM = "key_problem"  # this key, for good: another key may go through
    NONCE = "nonce"
    SERVICE = "service"  # Kraken itself is down or busy
    OTHER = "other"  # the request itself (funds, arguments, ...)


_KINDS: dict[str, ErrorKind] = {
    "EAPI:Rate limit exceeded": ErrorKind.RATE_LIMIT,
    # Kraken's trading counter is one per account and pair, shared by every key.
    "EOrder:Rate limit exceeded": ErrorKind.TRADE_LIMIT,
    "EGeneral:Temporary lockout": ErrorKind.RATE_LIMIT,
    "EAPI:Invalid key": ErrorKind.KEY_PROBLEM,
    "EAPI:Invalid signature": ErrorKind.KEY_PROBLEM,
    "EGeneral:Permission denied": ErrorKind.KEY_PROBLEM,
    "EAPI:Invalid nonce": ErrorKind.NONCE,
    "EService:Unavailable": ErrorKind.SERVICE,
    "EService:Busy": ErrorKind.SERVICE,
    "EService:Market in cancel_only mode": ErrorKind.SERVICE,
}

_MESSAGES: dict[str, str] = {
    "EAPI:Invalid key": (
        "Kraken does not recognise this API key: it is mistyped, deleted or expired. "
        "Copy the API key from Kraken's dialog again, or create a new key."
    ),
    "EAPI:Invalid signature": (
        "The private key does not belong to this API key: copy the Private key shown in "
        "the same Kraken dialog as the API key."
    ),
    "EGeneral:Permission denied": (
        "Kraken refused Altrady's address: add Altrady's IP whitelist to the key's "
        "IP address restriction on Kraken."
    ),
    "EAPI:Invalid nonce": (
        "Kraken refused the request's nonce: set Custom Nonce Window to 5000 on the key, "
        "and use this key for Altrady only."
    ),
    "EAPI:Rate limit exceeded": (
        "Kraken's rate limit for this key was reached: wait a minute, or add an extra key."
    ),
    "EOrder:Rate limit exceeded": (
        "Kraken's order rate limit for this pair was reached on the account (every key "
        "shares it, so extra keys do not help): place and cancel fewer orders at once, "
        "or wait a minute."
    ),
    "EGeneral:Temporary lockout": (
        "Kraken has locked this key for a moment after too many failed requests: "
        "try again in a minute."
    ),
    "EOrder:Insufficient funds": "The Kraken account does not hold enough funds for the order.",
}


def kind_of(error: KrakenError) -> ErrorKind:
    return _KINDS.get(error.code, ErrorKind.OTHER)


def trader_message(error: KrakenError) -> str:
    known = _MESSAGES.get(error.code)
    if known is not None:
        return known
    if kind_of(error) is ErrorKind.SERVICE:
        return "Kraken is busy or in maintenance: try again in a few minutes."
    return f"Kraken refused the request ({error.errors[0]})."


def unavailable_message(error: KrakenUnavailableError) -> str:
    return f"Kraken did not answer: {error.reason}. Try again in a moment."
