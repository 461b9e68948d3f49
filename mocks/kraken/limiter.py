"""The trading counter: one per account and pair, shared by every key and protocol.

Kraken's "Spot Trading Limits": each client has a rate counter per pair, raised by every
order transaction (the increments are in :mod:`mocks.kraken_facts.limits`) and decaying at
the tier's rate. A transaction that would push it past the tier's threshold answers
``EOrder:Rate limit exceeded``. The REST *call* counter is a different one, per key
(:mod:`mocks.kraken.auth`).
"""

from __future__ import annotations

from typing import Protocol

from mocks.decay import DecayingCounter
from mocks.kraken_facts.errors import ORDER_RATE_LIMIT, KrakenError
from mocks.kraken_facts.limits import Tier

__all__ = ["Counted", "charge", "fits", "level", "require"]


class Counted(Protocol):
    """What holds the counters: an account (its tier and one counter per pair)."""

    tier: Tier

    def trade_counter(self, pair: str) -> DecayingCounter: ...


def level(account: Counted, pair: str, now: float) -> float:
    return account.trade_counter(pair).level(now, account.tier.trade_decay_per_second)


def fits(account: Counted, pair: str, cost: float, now: float) -> bool:
    return level(account, pair, now) + cost <= account.tier.trade_threshold


def require(account: Counted, pair: str, cost: float, now: float) -> None:
    """Refuse with ``EOrder:Rate limit exceeded`` unless ``cost`` fits under the threshold."""
    if not fits(account, pair, cost, now):
        raise KrakenError(ORDER_RATE_LIMIT)


def charge(account: Counted, pair: str, cost: float, now: float) -> None:
    """Add ``cost`` (no threshold: the caller checked, or the rule accepts it anyway)."""
    if cost:
        account.trade_counter(pair).add(
            cost, now=now, decay_per_second=account.tier.trade_decay_per_second
        )
