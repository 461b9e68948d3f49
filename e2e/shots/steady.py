"""Hold still everything a documentation picture could show that changes between runs.

Two things on the mock pages are not fixed by the Faker seed: the time (dates of keys and
logins) and Kraken's random tokens (account IDs, API keys and their masked prefixes). In
shots mode the mocks' shared clock stops at :data:`SHOTS_INSTANT`, and Kraken draws its
tokens from a generator seeded with the data seed: fake keys of a fixed seed, the same on
every run. Nothing outside shots mode is touched.
"""

from __future__ import annotations

import base64
import random
import secrets
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

from fixtures.servers import MockStack

__all__ = ["SHOTS_INSTANT", "SeededTokens", "hold_still", "let_go"]

SHOTS_INSTANT = datetime(2026, 11, 25, 9, 30, tzinfo=UTC).timestamp()


class SeededTokens:
    """The parts of :mod:`secrets` the Kraken mock uses, from a seeded generator."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)

    def token_bytes(self, nbytes: int = 32) -> bytes:
        return self._random.randbytes(nbytes)

    def token_hex(self, nbytes: int = 32) -> str:
        return self.token_bytes(nbytes).hex()

    def token_urlsafe(self, nbytes: int = 32) -> str:
        return base64.urlsafe_b64encode(self.token_bytes(nbytes)).rstrip(b"=").decode()

    def __getattr__(self, name: str) -> Any:
        # compare_digest and friends are not random: the real ones.
        return getattr(secrets, name)


def _kraken_state() -> ModuleType:
    from mocks.kraken import state  # noqa: PLC0415

    if getattr(state, "secrets", None) is None:
        raise RuntimeError(
            "mocks.kraken.state no longer draws its tokens from `secrets`: teach "
            "e2e/shots/steady.py where they come from, or pictures will differ between runs"
        )
    return state


def hold_still(stack: MockStack, seed: int) -> None:
    """Stop the clock at :data:`SHOTS_INSTANT` and seed Kraken's tokens (one test's worth)."""
    stack.clock.freeze(at=SHOTS_INSTANT)
    _kraken_state().secrets = SeededTokens(seed)  # type: ignore[attr-defined]


def let_go() -> None:
    """Kraken's tokens random again (the clock is reset by the next test's ``mocks``)."""
    _kraken_state().secrets = secrets  # type: ignore[attr-defined]
