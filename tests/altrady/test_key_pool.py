from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from mocks.altrady.key_pool import (
    STARTER,
    KeyPool,
    KeyStatus,
    LoadEstimator,
    NoUsableKeyError,
    PoolKey,
    RateLimitedError,
    cancel_cost,
    rest_cost,
)
from mocks.altrady.kraken_client import KrakenClient, KrakenError
from mocks.clock import Clock
from tests.altrady.conftest import T0, RecordingSleeper
from tests.altrady.kraken_double import DoubleKey, KrakenDouble

pytestmark = pytest.mark.anyio


def _pool(
    keys: list[DoubleKey],
    client: KrakenClient,
    clock: Clock,
    sleeper: RecordingSleeper,
    statuses: list[tuple[str, KeyStatus]] | None = None,
    *,
    estimator: LoadEstimator | None = None,
) -> KeyPool:
    return KeyPool(
        [PoolKey(key.name, key.credentials) for key in keys],
        client,
        estimator or LoadEstimator(),
        clock,
        sleeper=sleeper,
        on_status=(lambda key_id, status: statuses.append((key_id, status)))
        if statuses is not None
        else None,
    )


def _names_of(kraken: KrakenDouble, method: str) -> list[str]:
    names = {key.api_key: key.name for key in kraken.keys.values()}
    return [names[call.api_key] for call in kraken.calls_of(method)]


async def test_calls_spread_evenly_over_the_keys(
    kraken: KrakenDouble, client: KrakenClient, clock: Clock, sleeper: RecordingSleeper
) -> None:
    keys = [kraken.add_key() for _ in range(3)]
    pool = _pool(keys, client, clock, sleeper)
    await asyncio.gather(*(pool.call("Balance") for _ in range(12)))
    assert Counter(_names_of(kraken, "Balance")) == {key.name: 4 for key in keys}
    assert pool.stats.calls == 12
    assert len(pool.stats.keys_used) == 3


async def test_concurrent_trading_calls_spread_over_the_keys(
    kraken: KrakenDouble, client: KrakenClient, clock: Clock, sleeper: RecordingSleeper
) -> None:
    """AddOrder costs nothing on the REST counter: the keys share the calls in flight, so
    no one key's nonces carry them all."""
    keys = [kraken.add_key() for _ in range(3)]
    pool = _pool(keys, client, clock, sleeper)
    params = {"pair": "XBTUSD"}
    await asyncio.gather(
        *(pool.call("AddOrder", params, pair="XBTUSD", trade_cost=1) for _ in range(9))
    )
    assert Counter(_names_of(kraken, "AddOrder")) == {key.name: 3 for key in keys}


async def test_a_rate_limited_key_hands_the_call_to_another(
    kraken: KrakenDouble, client: KrakenClient, clock: Clock, sleeper: RecordingSleeper
) -> None:
    first, second = kraken.add_key(), kraken.add_key()
    kraken.script(first, "Balance", "EAPI:Rate limit exceeded")
    statuses: list[tuple[str, KeyStatus]] = []
    pool = _pool([first, second], client, clock, sleeper, statuses)
    answer = await pool.call("Balance")
    assert answer.key_id == second.name
    assert statuses == [(first.name, "rate_limited")]
    assert pool.stats.rate_limit_errors == 1
    assert sleeper.waits == []
    # The refused key now counts as full, so the next call goes elsewhere first.
    assert (await pool.call("Balance")).key_id == second.name


async def test_when_every_key_is_limited_the_pool_backs_off_then_reports(
    kraken: KrakenDouble, client: KrakenClient, clock: Clock, sleeper: RecordingSleeper
) -> None:
    keys = [kraken.add_key(), kraken.add_key()]
    for key in keys:
        kraken.script(key, "Balance", *["EAPI:Rate limit exceeded"] * 4)
    pool = _pool(keys, client, clock, sleeper)
    with pytest.raises(RateLimitedError) as limited:
        await pool.call("Balance")
    assert limited.value.error.code == "EAPI:Rate limit exceeded"
    assert sleeper.waits == [0.25, 0.5, 1.0]
    assert pool.stats.calls == 8  # both keys, four rounds: each key has its own counter
    assert (pool.stats.rest_limit_errors, pool.stats.trade_limit_errors) == (8, 0)


