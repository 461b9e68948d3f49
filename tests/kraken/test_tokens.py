from __future__ import annotations

import secrets
from collections.abc import Iterator

import httpx
import pytest

from fixtures.control import KrakenControl
from fixtures.servers import MockStack, start_mocks
from mocks.kraken import state
from mocks.kraken.tokens import SeededTokens, seed_tokens, tokens_seed


def test_seeded_tokens_repeat_for_the_same_seed() -> None:
    first, second, other = SeededTokens(7), SeededTokens(7), SeededTokens(8)
    drawn = [first.token_bytes(42), first.token_hex(3), first.token_urlsafe(16)]
    assert drawn == [second.token_bytes(42), second.token_hex(3), second.token_urlsafe(16)]
    assert other.token_bytes(42) != drawn[0]
    assert len(drawn[0]) == 42
    assert len(drawn[1]) == 6


def test_what_is_not_random_stays_the_real_thing() -> None:
    assert SeededTokens(1).compare_digest is secrets.compare_digest


def test_a_seed_repeats_key_pairs_and_none_makes_them_random_again() -> None:
    try:
        seed_tokens(5)
        assert tokens_seed() == 5
        first = state.new_key_pair()
        seed_tokens(5)
        assert state.new_key_pair() == first
    finally:
        seed_tokens(None)
    assert tokens_seed() is None
    assert getattr(state, "secrets") is secrets  # noqa: B009 (not exported)
    assert state.new_key_pair() != state.new_key_pair()


@pytest.fixture(scope="module")
def stack() -> Iterator[MockStack]:
    with start_mocks() as running:
        yield running


def test_the_control_api_seeds_and_reset_unseeds(stack: MockStack) -> None:
    with KrakenControl(stack.kraken_url) as kraken:
        kraken.reset()
        kraken.seed_tokens(11)
        assert httpx.get(f"{stack.kraken_url}/_mock/tokens").json() == {"seed": 11}
        kraken.reset()
        assert httpx.get(f"{stack.kraken_url}/_mock/tokens").json() == {"seed": None}


@pytest.mark.parametrize("body", [{"seed": -1}, {"seed": "7"}, {}, {"seed": 1, "x": 2}])
def test_a_bad_seed_is_refused_in_json(stack: MockStack, body: dict[str, object]) -> None:
    try:
        answer = httpx.put(f"{stack.kraken_url}/_mock/tokens", json=body)
    finally:
        refused = tokens_seed() is None
        seed_tokens(None)
    assert answer.status_code == 422, answer.text
    assert refused, "a refused seed was taken"
    assert "error" in answer.json()
