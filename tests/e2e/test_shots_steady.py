from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from e2e.shots.steady import SHOTS_INSTANT, SeededTokens, hold_still, let_go
from fixtures.servers import MockStack, start_mocks
from mocks.kraken import state


def test_seeded_tokens_repeat_for_the_same_seed() -> None:
    first, second, other = SeededTokens(7), SeededTokens(7), SeededTokens(8)
    drawn = [first.token_bytes(42), first.token_hex(3), first.token_urlsafe(16)]
    assert drawn == [second.token_bytes(42), second.token_hex(3), second.token_urlsafe(16)]
    assert other.token_bytes(42) != drawn[0]
    assert len(drawn[0]) == 42
    assert len(drawn[1]) == 6


def test_what_is_not_random_stays_the_real_thing() -> None:
    assert SeededTokens(1).compare_digest is secrets.compare_digest


@pytest.fixture(scope="module")
def stack() -> Iterator[MockStack]:
    with start_mocks() as running:
        yield running


def test_holding_still_fixes_time_account_ids_and_keys(stack: MockStack) -> None:
    def one_run() -> tuple[float, str, str, str]:
        kraken = stack.kraken_app.state.kraken
        kraken.reset()
        hold_still(stack, seed=20261125)
        account = kraken.create_user("ada@example.org", "correct horse battery")
        public, secret = state.new_key_pair()
        return stack.clock.now(), account.id, public, secret

    try:
        assert one_run() == one_run()
        assert one_run()[0] == SHOTS_INSTANT
    finally:
        let_go()
        stack.clock.reset()
    assert getattr(state, "secrets") is secrets  # noqa: B009 (not exported)
    assert state.new_key_pair() != state.new_key_pair()
