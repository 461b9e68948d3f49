"""Hold still everything a documentation picture could show that changes between runs.

Two things on the mock pages are not fixed by the Faker seed: the time (dates of keys and
logins) and Kraken's random tokens (account IDs, API keys and their masked prefixes). In
shots mode the mocks' shared clock stops at :data:`SHOTS_INSTANT`, and Kraken draws its
tokens from a generator seeded with the data seed, through its control API (``PUT
/_mock/tokens``): fake keys of a fixed seed, the same on every run. Nothing outside shots
mode is touched.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fixtures.control import KrakenControl
from fixtures.servers import MockStack

__all__ = ["SHOTS_INSTANT", "hold_still", "let_go"]

SHOTS_INSTANT = datetime(2026, 11, 25, 9, 30, tzinfo=UTC).timestamp()


def hold_still(stack: MockStack, kraken: KrakenControl, seed: int) -> None:
    """Stop the clock at :data:`SHOTS_INSTANT` and seed Kraken's tokens (one test's worth)."""
    stack.clock.freeze(at=SHOTS_INSTANT)
    kraken.seed_tokens(seed)


def let_go(kraken: KrakenControl) -> None:
    """Kraken's tokens random again (the clock is reset by the next test's ``mocks``)."""
    kraken.seed_tokens(None)
