from __future__ import annotations

import pytest

from mocks.kraken.nonces import MAX_NONCE, NonceMemory, parse_nonce


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", 1),
        ("1616492376594", 1616492376594),  # milliseconds (krakenex)
        ("179563764465486432", 179563764465486432),  # 10-ns units (python-kraken-sdk)
        (str(MAX_NONCE), MAX_NONCE),
        (str(MAX_NONCE + 1), None),
        ("", None),
        ("-5", None),
        ("+5", None),
        ("1.0", None),
        ("1e3", None),
        ("abc", None),
        ("\u0661\u0662\u0663", None),  # non-ASCII digits
        ("9" * 40, None),
    ],
)
def test_parse_nonce(raw: str, expected: int | None) -> None:
    assert parse_nonce(raw) == expected


def test_without_a_window_nonces_must_strictly_increase() -> None:
    memory = NonceMemory()
    assert memory.accept(10, 0)
    assert not memory.accept(10, 0)
    assert not memory.accept(9, 0)
    assert memory.accept(11, 0)
    assert memory.highest == 11


def test_a_new_key_refuses_zero() -> None:
    assert not NonceMemory().accept(0, 0)
    assert not NonceMemory().accept(0, 5)


def test_window_edges() -> None:
    memory = NonceMemory()
    assert memory.accept(1000, 5)
    assert memory.accepts(995, 5)  # exactly N below: inside
    assert not memory.accepts(994, 5)  # N+1 below: outside
    assert not memory.accepts(1000, 5)  # equal to the highest: a replay


def test_a_replay_inside_the_window_is_refused() -> None:
    memory = NonceMemory()
    assert memory.accept(1000, 5000)
    assert memory.accept(998, 5000)
    assert not memory.accept(998, 5000)
    assert memory.accept(999, 5000)
    assert memory.highest == 1000


def test_out_of_order_millisecond_nonces_pass_with_the_guides_window() -> None:
    memory = NonceMemory()
    arrivals = [1_700_000_004_000, 1_700_000_001_000, 1_700_000_003_500, 1_700_000_000_000]
    assert [memory.accept(n, 5000) for n in arrivals] == [True, True, True, True]
    assert not memory.accept(1_700_000_004_000 - 5001, 5000)


def test_memory_is_bounded_and_forgetting_is_stricter_not_looser() -> None:
    memory = NonceMemory(capacity=4)
    for nonce in range(100, 110):
        assert memory.accept(nonce, 1_000_000)
    assert memory.remembered == 4
    # 100..105 were forgotten, so everything up to 105 is now refused, replay or not.
    assert not memory.accepts(50, 1_000_000)
    assert not memory.accepts(105, 1_000_000)
    assert not memory.accepts(109, 1_000_000)
    assert memory.accept(110, 1_000_000)


def test_nonces_below_the_window_are_pruned() -> None:
    memory = NonceMemory()
    for nonce in (10, 11, 12):
        memory.accept(nonce, 2)
    memory.accept(100, 2)
    assert memory.remembered == 1
