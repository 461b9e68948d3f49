"""Fixtures for Altrady's fast tests: a frozen clock, a Kraken double behind respx, and the
backend pieces wired to it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import respx

from mocks.altrady.kraken_client import KrakenClient
from mocks.altrady.nonces import NonceSource
from mocks.altrady.service import AltradyService
from mocks.altrady.settings import AltradySettings
from mocks.altrady.store import Store
from mocks.clock import Clock
from tests.altrady.kraken_double import KRAKEN_URL, WHITELIST, KrakenDouble

T0 = 1_795_000_000.0  # 2026-11-18, a frozen "now"


class RecordingSleeper:
    """Stands in for ``asyncio.sleep``: records each wait and moves the clock by it."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.clock.advance(seconds)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def clock() -> Clock:
    return Clock.frozen_at(T0)


@pytest.fixture
def sleeper(clock: Clock) -> RecordingSleeper:
    return RecordingSleeper(clock)


@pytest.fixture
def settings() -> AltradySettings:
    return AltradySettings(kraken_url=KRAKEN_URL, egress_addresses=WHITELIST, refresh_interval_s=0)


@pytest.fixture
def kraken() -> Iterator[KrakenDouble]:
    double = KrakenDouble()
    with respx.mock(base_url=KRAKEN_URL, assert_all_called=False) as router:
        double.install(router)
        yield double


@pytest.fixture
async def client(kraken: KrakenDouble, clock: Clock) -> AsyncIterator[KrakenClient]:
    kraken_client = KrakenClient(KRAKEN_URL, WHITELIST, NonceSource(clock))
    yield kraken_client
    await kraken_client.aclose()


@pytest.fixture
def store() -> Iterator[Store]:
    database = Store()
    yield database
    database.close()


@pytest.fixture
async def service(
    settings: AltradySettings,
    clock: Clock,
    store: Store,
    client: KrakenClient,
    sleeper: RecordingSleeper,
) -> AltradyService:
    return AltradyService(settings, clock, store, client, sleeper=sleeper)
