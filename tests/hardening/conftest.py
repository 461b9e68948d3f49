"""Servers for the hardening tests: started once per test module, over real HTTP."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import settings

from fixtures.servers import MockStack, start_mocks
from mocks.clock import Clock
from mocks.kraken.settings import KrakenSettings
from tests.hardening.fuzz import FUZZ_T0

# CI (CI=true) draws a fixed sequence of examples, so a red run can be replayed from its
# log and whether a change lands never depends on the draw; runs elsewhere explore new
# examples every time, which is where new bugs are found.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

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
