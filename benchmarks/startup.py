"""Mock start-up and stop: both mocks from nothing to answering HTTP, as the fixtures start
them, and from a stop request to their ports freed, with a client's connection open."""

from __future__ import annotations

import time

from benchmarks.figures import Figure, Target, median

__all__ = ["STARTUP_TARGET", "STOP_TARGET", "measure_startup"]

STARTUP_TARGET = Target("<", 0.5)
# uvicorn's own stop took 0.4 s here: its 0.1 s tick and fixed waits, twice in a row.
STOP_TARGET = Target("<", 0.05)


def measure_startup(runs: int) -> list[Figure]:
    import httpx  # noqa: PLC0415

    from fixtures.servers import start_mocks  # noqa: PLC0415  (only the parts asked for load)

    starts: list[float] = []
    stops: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        stack = start_mocks()
        starts.append(time.perf_counter() - started)
        with httpx.Client() as client:  # a connection each, left open, as a browser leaves it
            for url in (stack.kraken_url, stack.altrady_url):
                client.get(url + "/_mock/health").raise_for_status()
            stopping = time.perf_counter()
            stack.stop()
            stops.append(time.perf_counter() - stopping)
    return [
        Figure("mock start-up to ready (Kraken + Altrady)", median(starts), "s", STARTUP_TARGET),
        Figure("mock stop, a connection open to each", median(stops), "s", STOP_TARGET),
    ]
