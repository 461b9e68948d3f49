"""Spreading an account's Kraken calls over its keys, and backing off where keys cannot help.

Kraken counts two things (its "Spot REST rate limits" and "Spot Trading Limits" pages, in
``mocks.kraken_facts.limits``): a **REST call counter per API key**, which extra keys
really do split, and a **trading counter per account and pair**, shared by every key and
protocol, which they do not. The pool keeps an estimate of both, updated as it sends, and:

- gives each call to the key whose REST counter is least full (then the key with the
  fewest calls in flight, then the one used least), so status queries spread over the
  keys and no one key's nonces have to carry every concurrent call;
- on ``EAPI:Rate limit exceeded`` moves the call to the next key; when every key has
  refused, backs off (through an injectable sleeper, so tests never sleep) and tries
  again, a bounded number of times, then reports the error;
- on ``EOrder:Rate limit exceeded`` tries **no other key**: the pair is spent for the
  whole account, so the pool backs that pair off for every key of the account (calls for
  that pair wait until the back-off ends, whichever key they would use) and retries the
  call after it, the same bounded number of times;
- skips a key Kraken no longer accepts (invalid, wrong signature, address refused).
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
    """Altrady's estimate of Kraken's counters: the REST counter of each API key, and the
    trading counter of each account and pair (every key of the account adds to it)."""

    def __init__(self, limits: RateLimits = STARTER) -> None:
        self.limits = limits
        self._rest: dict[str, DecayingCounter] = {}
        self._trade: dict[tuple[str, str], DecayingCounter] = {}
        self._pair_backoff: dict[tuple[str, str], float] = {}

    def rest_level(self, api_key: str, now: float) -> float:
        counter = self._rest.get(api_key)
        return counter.level(now, self.limits.rest_decay_per_s) if counter else 0.0

    def trade_level(self, account: str, pair: str, now: float) -> float:
        counter = self._trade.get((account, pair))
        return counter.level(now, self.limits.trade_decay_per_s) if counter else 0.0

    def load(self, api_key: str, now: float) -> float:
        """How full the key's REST counter is (0..1+): the one thing that differs by key."""
        return self.rest_level(api_key, now) / self.limits.rest_max

    def record(
        self,
        api_key: str,
        now: float,
        method: str,
        *,
        account: str = "",
        pair: str | None = None,
        trade_cost: int = 0,
    ) -> None:
        self._add(api_key, now, rest_cost(method), account=account, pair=pair, trade=trade_cost)

    def refund(
        self,
        api_key: str,
        now: float,
        method: str,
        *,
        account: str = "",
        pair: str | None = None,
        trade_cost: int = 0,
    ) -> None:
        """Take back what :meth:`record` added for a call Kraken refused (and did not count)."""
        self._add(api_key, now, -rest_cost(method), account=account, pair=pair, trade=-trade_cost)

    def saturate_key(self, api_key: str, now: float) -> None:
        """Kraken said the key's REST counter is full: believe it over the estimate."""
        self._rest_counter(api_key).raise_to(
            self.limits.rest_max, now=now, decay_per_second=self.limits.rest_decay_per_s
        )

    def saturate_pair(self, account: str, pair: str, now: float, *, until: float) -> None:
        """Kraken said the account's pair is full: believe it, and back the pair off."""
        self._trade_counter(account, pair).raise_to(
            self.limits.trade_threshold, now=now, decay_per_second=self.limits.trade_decay_per_s
        )
        key = (account, pair)
        self._pair_backoff[key] = max(self._pair_backoff.get(key, 0.0), until)

    def pair_backed_off_until(self, account: str, pair: str) -> float:
        return self._pair_backoff.get((account, pair), 0.0)

    def _add(
        self,
        api_key: str,
        now: float,
        rest: float,
        *,
        account: str,
        pair: str | None,
        trade: float,
    ) -> None:
        self._rest_counter(api_key).add(
            rest, now=now, decay_per_second=self.limits.rest_decay_per_s
        )
        if pair and trade:
            self._trade_counter(account, pair).add(
                trade, now=now, decay_per_second=self.limits.trade_decay_per_s
            )

    def _rest_counter(self, api_key: str) -> DecayingCounter:
        return self._rest.setdefault(api_key, DecayingCounter())

    def _trade_counter(self, account: str, pair: str) -> DecayingCounter:
        return self._trade.setdefault((account, pair), DecayingCounter())


@dataclass
class PoolKey:
    id: str
    credentials: Credentials
    status: KeyStatus = "ok"


