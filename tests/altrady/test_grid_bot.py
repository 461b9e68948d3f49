from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from mocks.altrady.grid_bot import (
    MarketInfo,
    UnknownPairError,
    grid_orders,
    market_info,
    run_burst,
)
from mocks.altrady.key_pool import KeyPool, LoadEstimator, PoolKey
from mocks.altrady.kraken_client import KrakenClient, KrakenUnavailableError
from mocks.clock import Clock
from tests.altrady.conftest import RecordingSleeper
from tests.altrady.kraken_double import DoubleKey, KrakenDouble

pytestmark = pytest.mark.anyio

XBTUSD = MarketInfo(
    pair="XBTUSD",
    last_price=Decimal("68250.0"),
    order_min=Decimal("0.00005"),
    cost_min=Decimal("0.5"),
    price_decimals=1,
    volume_decimals=8,
)


def _pool(
    keys: list[DoubleKey], client: KrakenClient, clock: Clock, sleeper: RecordingSleeper
) -> KeyPool:
    return KeyPool(
        [PoolKey(key.name, key.credentials) for key in keys],
        client,
        LoadEstimator(),
        clock,
        sleeper=sleeper,
    )


def test_the_grid_sits_far_below_the_price_at_the_least_volume_kraken_takes() -> None:
    grid = grid_orders(XBTUSD, 30)
    assert grid[0] == ("34125.0", "0.00005000")
    assert grid[-1] == ("24228.7", "0.00005000")
    assert len({price for price, _ in grid}) == 30
    cheap = MarketInfo("X", Decimal("10"), Decimal("0.1"), Decimal("5"), 2, 4)
    price, volume = grid_orders(cheap, 1)[0]
    assert (price, volume) == ("5.00", "1.0000")  # costmin 5 at price 5 needs volume 1


async def test_market_info_reads_krakens_public_answers(
    kraken: KrakenDouble, client: KrakenClient
) -> None:
    assert await market_info(client, "XBTUSD") == XBTUSD
    with pytest.raises(UnknownPairError):
        await market_info(client, "DOGEUSD")
    kraken.down = True
    with pytest.raises(KrakenUnavailableError):
        await market_info(client, "XBTUSD")


@pytest.mark.parametrize("key_count", [1, 3])
async def test_extra_keys_do_not_raise_the_accounts_trading_limit(
    kraken: KrakenDouble,
    client: KrakenClient,
    clock: Clock,
    sleeper: RecordingSleeper,
    key_count: int,
) -> None:
    """One trading counter per account and pair: 30 + 11 x 8 = 118 fits, a 12th cancel
    (126) does not, whatever the number of keys; each refused cancel is tried once a
    back-off round, on one key, never on every key."""
    keys = [kraken.add_key() for _ in range(key_count)]
    report = await run_burst(_pool(keys, client, clock, sleeper), XBTUSD, clock, orders=30)
    assert not report.ok
    assert (report.orders_placed, report.orders_cancelled) == (30, 11)
    assert report.trade_limit_errors == 19 * 4  # a try and 3 retries each
    assert report.rest_limit_errors == 0
    assert kraken.trade_levels == {"XBTUSD": 118}
    assert "19 orders were left open" in report.message
    assert "one per account, shared by every key" in report.message
    assert "Add extra keys" not in report.message


async def test_one_key_meets_the_rest_limit_on_its_status_checks(
    kraken: KrakenDouble, client: KrakenClient, clock: Clock, sleeper: RecordingSleeper
) -> None:
    kraken.rest_max = 20  # Kraken's Intermediate maximum, no decay
    pool = _pool([kraken.add_key()], client, clock, sleeper)
    report = await run_burst(pool, XBTUSD, clock, orders=30)
    assert not report.ok
    assert report.rest_limit_errors > 0  # 1 + 30 + 6 + 1 status checks on one key
    assert report.orders_placed == 30  # AddOrder is not on the REST counter
    assert "Add extra keys" in report.message


async def test_three_keys_split_the_status_checks_under_the_rest_limit(
    kraken: KrakenDouble, client: KrakenClient, clock: Clock, sleeper: RecordingSleeper
) -> None:
    kraken.rest_max = 20
    keys = [kraken.add_key() for _ in range(3)]
    report = await run_burst(_pool(keys, client, clock, sleeper), XBTUSD, clock, orders=10)
    assert report.ok, report.message
    assert (report.orders_placed, report.orders_cancelled) == (10, 10)
    assert (report.rate_limit_errors, report.keys_used) == (0, 3)
    queries = Counter(call.api_key for call in kraken.calls_of("QueryOrders"))
    assert sorted(queries.values()) == [3, 3, 4]
    assert max(kraken.rest_levels.values()) <= 20
    assert Counter(c.method for c in kraken.calls) == {
        "AddOrder": 10,
        "QueryOrders": 10,
        "CancelOrder": 10,
        "OpenOrders": 2,
        "Balance": 2,
    }
    assert sleeper.waits == []


async def test_each_order_is_cancelled_by_the_key_that_placed_it(
    kraken: KrakenDouble, client: KrakenClient, clock: Clock, sleeper: RecordingSleeper
) -> None:
    keys = [kraken.add_key() for _ in range(3)]
    await run_burst(_pool(keys, client, clock, sleeper), XBTUSD, clock, orders=12)
    cancels = kraken.calls_of("CancelOrder")
    assert len(cancels) == 12
    assert all(kraken.placed_by[call.params["txid"]] == call.api_key for call in cancels)
    assert Counter(call.api_key for call in cancels) == {key.api_key: 4 for key in keys}


async def test_a_refused_order_is_reported_in_the_traders_words(
    kraken: KrakenDouble, client: KrakenClient, clock: Clock, sleeper: RecordingSleeper
) -> None:
    key = kraken.add_key()
    kraken.script(key, "AddOrder", "EOrder:Insufficient funds")
    report = await run_burst(_pool([key], client, clock, sleeper), XBTUSD, clock, orders=3)
    assert not report.ok
    assert (report.orders_placed, report.orders_cancelled) == (2, 2)
    assert "does not hold enough funds" in report.message
