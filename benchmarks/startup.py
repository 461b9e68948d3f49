"""Mock start-up: both mocks from nothing to answering HTTP, as the fixtures start them."""

from __future__ import annotations

import time

from benchmarks.figures import Figure, Target, median

__all__ = ["STARTUP_TARGET", "measure_startup"]

STARTUP_TARGET = Target("<", 0.5)


def measure_startup(runs: int) -> list[Figure]:
    from fixtures.servers import start_mocks  # noqa: PLC0415  (only the parts asked for load)

    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        stack = start_mocks()
        samples.append(time.perf_counter() - started)
        stack.stop()
    return [
        Figure("mock start-up to ready (Kraken + Altrady)", median(samples), "s", STARTUP_TARGET)
    ]
