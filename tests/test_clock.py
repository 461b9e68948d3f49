from __future__ import annotations

import time

import pytest

from mocks.clock import Clock


def test_a_frozen_clock_stands_still_until_advanced() -> None:
    clock = Clock.frozen_at(1_800_000_000)
    assert clock.is_frozen
    assert clock.now() == clock.now() == 1_800_000_000
    clock.advance(2.5)
    assert clock.now() == 1_800_000_002.5


def test_a_running_clock_follows_the_system_clock_and_can_jump() -> None:
    clock = Clock()
    before = time.time()
    assert before <= clock.now() <= time.time()
    clock.advance(3600)
    assert clock.now() >= before + 3600


def test_a_clock_only_moves_forward() -> None:
    with pytest.raises(ValueError, match="forward"):
        Clock().advance(-1)


def test_freeze_resume_and_reset() -> None:
    clock = Clock()
    clock.advance(1000)
    clock.freeze()
    frozen = clock.now()
    assert frozen >= time.time() + 999
    assert clock.now() == frozen
    clock.resume()
    assert not clock.is_frozen
    assert clock.now() >= frozen  # runs on from the frozen instant
    clock.freeze(at=5)
    assert clock.now() == 5
    clock.reset()
    assert not clock.is_frozen
    assert abs(clock.now() - time.time()) < 5
