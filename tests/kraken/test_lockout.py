from __future__ import annotations

from mocks.kraken.lockout import Lockout


def fail(lockout: Lockout, now: float) -> bool:
    return lockout.record_failure(now, threshold=3, window_s=60.0, duration_s=15.0)


def test_the_threshold_within_the_window_locks() -> None:
    lockout = Lockout()
    assert not fail(lockout, 0)
    assert not fail(lockout, 10)
    assert fail(lockout, 20)
    assert lockout.is_locked(20)
    assert lockout.is_locked(34.9)


def test_the_lockout_ends_and_the_count_starts_again() -> None:
    lockout = Lockout()
    for t in (0, 1, 2):
        fail(lockout, t)
    assert not lockout.is_locked(17)
    assert lockout.recent_failures == 0
    assert not fail(lockout, 18)


def test_failures_outside_the_window_do_not_add_up() -> None:
    lockout = Lockout()
    fail(lockout, 0)
    fail(lockout, 30)
    assert not fail(lockout, 61)  # the first one has aged out
    assert not lockout.is_locked(61)


def test_clear() -> None:
    lockout = Lockout()
    for t in (0, 1, 2):
        fail(lockout, t)
    lockout.clear()
    assert not lockout.is_locked(3)
