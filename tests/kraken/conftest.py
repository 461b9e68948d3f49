"""Fixtures for the Kraken REST and control tests: one served mock per session, reset and
frozen at ``T0`` before each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mocks.clock import Clock
from mocks.kraken.harness import KrakenHarness

T0 = 1_800_000_000.0  # where each test's clock stands still (read it as clock.now())


@pytest.fixture(scope="session")
def kraken_harness() -> Iterator[KrakenHarness]:
    with KrakenHarness.start(clock=Clock()) as harness:
        yield harness


@pytest.fixture
def rest_mock(kraken_harness: KrakenHarness) -> KrakenHarness:
    """The session's mock, emptied, default settings, clock frozen at ``T0``."""
    kraken_harness.reset(frozen_at=T0)
    return kraken_harness
