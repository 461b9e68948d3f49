from __future__ import annotations

from mocks.decay import DecayingCounter


def test_the_level_drains_linearly_and_stops_at_zero() -> None:
    counter = DecayingCounter()
    counter.add(10, now=100, decay_per_second=2)
    assert counter.level(100, 2) == 10
    assert counter.level(103, 2) == 4
    assert counter.level(200, 2) == 0


def test_try_add_refuses_what_would_pass_the_maximum_and_counts_nothing() -> None:
    counter = DecayingCounter()
    assert counter.try_add(9, now=0, maximum=10, decay_per_second=1)
    assert not counter.try_add(2, now=0, maximum=10, decay_per_second=1)
    assert counter.level(0, 1) == 9
    assert counter.try_add(2, now=1, maximum=10, decay_per_second=1)
    assert counter.level(1, 1) == 10


def test_a_negative_add_takes_back_but_not_below_zero() -> None:
    counter = DecayingCounter()
    counter.add(5, now=0, decay_per_second=1)
    counter.add(-3, now=0, decay_per_second=1)
    assert counter.level(0, 1) == 2
    counter.add(-8, now=1, decay_per_second=1)
    assert counter.level(1, 1) == 0


def test_raise_to_lifts_a_lower_level_and_keeps_a_higher_one() -> None:
    counter = DecayingCounter()
    counter.raise_to(15, now=0, decay_per_second=0.5)
    assert counter.level(0, 0.5) == 15
    counter.add(5, now=0, decay_per_second=0.5)
    counter.raise_to(15, now=0, decay_per_second=0.5)
    assert counter.level(0, 0.5) == 20
    assert counter.level(10, 0.5) == 15


def test_an_earlier_now_neither_refills_nor_moves_the_update_back() -> None:
    counter = DecayingCounter()
    counter.add(10, now=50, decay_per_second=1)
    counter.add(1, now=40, decay_per_second=1)
    assert counter.updated_at == 50
    assert counter.level(40, 1) == 11
    assert counter.level(55, 1) == 6
