"""Where the Kraken mock's random tokens come from: :mod:`secrets`, or a seeded generator.

Account IDs and API keys are drawn from ``secrets`` in :mod:`mocks.kraken.state`. The
documentation pictures need the same ones on every run, so ``PUT /_mock/tokens
{"seed": N}`` draws them from a generator seeded with ``N`` (fake keys of a fixed seed)
until ``{"seed": null}`` or the next ``POST /_mock/reset``. The server owns this switch:
nothing outside it reaches into its modules.
"""

from __future__ import annotations

import base64
import random
import secrets
from typing import Any

from mocks.kraken import state

__all__ = ["SeededTokens", "seed_tokens", "tokens_seed"]


class SeededTokens:
    """The parts of :mod:`secrets` the Kraken mock uses, from a seeded generator."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
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


def seed_tokens(seed: int | None) -> None:
    """Draw tokens from a generator seeded with ``seed`` from now on; None: random again."""
    state.secrets = secrets if seed is None else SeededTokens(seed)  # type: ignore[assignment,attr-defined]


def tokens_seed() -> int | None:
    source = getattr(state, "secrets", None)
    if source is None:
        raise RuntimeError(
            "mocks.kraken.state no longer draws its tokens from `secrets`: teach "
            "mocks/kraken/tokens.py where they come from, or pictures will differ between runs"
        )
    return source.seed if isinstance(source, SeededTokens) else None
