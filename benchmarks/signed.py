"""Signed private calls per second on the Kraken mock, beside its bare public ``Time``.

One key made through the control API, one keep-alive client, sequential calls, a fixed
count. Each private call is signed as Kraken's clients sign it (``mocks.kraken_facts.signing``,
tested against Kraken's published vector); every answer is checked, so a fast stream of
errors never passes for a fast mock.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from urllib.parse import urlencode

import httpx

from benchmarks.figures import BenchError, Figure, NotAvailableError, Target, median
from mocks.kraken_facts.signing import sign

__all__ = ["SIGNED_RATIO_TARGET", "measure_signed"]

SIGNED_RATIO_TARGET = Target(">=", 0.5)
BALANCE_PATH = "/0/private/Balance"
TIME_PATH = "/0/public/Time"
EMAIL = "bench@example.com"
PASSWORD = "bench-password-1"  # noqa: S105  (a throwaway account on a throwaway mock)
# Moved between calls on the mock's frozen clock, so the key's REST counter (at most 15
# calls, decaying 0.33/s on the Starter tier) is back to zero for every call.
CLOCK_STEP_S = 60.0


def _checked(response: httpx.Response, what: str) -> None:
    if response.status_code == 404:
        raise NotAvailableError(f"{what} answers 404")
    if response.status_code != 200:
        raise BenchError(f"{what} answered HTTP {response.status_code}")
    errors = response.json().get("error")
    if errors:
        raise BenchError(f"{what} answered {', '.join(errors)}")


def _rate(calls: int, call: Callable[[], None]) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        call()
    return calls / (time.perf_counter() - started)


def measure_signed(runs: int, calls: int) -> list[Figure]:
    # Imported here so `bench.py --help` and the other parts do not load the mocks.
    from fixtures.control import ControlError, KrakenControl  # noqa: PLC0415
    from mocks.clock import Clock  # noqa: PLC0415
    from mocks.kraken.app import create_app  # noqa: PLC0415
    from mocks.server import serving  # noqa: PLC0415

    clock = Clock.frozen_at(time.time())
    with (
        serving(create_app(clock=clock), name="kraken") as kraken,
        KrakenControl(kraken.url) as control,
        httpx.Client(base_url=kraken.url, timeout=10.0) as http,
    ):
        try:
            control.create_user(EMAIL, PASSWORD, balances={"ZUSD": "1000.0000"})
            key = control.create_key(EMAIL, "bench", ["funds_query"])
        except ControlError as exc:
            if exc.status_code in {404, 405}:
                raise NotAvailableError("the Kraken control API's users and keys") from None
            raise BenchError(str(exc)) from None
        nonces: Iterator[int] = itertools.count(1)

        def public_call() -> None:
            clock.advance(CLOCK_STEP_S)  # the same work as the signed loop, for a fair ratio
            _checked(http.get(TIME_PATH), f"GET {TIME_PATH}")

        def signed_call() -> None:
            clock.advance(CLOCK_STEP_S)
            nonce = str(next(nonces))
            body = urlencode({"nonce": nonce}).encode()
            headers = {
                "API-Key": key.key,
                "API-Sign": sign(key.secret, BALANCE_PATH, nonce, body),
                "Content-Type": "application/x-www-form-urlencoded",
            }
            _checked(http.post(BALANCE_PATH, content=body, headers=headers), f"POST {BALANCE_PATH}")

        public_call()  # one of each first: a missing endpoint is "not available", not a rate
        signed_call()
        public_rates, signed_rates = [], []
        for _ in range(runs):
            public_rates.append(_rate(calls, public_call))
            signed_rates.append(_rate(calls, signed_call))

    public, signed = median(public_rates), median(signed_rates)
    return [
        Figure(f"public Time calls/s ({calls} sequential)", public, "calls/s"),
        Figure(f"signed Balance calls/s ({calls} sequential)", signed, "calls/s"),
        Figure("signed / public", signed / public, "x", SIGNED_RATIO_TARGET),
    ]
