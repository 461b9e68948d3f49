from __future__ import annotations

import threading

from mocks.altrady.nonces import NonceSource
from mocks.clock import Clock

T0 = 1_795_000_000.0


def test_a_nonce_is_the_clock_in_milliseconds() -> None:
    nonces = NonceSource(Clock.frozen_at(T0))
    assert nonces.next("A") == int(T0 * 1000)


def test_a_frozen_clock_still_gives_increasing_nonces() -> None:
    nonces = NonceSource(Clock.frozen_at(T0))
    assert [nonces.next("A") for _ in range(3)] == [int(T0 * 1000) + n for n in range(3)]


def test_nonces_follow_the_clock_when_it_moves_ahead() -> None:
    clock = Clock.frozen_at(T0)
    nonces = NonceSource(clock)
    nonces.next("A")
    clock.advance(2.5)
    assert nonces.next("A") == int((T0 + 2.5) * 1000)


def test_each_key_counts_on_its_own() -> None:
    nonces = NonceSource(Clock.frozen_at(T0))
    first_a, second_a = nonces.next("A"), nonces.next("A")
    assert nonces.next("B") == first_a
    assert second_a == first_a + 1
    assert nonces.last("B") == first_a
    assert nonces.last("C") is None


def test_nonces_are_unique_and_increasing_per_key_across_threads() -> None:
    nonces = NonceSource(Clock())
    per_thread: list[list[int]] = [[] for _ in range(8)]
    start = threading.Barrier(len(per_thread))

    def take(into: list[int]) -> None:
        start.wait()
        into.extend(nonces.next("shared") for _ in range(500))

    threads = [threading.Thread(target=take, args=(taken,)) for taken in per_thread]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [nonce for taken in per_thread for nonce in taken]
    assert len(set(every)) == len(every) == 4000
    assert all(taken == sorted(taken) for taken in per_thread)
    assert nonces.last("shared") == max(every)
