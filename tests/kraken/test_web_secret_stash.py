from __future__ import annotations

from mocks.clock import Clock
from mocks.kraken.web.secret_stash import STASH_TTL_S, NewKeyReveal, SecretStash

REVEAL = NewKeyReveal(
    owner_email="ana@example.com", key_name="Altrady 1", public_key="PUB", private_key="SECRET"
)


def test_an_entry_is_popped_exactly_once() -> None:
    stash = SecretStash(Clock.frozen_at(1_000))
    token = stash.put(REVEAL)
    assert stash.pop(token, owner_email="ana@example.com") == REVEAL
    assert stash.pop(token, owner_email="ana@example.com") is None
    assert len(stash) == 0


def test_tokens_are_random_and_unguessable() -> None:
    stash = SecretStash(Clock.frozen_at(1_000))
    tokens = {stash.put(REVEAL) for _ in range(20)}
    assert len(tokens) == 20
    assert all(len(token) >= 40 for token in tokens)
    assert stash.pop("not-a-token", owner_email="ana@example.com") is None


def test_another_user_cannot_claim_the_entry() -> None:
    stash = SecretStash(Clock.frozen_at(1_000))
    token = stash.put(REVEAL)
    assert stash.pop(token, owner_email="eve@example.com") is None
    assert stash.pop(token, owner_email="ana@example.com") == REVEAL


def test_an_unclaimed_entry_expires() -> None:
    clock = Clock.frozen_at(1_000)
    stash = SecretStash(clock)
    token = stash.put(REVEAL)
    clock.advance(STASH_TTL_S)
    assert stash.pop(token, owner_email="ana@example.com") is None
    assert len(stash) == 0


def test_the_secret_stays_out_of_reprs() -> None:
    assert "SECRET" not in repr(REVEAL)