async def test_an_order_rate_limit_backs_the_pair_off_for_every_key(
    kraken: KrakenDouble, client: KrakenClient, clock: Clock, sleeper: RecordingSleeper
) -> None:
    """Kraken's trading counter is one per account and pair: after EOrder:Rate limit
    exceeded on one key, the pool tries no other key, it waits."""
    keys = [kraken.add_key(), kraken.add_key(), kraken.add_key()]
    for key in keys:
        kraken.script(key, "AddOrder", *["EOrder:Rate limit exceeded"] * 4)
    statuses: list[tuple[str, KeyStatus]] = []
    pool = _pool(keys, client, clock, sleeper, statuses)
    with pytest.raises(RateLimitedError) as limited:
        await pool.call("AddOrder", {"pair": "XBTUSD"}, pair="XBTUSD", trade_cost=1)
    assert limited.value.error.code == "EOrder:Rate limit exceeded"
    assert sleeper.waits == [0.25, 0.5, 1.0]
    assert pool.stats.calls == 4  # one try a round, not one per key
    assert (pool.stats.rest_limit_errors, pool.stats.trade_limit_errors) == (0, 4)
    assert statuses == []  # no key is to blame: the account's pair is spent


async def test_a_backed_off_pair_holds_every_call_for_it_and_only_for_it(
    kraken: KrakenDouble, client: KrakenClient, clock: Clock, sleeper: RecordingSleeper
) -> None:
    first, second = kraken.add_key(), kraken.add_key()
    kraken.script(first, "AddOrder", "EOrder:Rate limit exceeded")
    estimator = LoadEstimator()
    pool = _pool([first, second], client, clock, sleeper, estimator=estimator)
    answer = await pool.call("AddOrder", {"pair": "XBTUSD"}, pair="XBTUSD", trade_cost=1)
    assert answer.result["txid"]
    assert sleeper.waits == [0.25]
    # Another pool of the same account (a later request) meets the account's back-off.
    estimator.saturate_pair("", "XBTUSD", clock.now(), until=clock.now() + 2)
    later = _pool([first, second], client, clock, sleeper, estimator=estimator)
    await later.call("AddOrder", {"pair": "ETHUSD"}, pair="ETHUSD", trade_cost=1)
    assert sleeper.waits == [0.25]  # another pair does not wait
    await later.call("AddOrder", {"pair": "XBTUSD"}, pair="XBTUSD", trade_cost=1)
    assert sleeper.waits == [0.25, 2.0]


async def test_a_back_off_that_gives_the_key_room_succeeds(
    kraken: KrakenDouble, client: KrakenClient, clock: Clock, sleeper: RecordingSleeper
) -> None:
    (key,) = [kraken.add_key()]
    kraken.script(key, "Balance", "EAPI:Rate limit exceeded", "EAPI:Rate limit exceeded")
    statuses: list[tuple[str, KeyStatus]] = []
    pool = _pool([key], client, clock, sleeper, statuses)
    answer = await pool.call("Balance")
    assert answer.result == kraken.balances
    assert sleeper.waits == [0.25, 0.5]
    assert clock.now() == T0 + 0.75
    assert statuses == [(key.name, "rate_limited"), (key.name, "ok")]


async def test_a_key_kraken_no_longer_accepts_is_skipped(
    kraken: KrakenDouble, client: KrakenClient, clock: Clock, sleeper: RecordingSleeper
) -> None:
    revoked, good = kraken.add_key(), kraken.add_key()
    kraken.script(revoked, "Balance", "EAPI:Invalid key")
    statuses: list[tuple[str, KeyStatus]] = []
    pool = _pool([revoked, good], client, clock, sleeper, statuses)
    assert (await pool.call("Balance")).key_id == good.name
    assert statuses == [(revoked.name, "invalid")]
    assert sleeper.waits == []


async def test_when_no_key_is_accepted_the_pool_says_so_without_waiting(
    kraken: KrakenDouble, client: KrakenClient, clock: Clock, sleeper: RecordingSleeper
) -> None:
    keys = [kraken.add_key(), kraken.add_key()]
    kraken.script(keys[0], "Balance", "EAPI:Invalid signature")
    kraken.script(keys[1], "Balance", "EGeneral:Permission denied")
    pool = _pool(keys, client, clock, sleeper)
    with pytest.raises(NoUsableKeyError):
        await pool.call("Balance")
    assert sleeper.waits == []


