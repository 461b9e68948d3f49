"""Kraken's published rate limits: the REST call counter's costs and the trading limiter's
increments, and the tier table both read (docs.kraken.com, "Spot REST rate limits" and
"Spot Trading Limits").

**REST call counter, per API key.** Ledgers, QueryLedgers and TradesHistory add 2, AddOrder
and CancelOrder add nothing (they have the trading limiter; so do the other order-entry
methods, the mock's choice), every other private call adds 1.
The counter decays at the tier's rate; a call that would push it past the tier's maximum
fails with ``EAPI:Rate limit exceeded`` and is not counted.

**Trading limiter, per account ("client") and per pair**, shared by every key and every
protocol (REST, WebSocket, FIX). Each transaction adds a fixed count, applied even when the
transaction then fails validation, plus a count that shrinks with the age of the order it
touches (seconds since it was created or last amended):

============  =====  ====  =====  =====  =====  =====  ======
transaction   fixed  < 5s  < 10s  < 15s  < 45s  < 90s  < 300s
============  =====  ====  =====  =====  =====  =====  ======
add order     +1
amend order   +1     +3    +2     +1
edit order    +1     +6    +5     +4     +2     +1
cancel order         +8    +6     +5     +4     +2     +1
batch add     +n/2
batch cancel         +8n   +6n    +5n    +4n    +2n    +1n
============  =====  ====  =====  =====  =====  =====  ======

A transaction that would push the pair's counter past the tier's threshold fails with
``EOrder:Rate limit exceeded``; a batch cancel is accepted even past it. The engine also
limits the **open orders** per pair by tier (``EOrder:Orders limit exceeded``).

The counters themselves are ``mocks.decay.DecayingCounter``; this module holds the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ADD_FIXED",
    "AMEND_FIXED",
    "AMEND_PENALTIES",
    "CANCEL_PENALTIES",
    "EDIT_FIXED",
    "EDIT_PENALTIES",
    "TIERS",
    "Tier",
    "amend_penalty",
    "batch_add_cost",
    "cancel_penalty",
    "edit_penalty",
    "rest_cost",
]

# The order-entry methods all have the trading counter instead (Kraken names AddOrder and
# CancelOrder; the mock treats their batch, amend, edit and cancel-all kin alike).
_REST_COSTS: dict[str, int] = {
    "Ledgers": 2,
    "QueryLedgers": 2,
    "TradesHistory": 2,
    "AddOrder": 0,
    "AddOrderBatch": 0,
    "AmendOrder": 0,
    "EditOrder": 0,
    "CancelOrder": 0,
    "CancelOrderBatch": 0,
    "CancelAll": 0,
    "CancelAllOrdersAfter": 0,
}

# (order younger than this many seconds, penalty), youngest first.
CANCEL_PENALTIES: tuple[tuple[float, int], ...] = (
    (5, 8),
    (10, 6),
    (15, 5),
    (45, 4),
    (90, 2),
    (300, 1),
)


AMEND_PENALTIES: tuple[tuple[float, int], ...] = ((5, 3), (10, 2), (15, 1))
EDIT_PENALTIES: tuple[tuple[float, int], ...] = ((5, 6), (10, 5), (15, 4), (45, 2), (90, 1))
AMEND_FIXED = 1
EDIT_FIXED = 1
ADD_FIXED = 1


def rest_cost(method: str) -> int:
    return _REST_COSTS.get(method, 1)


def _by_age(table: tuple[tuple[float, int], ...], order_age_s: float) -> int:
    for younger_than, penalty in table:
        if order_age_s < younger_than:
            return penalty
    return 0


def cancel_penalty(order_age_s: float) -> int:
    return _by_age(CANCEL_PENALTIES, order_age_s)


def amend_penalty(order_age_s: float) -> int:
    """An amend's whole count: the fixed +1 and the part for the order's age."""
    return AMEND_FIXED + _by_age(AMEND_PENALTIES, order_age_s)


def edit_penalty(order_age_s: float) -> int:
    """An edit's whole count: the fixed +1 and the part for the order's age."""
    return EDIT_FIXED + _by_age(EDIT_PENALTIES, order_age_s)


def batch_add_cost(orders: int) -> float:
    return orders / 2


@dataclass(frozen=True)
class Tier:
    name: str
    max_counter: float
    decay_per_second: float
    trade_threshold: float
    trade_decay_per_second: float
    max_open_orders: int  # per pair


TIERS: dict[str, Tier] = {
    "Starter": Tier("Starter", 15, 0.33, 60, 1.0, 60),
    "Intermediate": Tier("Intermediate", 20, 0.5, 125, 2.34, 80),
    "Pro": Tier("Pro", 20, 1.0, 180, 3.75, 225),
}
