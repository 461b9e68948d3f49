"""The trading counter's arithmetic: level, fit, refusal, charge, decay by tier."""

from __future__ import annotations

import pytest

from mocks.clock import Clock
from mocks.kraken import limiter
from mocks.kraken.state import KrakenState
from mocks.kraken_facts.errors import KrakenError


def test_require_and_charge_per_pair_with_the_tiers_decay() -> None:
    state = KrakenState(Clock.frozen_at(0))
    pro = state.create_user("p@example.test", "pw", tier="Pro")  # threshold 180, 3.75/s
    limiter.charge(pro, "XXBTZUSD", 180, 10.0)
    assert limiter.fits(pro, "XXBTZUSD", 0, 10.0)
    assert not limiter.fits(pro, "XXBTZUSD", 1, 10.0)
    with pytest.raises(KrakenError, match="EOrder:Rate limit exceeded"):
        limiter.require(pro, "XXBTZUSD", 1, 10.0)
    limiter.require(pro, "XETHZUSD", 180, 10.0)  # another pair, another counter
    assert limiter.level(pro, "XXBTZUSD", 12.0) == 180 - 2 * 3.75
    limiter.require(pro, "XXBTZUSD", 7.5, 12.0)
