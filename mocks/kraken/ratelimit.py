"""Kraken's two rate limiters, both counters that decay continuously with the mock's clock.

**REST call counter, per API key.** Ledgers, QueryLedgers and TradesHistory add 2, AddOrder
and CancelOrder add nothing (they have the trading limiter), every other private call adds 1.
The counter decays at the tier's rate; a call that would push it past the tier's maximum
fails with ``EAPI:Rate limit exceeded`` and is not counted.

**Trading limiter, per API key and per pair** (this mock's documented choice; Kraken's own
documentation speaks of per-pair counters without saying what they are shared by, and a
per-key counter is what lets Altrady spread its orders over several keys, as the guide's
step 8 recommends). AddOrder adds 1; CancelOrder adds a penalty that shrinks with the
order's age (8 under 5 s, 6 under 10 s, 5 under 15 s, 4 under 45 s, 2 under 90 s, 1 under
300 s, then 0). A call that would push the pair's counter past the tier's threshold fails
with ``EOrder:Rate limit exceeded`` and is not counted. Validate-only orders do not count.

The counters themselves are ``mocks.decay.DecayingCounter``; this module holds the costs.
"""

from __future__ import annotations

__all__ = [
    "CANCEL_PENALTIES",
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
