from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine
from typing import Any

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


# Clock.sleep: the waits a mock makes for time to pass (Altrady's back-off).
# Each test runs its own event loop; a wait that never ends fails on the guard's timeout.
GUARD_S = 10.0


def _run(coroutine: Coroutine[Any, Any, None]) -> None:
    asyncio.run(asyncio.wait_for(coroutine, timeout=GUARD_S))


def test_a_running_clocks_sleep_waits_its_time() -> None:
    clock = Clock()

    async def scenario() -> None:
        started = time.monotonic()
        await clock.sleep(0.05)
        assert time.monotonic() - started >= 0.05

    _run(scenario())


def test_advancing_a_running_clock_past_the_end_wakes_its_sleepers_from_another_thread() -> None:
    clock = Clock()

    async def scenario() -> None:
        sleeper = asyncio.create_task(clock.sleep(3600))
        await asyncio.sleep(0)  # the sleeper is waiting
        await asyncio.to_thread(clock.advance, 10)
        for _ in range(5):
            await asyncio.sleep(0)
        assert not sleeper.done(), "10 s of a 3600 s wait ended it"
        await asyncio.to_thread(clock.advance, 3600)
        await sleeper

    _run(scenario())


def test_a_frozen_clock_ends_a_wait_at_once_without_moving() -> None:
    clock = Clock.frozen_at(1_800_000_000)

    async def scenario() -> None:
        await clock.sleep(3600)
        assert clock.now() == 1_800_000_000

    _run(scenario())


def test_freezing_a_running_clock_ends_the_waits_on_it() -> None:
    clock = Clock()

    async def scenario() -> None:
        sleeper = asyncio.create_task(clock.sleep(3600))
        await asyncio.sleep(0)
        await asyncio.to_thread(clock.freeze)
        await sleeper

    _run(scenario())