@dataclass
class PoolStats:
    calls: int = 0
    rate_limit_errors: int = 0  # both kinds below
    rest_limit_errors: int = 0  # EAPI:Rate limit exceeded: one key's REST counter
    trade_limit_errors: int = 0  # EOrder:Rate limit exceeded: the account's pair
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
        account: str = "",
        sleeper: Sleeper = asyncio.sleep,
        backoff_s: Sequence[float] = DEFAULT_BACKOFF_S,
        on_status: Callable[[str, KeyStatus], None] | None = None,
    ) -> None:
        if not keys:
            raise ValueError("a key pool needs at least one key")
        self.keys = list(keys)
        self.account = account  # whose trading counters the keys share
        self.stats = PoolStats()
        self._client = client
        self._estimator = estimator
        self._clock = clock
        self._sleeper = sleeper
        self._backoff_s = tuple(backoff_s)
        self._on_status = on_status
        self._in_flight: dict[str, int] = dict.fromkeys((key.id for key in self.keys), 0)
        # Calls sent per key, counted apart for calls the REST counter counts and the rest.
        self._sent: dict[tuple[str, bool], int] = {}

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
            wait = (
                self._backoff_s[min(round_number, len(self._backoff_s) - 1)]
                if self._backoff_s
                else 0
            )
            if pair:
                await self._wait_for_pair(pair)
            limited: set[str] = set()
            pair_spent = False
            while (key := self._pick(unusable | limited, method, prefer=prefer)) is not None:
                try:
                    return await self._send(key, method, params, pair, trade_cost)
                except KrakenError as error:
                    kind = kind_of(error)
                    last_error = error
                    now = self._clock.now()
                    if kind is ErrorKind.TRADE_LIMIT and pair:
                        self.stats.rate_limit_errors += 1
                        self.stats.trade_limit_errors += 1
                        self._estimator.saturate_pair(self.account, pair, now, until=now + wait)
                        pair_spent = True
                        break  # every key shares the pair's counter: none would go through
                    if kind is ErrorKind.RATE_LIMIT or kind is ErrorKind.TRADE_LIMIT:
                        self.stats.rate_limit_errors += 1
                        if kind is ErrorKind.TRADE_LIMIT:
                            self.stats.trade_limit_errors += 1
                        else:
                            self.stats.rest_limit_errors += 1
                        self._estimator.saturate_key(key.credentials.api_key, now)
                        self._set_status(key, "rate_limited")
                        limited.add(key.id)
                    elif kind is ErrorKind.KEY_PROBLEM:
                        self._set_status(key, "invalid")
                        unusable.add(key.id)
                    else:
                        raise
            assert last_error is not None  # no key left means at least one refused
            if len(unusable) == len(self.keys):
                raise NoUsableKeyError(last_error)
            if round_number < len(self._backoff_s) and not pair_spent:
                await self._sleeper(wait)
            # A spent pair waits at the top of the next round, with every other call for it.
        assert last_error is not None
        raise RateLimitedError(last_error)

    async def _send(
        self, key: PoolKey, method: str, params: Params | None, pair: str | None, trade_cost: int
    ) -> PoolAnswer:
        api_key = key.credentials.api_key
        self._estimator.record(
            api_key,
            self._clock.now(),
            method,
            account=self.account,
            pair=pair,
            trade_cost=trade_cost,
        )
        self.stats.calls += 1
        self.stats.keys_used.add(key.id)
        self._in_flight[key.id] += 1
        counted = (key.id, rest_cost(method) > 0)
        self._sent[counted] = self._sent.get(counted, 0) + 1
        try:
            result = await self._client.call(key.credentials, method, params)
        except KrakenError as error:
            if kind_of(error) in (
                ErrorKind.RATE_LIMIT,
                ErrorKind.TRADE_LIMIT,
                ErrorKind.KEY_PROBLEM,
            ):
                # Kraken did not count a call it refused for these reasons.
                self._estimator.refund(
                    api_key,
                    self._clock.now(),
                    method,
                    account=self.account,
                    pair=pair,
                    trade_cost=trade_cost,
                )
            raise
        finally:
            self._in_flight[key.id] -= 1
        self._set_status(key, "ok")
        return PoolAnswer(result, key.id)

    async def _wait_for_pair(self, pair: str) -> None:
        """Wait out the account's back-off for ``pair``, if one is on."""
        until = self._estimator.pair_backed_off_until(self.account, pair)
        now = self._clock.now()
        if until > now:
            await self._sleeper(until - now)

    def _pick(self, excluded: set[str], method: str, *, prefer: str | None) -> PoolKey | None:
        """The preferred key, else the one whose REST counter is least full, then the one
        with the fewest calls in flight; calls the REST counter does not count (AddOrder,
        CancelOrder) go by calls in flight first, so concurrent orders use every key."""
        now = self._clock.now()
        candidates = [key for key in self.keys if key.id not in excluded]
        if not candidates:
            return None
        rest_counted = rest_cost(method) > 0

        def rank(key: PoolKey) -> tuple[bool, bool, float, float, int]:
            load = self._estimator.load(key.credentials.api_key, now)
            busy = float(self._in_flight[key.id])
            first, second = (load, busy) if rest_counted else (busy, load)
            sent = self._sent.get((key.id, rest_counted), 0)
            return (key.id != prefer, key.status == "invalid", first, second, sent)

        # min() keeps the first of equals, so ties go to the lower position.
        return min(candidates, key=rank)

    def _set_status(self, key: PoolKey, status: KeyStatus) -> None:
        if key.status != status:
            key.status = status
            if self._on_status is not None:
                self._on_status(key.id, status)
