from __future__ import annotations

from mocks.kraken.harness import KrakenHarness


def test_reset_and_configure(rest_mock: KrakenHarness) -> None:
    rest_mock.user("a@example.test", balances={"ZUSD": "1"})
    rest_mock.configure(lockout_threshold=2)
    assert rest_mock.settings.lockout_threshold == 2
    rest_mock.reset(frozen_at=5)
    assert rest_mock.state.accounts == {}
    assert rest_mock.settings.lockout_threshold == 10
    assert rest_mock.clock.now() == 5
    rest_mock.reset()
    assert not rest_mock.clock.is_frozen
