from __future__ import annotations

import pytest

from mocks.decay import DecayingCounter
from mocks.kraken_facts.limits import (
    TIERS,
    amend_penalty,
    batch_add_cost,
    cancel_penalty,
    edit_penalty,
    rest_cost,
)


@pytest.mark.parametrize(
    ("method", "cost"),
    [
        ("Ledgers", 2),
        ("QueryLedgers", 2),
        ("TradesHistory", 2),
        ("AddOrder", 0),
        ("CancelOrder", 0),
        ("Balance", 1),
        ("OpenOrders", 1),
        ("GetApiKeyInfo", 1),
    ],
)
def test_rest_costs(method: str, cost: float) -> None:
    assert rest_cost(method) == cost


@pytest.mark.parametrize(
    ("age", "penalty"),
    [(0, 8), (4.99, 8), (5, 6), (9.9, 6), (10, 5), (14, 5), (15, 4), (44, 4), (45, 2),
     (89, 2), (90, 1), (299, 1), (300, 0), (10_000, 0)],
)  # fmt: skip
def test_cancel_penalty_shrinks_with_age(age: float, penalty: float) -> None:
    assert cancel_penalty(age) == penalty


def test_the_call_that_would_pass_the_maximum_fails_and_is_not_counted() -> None:
    counter = DecayingCounter()
    tier = TIERS["Intermediate"]
    added = [
        counter.try_add(1, now=0, maximum=tier.max_counter, decay_per_second=tier.decay_per_second)
        for _ in range(21)
    ]
    assert added == [True] * 20 + [False]
    assert counter.level(0, tier.decay_per_second) == 20


def test_the_counter_decays_continuously_with_the_clock() -> None:
    counter = DecayingCounter()
    assert counter.try_add(15, now=100, maximum=15, decay_per_second=0.33)
    assert not counter.try_add(1, now=100, maximum=15, decay_per_second=0.33)
    assert not counter.try_add(1, now=102.9, maximum=15, decay_per_second=0.33)  # 0.957 gone
    assert counter.try_add(1, now=103.1, maximum=15, decay_per_second=0.33)  # 1.023 gone
    assert counter.level(1000, 0.33) == 0


def test_a_cost_of_two_needs_room_for_two() -> None:
    counter = DecayingCounter()
    assert counter.try_add(19, now=0, maximum=20, decay_per_second=1)
    assert not counter.try_add(2, now=0, maximum=20, decay_per_second=1)
    assert counter.try_add(1, now=0, maximum=20, decay_per_second=1)


def test_time_going_backwards_does_not_refill() -> None:
    counter = DecayingCounter()
    counter.try_add(10, now=50, maximum=20, decay_per_second=1)
    assert counter.level(40, 1) == 10


@pytest.mark.parametrize(
    ("age", "amend", "edit"),
    [(0, 4, 7), (4.9, 4, 7), (5, 3, 6), (10, 2, 5), (15, 1, 3), (45, 1, 2), (90, 1, 1),
     (1000, 1, 1)],
)  # fmt: skip
def test_amend_and_edit_counts_are_the_fixed_one_plus_the_age_part(
    age: float, amend: int, edit: int
) -> None:
    assert amend_penalty(age) == amend
    assert edit_penalty(age) == edit


def test_batch_add_and_open_order_limits() -> None:
    assert batch_add_cost(15) == 7.5
    assert [TIERS[t].max_open_orders for t in ("Starter", "Intermediate", "Pro")] == [60, 80, 225]