async def test_other_refusals_come_back_as_kraken_gave_them(
    kraken: KrakenDouble, client: KrakenClient, clock: Clock, sleeper: RecordingSleeper
) -> None:
    keys = [kraken.add_key(), kraken.add_key()]
    kraken.script(keys[0], "AddOrder", "EOrder:Insufficient funds")
    pool = _pool(keys, client, clock, sleeper)
    with pytest.raises(KrakenError, match="Insufficient funds"):
        await pool.call("AddOrder", {"pair": "XBTUSD"}, pair="XBTUSD", trade_cost=1)
    assert pool.stats.calls == 1


async def test_a_preferred_key_goes_first(
    kraken: KrakenDouble, client: KrakenClient, clock: Clock, sleeper: RecordingSleeper
) -> None:
    keys = [kraken.add_key(), kraken.add_key()]
    pool = _pool(keys, client, clock, sleeper)
    await pool.call("Balance")
    assert (await pool.call("Balance", prefer=keys[0].name)).key_id == keys[0].name


async def test_a_pool_needs_a_key(client: KrakenClient, clock: Clock) -> None:
    with pytest.raises(ValueError, match="at least one key"):
        KeyPool([], client, LoadEstimator(), clock)


def test_costs_follow_krakens_tables() -> None:
    assert [rest_cost(m) for m in ("Balance", "Ledgers", "TradesHistory", "AddOrder")] == [
        1,
        2,
        2,
        0,
    ]
    ages = [0, 4.9, 5, 9.9, 10, 14.9, 15, 44.9, 45, 89.9, 90, 299.9, 300]
    assert [cancel_cost(age) for age in ages] == [8, 8, 6, 6, 5, 5, 4, 4, 2, 2, 1, 1, 0]


def test_the_estimate_decays_at_the_starter_rate_and_can_be_refunded() -> None:
    estimator = LoadEstimator()
    estimator.record("K", T0, "Ledgers")
    estimator.record("K", T0, "AddOrder", account="A", pair="XBTUSD", trade_cost=8)
    assert estimator.rest_level("K", T0) == 2
    assert estimator.trade_level("A", "XBTUSD", T0) == 8
    assert estimator.rest_level("K", T0 + 3) == pytest.approx(2 - 3 * STARTER.rest_decay_per_s)
    assert estimator.trade_level("A", "XBTUSD", T0 + 100) == 0
    estimator.refund("K", T0, "AddOrder", account="A", pair="XBTUSD", trade_cost=8)
    assert estimator.trade_level("A", "XBTUSD", T0) == 0
    assert estimator.load("K", T0) == 2 / STARTER.rest_max


def test_every_key_of_an_account_adds_to_one_trading_estimate_per_pair() -> None:
    estimator = LoadEstimator()
    estimator.record("K1", T0, "AddOrder", account="A", pair="XBTUSD", trade_cost=1)
    estimator.record("K2", T0, "CancelOrder", account="A", pair="XBTUSD", trade_cost=8)
    estimator.record("K3", T0, "AddOrder", account="B", pair="XBTUSD", trade_cost=1)
    assert estimator.trade_level("A", "XBTUSD", T0) == 9
    assert estimator.trade_level("B", "XBTUSD", T0) == 1
    assert estimator.trade_level("A", "ETHUSD", T0) == 0
    assert (estimator.rest_level("K1", T0), estimator.rest_level("K2", T0)) == (0, 0)


def test_a_refusal_marks_the_right_counter_full() -> None:
    estimator = LoadEstimator()
    estimator.saturate_pair("A", "XBTUSD", T0, until=T0 + 1)
    assert estimator.trade_level("A", "XBTUSD", T0) == STARTER.trade_threshold
    assert estimator.pair_backed_off_until("A", "XBTUSD") == T0 + 1
    assert estimator.pair_backed_off_until("B", "XBTUSD") == 0
    assert estimator.rest_level("K", T0) == 0
    estimator.saturate_key("K", T0)
    assert estimator.rest_level("K", T0) == STARTER.rest_max
