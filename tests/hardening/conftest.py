"""Servers for the hardening tests: started once per test module, over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fixtures.servers import MockStack, start_mocks
from mocks.clock import Clock
from mocks.kraken.settings import KrakenSettings
from tests.hardening.fuzz import FUZZ_T0

# Bad signatures from a real key would lock it out after ten tries and hide every check
# behind the lockout; the lockout has its own tests.
FUZZ_KRAKEN_SETTINGS = KrakenSettings(lockout_threshold=10**9)


@pytest.fixture(scope="module")
def mocks() -> Iterator[MockStack]:
    with start_mocks(
        clock=Clock.frozen_at(FUZZ_T0),
        kraken_settings=FUZZ_KRAKEN_SETTINGS,
        altrady_overrides={"refresh_interval_s": 0},
    ) as stack:
        yield stack
