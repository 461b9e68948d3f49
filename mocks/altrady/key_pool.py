"""Spreading an account's Kraken calls over its keys, so no one key meets the rate limit.

Kraken limits each key on its own: a REST call counter, and a trading counter per pair
(see ``kraken-rest.md``). The pool keeps an estimate of both for every key, updated as it
sends, and gives each call to the least loaded key. When Kraken still says
``EAPI:Rate limit exceeded`` or ``EOrder:Rate limit exceeded`` the call moves to the next
key; when every key has refused, the pool backs off (through an injectable sleeper, so
tests never sleep) and tries again, a bounded number of times, then reports the error.
A key Kraken no longer accepts (invalid, wrong signature, address refused) is skipped.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from mocks.altrady.kraken_client import Credentials, KrakenClient, KrakenError, Params
from mocks.altrady.kraken_messages import ErrorKind, kind_of
from mocks.clock import Clock
from mocks.decay import DecayingCounter
from mocks.kraken_facts.limits import TIERS, cancel_penalty, rest_cost

__all__ = [
    "DEFAULT_BACKOFF_S",
    "STARTER",
    "TIER_LIMITS",
    "KeyPool",
    "KeyStatus",
    "LoadEstimator",
    "NoUsableKeyError",
    "PoolAnswer",
    "PoolKey",
    "PoolStats",
    "RateLimitedError",
    "RateLimits",
    "Sleeper",
    "cancel_cost",
    "rest_cost",
]

KeyStatus = Literal["ok", "rate_limited", "invalid"]
Sleeper = Callable[[float], Awaitable[None]]

# Waits between rounds once every key has refused: 1.75 s at most in all.
DEFAULT_BACKOFF_S: tuple[float, ...] = (0.25, 0.5, 1.0)


@dataclass(frozen=True)
class RateLimits:
    rest_max: float
    rest_decay_per_s: float
    trade_threshold: float
    trade_decay_per_s: float


# Kraken's published limits per verification tier. Altrady cannot see an account's tier,
# so it assumes the lowest (Starter) unless its settings say otherwise.
TIER_LIMITS: dict[str, RateLimits] = {
    name: RateLimits(
        tier.max_counter, tier.decay_per_second, tier.trade_threshold, tier.trade_decay_per_second
    )
    for name, tier in TIERS.items()
}
STARTER = TIER_LIMITS["Starter"]

# Kraken's published call costs: Altrady estimates with the same table the mock enforces.
cancel_cost = cancel_penalty


class LoadEstimator:
    """Altrady's estimate of each key's counters at Kraken, by API key."""

    def __init__(self, limits: RateLimits = STARTER) -> None:
        self.limits = limits
        self._rest: dict[str, DecayingCounter] = {}
        self._trade: dict[tuple[str, str], DecayingCounter] = {}

    def rest_level(self, api_key: str, now: float) -> float:
        counter = self._rest.get(api_key)
        return counter.level(now, self.limits.rest_decay_per_s) if counter else 0.0

    def trade_level(self, api_key: str, pair: str, now: float) -> float:
        counter = self._trade.get((api_key, pair))
        return counter.level(now, self.limits.trade_decay_per_s) if counter else 0.0

    def load(self, api_key: str, now: float, pair: str | None = None) -> tuple[float, float]:
        """How full the counter the call uses is (0..1+), then the other one as tie-break."""
        rest = self.rest_level(api_key, now) / self.limits.rest_max
        trade = self.trade_level(api_key, pair, now) / self.limits.trade_threshold if pair else 0
        return (trade, rest) if pair else (rest, trade)

    def record(
        self, api_key: str, now: float, method: str, *, pair: str | None = None, trade_cost: int = 0
    ) -> None:
        self._add(api_key, now, rest_cost(method), pair, trade_cost)

    def refund(
        self, api_key: str, now: float, method: str, *, pair: str | None = None, trade_cost: int = 0
    ) -> None:
        """Take back what :meth:`record` added for a call Kraken refused (and did not count)."""
        self._add(api_key, now, -rest_cost(method), pair, -trade_cost)

    def saturate(self, api_key: str, now: float, error: KrakenError, pair: str | None) -> None:
        """Kraken said the key is full: believe it over the estimate."""
        if error.code == "EOrder:Rate limit exceeded" and pair:
            self._trade_counter(api_key, pair).raise_to(
                self.limits.trade_threshold, now=now, decay_per_second=self.limits.trade_decay_per_s
            )
        else:
            self._rest_counter(api_key).raise_to(
                self.limits.rest_max, now=now, decay_per_second=self.limits.rest_decay_per_s
            )

    def _add(self, api_key: str, now: float, rest: float, pair: str | None, trade: float) -> None:
        self._rest_counter(api_key).add(
            rest, now=now, decay_per_second=self.limits.rest_decay_per_s
        )
        if pair and trade:
            self._trade_counter(api_key, pair).add(
                trade, now=now, decay_per_second=self.limits.trade_decay_per_s
            )

    def _rest_counter(self, api_key: str) -> DecayingCounter:
        return self._rest.setdefault(api_key, DecayingCounter())

    def _trade_counter(self, api_key: str, pair: str) -> DecayingCounter:
        return self._trade.setdefault((api_key, pair), DecayingCounter())


@dataclass
class PoolKey:
    id: str
    credentials: Credentials
    status: KeyStatus = "ok"


@dataclass
class PoolStats:
    calls: int = 0
    rate_limit_errors: int = 0
    keys_used: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class PoolAnswer:
    result: Any
    key_id: str


class RateLimitedError(Exception):
    """Every key stayed rate limited through all the back-off rounds."""

    def __init__(self, error: KrakenError) -> None:
        self.error = error
        super().__init__(str(error))


class NoUsableKeyError(Exception):
    """Kraken refused every key of the account (invalid, wrong secret, address refused)."""

    def __init__(self, error: KrakenError) -> None:
        self.error = error
        super().__init__(str(error))


class KeyPool:
    def __init__(
        self,
        keys: Sequence[PoolKey],
        client: KrakenClient,
        estimator: LoadEstimator,
        clock: Clock,
        *,
        sleeper: Sleeper = asyncio.sleep,
        backoff_s: Sequence[float] = DEFAULT_BACKOFF_S,
        on_status: Callable[[str, KeyStatus], None] | None = None,
    ) -> None:
        if not keys:
            raise ValueError("a key pool needs at least one key")
        self.keys = list(keys)
        self.stats = PoolStats()
        self._client = client
        self._estimator = estimator
        self._clock = clock
        self._sleeper = sleeper
        self._backoff_s = tuple(backoff_s)
        self._on_status = on_status

    async def call(
        self,
        method: str,
        params: Params | None = None,
        *,
        pair: str | None = None,
        trade_cost: int = 0,
        prefer: str | None = None,
    ) -> PoolAnswer:
        """Send one private call on the best key; see the module docstring for the rules.

        Raises :class:`RateLimitedError`, :class:`NoUsableKeyError`, any other ``KrakenError`` as
        Kraken gave it, and ``KrakenUnavailableError``.
        """
        unusable: set[str] = set()
        last_error: KrakenError | None = None
        for round_number in range(len(self._backoff_s) + 1):
            limited: set[str] = set()
            while (key := self._pick(unusable | limited, pair=pair, prefer=prefer)) is not None:
                self._estimator.record(
                    key.credentials.api_key,
                    self._clock.now(),
                    method,
                    pair=pair,
                    trade_cost=trade_cost,
                )
                self.stats.calls += 1
                self.stats.keys_used.add(key.id)
                try:
                    result = await self._client.call(key.credentials, method, params)
                except KrakenError as error:
                    kind = kind_of(error)
                    if kind in (ErrorKind.RATE_LIMIT, ErrorKind.KEY_PROBLEM):
                        self._estimator.refund(
                            key.credentials.api_key,
                            self._clock.now(),
                            method,
                            pair=pair,
                            trade_cost=trade_cost,
                        )
                    if kind is ErrorKind.RATE_LIMIT:
                        self.stats.rate_limit_errors += 1
                        self._estimator.saturate(
                            key.credentials.api_key, self._clock.now(), error, pair
                        )
                        self._set_status(key, "rate_limited")
                        limited.add(key.id)
                    elif kind is ErrorKind.KEY_PROBLEM:
                        self._set_status(key, "invalid")
                        unusable.add(key.id)
                    else:
                        raise
                    last_error = error
                    continue
                self._set_status(key, "ok")
                return PoolAnswer(result, key.id)
            assert last_error is not None  # no key left means at least one refused
            if len(unusable) == len(self.keys):
                raise NoUsableKeyError(last_error)
            if round_number < len(self._backoff_s):
                await self._sleeper(self._backoff_s[round_number])
        assert last_error is not None
        raise RateLimitedError(last_error)

    def _pick(self, excluded: set[str], *, pair: str | None, prefer: str | None) -> PoolKey | None:
        now = self._clock.now()
        candidates = [key for key in self.keys if key.id not in excluded]
        if not candidates:
            return None
        # min() keeps the first of equals, so ties go to the lower position.
        return min(
            candidates,
            key=lambda key: (
                key.id != prefer,
                key.status == "invalid",
                self._estimator.load(key.credentials.api_key, now, pair),
            ),
        )

    def _set_status(self, key: PoolKey, status: KeyStatus) -> None:
        if key.status != status:
            key.status = status
            if self._on_status is not None:
                self._on_status(key.id, status)
