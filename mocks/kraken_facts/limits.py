"""Kraken's published rate limits: the REST call counter's costs and the trading limiter's
increments, and the tier table both read (docs.kraken.com, "Spot REST rate limits" and
"Spot Trading Limits").

**REST call counter, per API key.** Ledgers, QueryLedgers and TradesHistory add 2, AddOrder
and CancelOrder add nothing (they have the trading limiter), every other private call adds 1.
The counter decays at the tier's rate; a call that would push it past the tier's maximum
fails with ``EAPI:Rate limit exceeded`` and is not counted.

**Trading limiter, per pair.** AddOrder adds 1; CancelOrder adds a penalty that shrinks with
the order's age (8 under 5 s, 6 under 10 s, 5 under 15 s, 4 under 45 s, 2 under 90 s, 1 under
300 s, then 0). A call that would push the pair's counter past the tier's threshold fails
with ``EOrder:Rate limit exceeded`` and is not counted.

The counters themselves are ``mocks.decay.DecayingCounter``; this module holds the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CANCEL_PENALTIES",
    "TIERS",
    "Tier",
    "cancel_penalty",
    "rest_cost",
]

_REST_COSTS: dict[str, int] = {
    "Ledgers": 2,
    "QueryLedgers": 2,
    "TradesHistory": 2,
    "AddOrder": 0,
    "CancelOrder": 0,
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


def rest_cost(method: str) -> int:
    return _REST_COSTS.get(method, 1)


def cancel_penalty(order_age_s: float) -> int:
    for younger_than, penalty in CANCEL_PENALTIES:
        if order_age_s < younger_than:
            return penalty
    return 0


@dataclass(frozen=True)
class Tier:
    name: str
    max_counter: float
    decay_per_second: float
    trade_threshold: float
    trade_decay_per_second: float


TIERS: dict[str, Tier] = {
    "Starter": Tier("Starter", 15, 0.33, 60, 1.0),
    "Intermediate": Tier("Intermediate", 20, 0.5, 125, 2.34),
    "Pro": Tier("Pro", 20, 1.0, 180, 3.75),
}
