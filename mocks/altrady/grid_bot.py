"""A grid bot's burst: many small orders placed, checked and cancelled at once, over the key pool.

The burst, for ``orders`` = 30 on XBTUSD:

1. ``Balance`` (a REST call);
2. 30 ``AddOrder``: small buy limit orders (the least volume Kraken accepts at that
   price) at 50 % down to 35.5 % of the last price, so none ever fills; sent 10 at a
   time, concurrently, each followed by a ``QueryOrders`` of that order (the status check
   a bot makes of every order it placed), each batch followed by an ``OpenOrders`` check;
3. 30 ``CancelOrder`` of those orders, each on the key that placed it, 10 at a time,
   each batch followed by an ``OpenOrders`` check;
4. a final ``Balance``.

What it meets on Kraken's documented model (``mocks.kraken_facts.limits``; Intermediate
tier: REST counter **per key**, max 20, decay 0.5/s, QueryOrders/OpenOrders/Balance +1,
AddOrder/CancelOrder +0; trading counter **per account and pair**, threshold 125, decay
2.34/s, AddOrder +1, CancelOrder of an order younger than 5 s +8):

- REST, one key: 1 + 30 + 6 + 1 = 38 calls, plus the key's 2 at Connect: past 20 within
  seconds, so status checks get ``EAPI:Rate limit exceeded``. Three keys: about 13 each,
  under 20. This is what extra keys buy.
- Trading, any number of keys: 30 x 1 + 30 x 8 = 270 on XBTUSD, one counter for the
  account. After the 30 placements (30) only 11 cancels fit (30 + 11 x 8 = 118; a 12th
  makes 126); the rest get ``EOrder:Rate limit exceeded`` on every key alike. Extra keys
  do not buy this: the pool backs the pair off for the whole account instead of trying
  the other keys, and the report says to place fewer orders at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_UP, Decimal, InvalidOperation
from typing import Any, TypeVar

from mocks.altrady.key_pool import KeyPool, NoUsableKeyError, RateLimitedError, cancel_cost
from mocks.altrady.kraken_client import KrakenClient, KrakenError, KrakenUnavailableError
from mocks.altrady.kraken_messages import ErrorKind, kind_of, trader_message, unavailable_message
from mocks.clock import Clock

__all__ = [
    "BATCH_SIZE",
    "GridReport",
    "MarketInfo",
    "UnknownPairError",
    "grid_orders",
    "market_info",
    "run_burst",
]

BATCH_SIZE = 10
_FIRST_LEVEL = Decimal("0.5")  # of the last price
_LEVEL_STEP = Decimal("0.005")

T = TypeVar("T")

# What one call of the burst may end in without ending the burst.
_CALL_FAILURES = (RateLimitedError, NoUsableKeyError, KrakenError, KrakenUnavailableError)


class UnknownPairError(ValueError):
    pass


@dataclass(frozen=True)
class MarketInfo:
    pair: str
    last_price: Decimal
    order_min: Decimal
    cost_min: Decimal
    price_decimals: int
    volume_decimals: int


@dataclass(frozen=True)
class GridReport:
    ok: bool
    orders_placed: int
    orders_cancelled: int
    calls: int
    rate_limit_errors: int
    rest_limit_errors: int  # a key's REST counter: extra keys help
    trade_limit_errors: int  # the account's trading counter for the pair: they do not
    keys_used: int
    message: str


@dataclass
class _Order:
    txid: str
    key_id: str
    placed_at: float


@dataclass
class _Tally:
    placed: list[_Order] = field(default_factory=list)
    cancelled: int = 0
    failures: int = 0
    rest_limited: int = 0
    trade_limited: int = 0
    problems: list[str] = field(default_factory=list)

    def fail(self, exc: Exception) -> None:
        self.failures += 1
        if isinstance(exc, RateLimitedError):
            if kind_of(exc.error) is ErrorKind.TRADE_LIMIT:
                self.trade_limited += 1
            else:
                self.rest_limited += 1
        self.problems.append(_describe(exc))


async def market_info(client: KrakenClient, pair: str) -> MarketInfo:
    """The pair's last price and order rules, from Kraken's public endpoints."""
    try:
        pairs = await client.public("AssetPairs", {"pair": pair})
        ticker = await client.public("Ticker", {"pair": pair})
    except KrakenError as error:
        if error.code == "EQuery:Unknown asset pair":
            raise UnknownPairError(pair) from None
        raise
    try:
        rules: dict[str, Any] = next(iter(pairs.values()))
        last = Decimal(str(next(iter(ticker.values()))["c"][0]))
        return MarketInfo(
            pair=pair,
            last_price=last,
            order_min=Decimal(str(rules.get("ordermin", "0.0001"))),
            cost_min=Decimal(str(rules.get("costmin", "0"))),
            price_decimals=int(rules.get("pair_decimals", 1)),
            volume_decimals=int(rules.get("lot_decimals", 8)),
        )
    except (AttributeError, StopIteration, KeyError, IndexError, TypeError, InvalidOperation):
        raise KrakenUnavailableError("Kraken's market data had an unexpected shape") from None


def grid_orders(market: MarketInfo, orders: int) -> list[tuple[str, str]]:
    """(price, volume) of each order: the smallest volume Kraken accepts at that price."""
    tick = Decimal(1).scaleb(-market.price_decimals)
    lot = Decimal(1).scaleb(-market.volume_decimals)
    grid = []
    for level in range(orders):
        price = (market.last_price * (_FIRST_LEVEL - _LEVEL_STEP * level)).quantize(
            tick, ROUND_DOWN
        )
        volume = max(market.order_min, (market.cost_min / price).quantize(lot, ROUND_UP))
        grid.append((f"{price:f}", f"{volume.quantize(lot):f}"))
    return grid


async def run_burst(pool: KeyPool, market: MarketInfo, clock: Clock, *, orders: int) -> GridReport:
    tally = _Tally()
    await _check(pool, tally, "Balance")

    async def place(price: str, volume: str) -> None:
        params = {
            "pair": market.pair,
            "type": "buy",
            "ordertype": "limit",
            "price": price,
            "volume": volume,
        }
        answer = await pool.call("AddOrder", params, pair=market.pair, trade_cost=1)
        try:
            txid = str(answer.result["txid"][0])
        except (KeyError, IndexError, TypeError):
            raise KrakenUnavailableError("Kraken's AddOrder answer had no order id") from None
        tally.placed.append(_Order(txid, answer.key_id, clock.now()))
        await pool.call("QueryOrders", {"txid": txid})

    async def cancel(order: _Order) -> None:
        await pool.call(
            "CancelOrder",
            {"txid": order.txid},
            pair=market.pair,
            trade_cost=cancel_cost(clock.now() - order.placed_at),
            prefer=order.key_id,
        )
        tally.cancelled += 1

    for batch in _batches(grid_orders(market, orders)):
        await _gather(tally, [place(price, volume) for price, volume in batch])
        await _check(pool, tally, "OpenOrders")
    for order_batch in _batches(list(tally.placed)):
        await _gather(tally, [cancel(order) for order in order_batch])
        await _check(pool, tally, "OpenOrders")
    await _check(pool, tally, "Balance")
    return _report(pool, tally, orders)


async def _check(pool: KeyPool, tally: _Tally, method: str) -> None:
    await _gather(tally, [pool.call(method)])


async def _gather(tally: _Tally, calls: list[Awaitable[T]]) -> None:
    results = await asyncio.gather(*calls, return_exceptions=True)
    for result in results:
        if isinstance(result, _CALL_FAILURES):
            tally.fail(result)
        elif isinstance(result, BaseException):
            raise result


def _batches(items: list[T]) -> list[list[T]]:
    return [items[start : start + BATCH_SIZE] for start in range(0, len(items), BATCH_SIZE)]


def _describe(exc: Exception) -> str:
    if isinstance(exc, (RateLimitedError, NoUsableKeyError)):
        return trader_message(exc.error)
    if isinstance(exc, KrakenError):
        return trader_message(exc)
    if isinstance(exc, KrakenUnavailableError):
        return unavailable_message(exc)
    return str(exc)


def _report(pool: KeyPool, tally: _Tally, orders: int) -> GridReport:
    placed, cancelled = len(tally.placed), tally.cancelled
    stats = pool.stats
    ok = tally.failures == 0 and placed == orders and cancelled == placed
    keys = f"{len(stats.keys_used)} key{'s' if len(stats.keys_used) != 1 else ''}"
    if ok:
        message = (
            f"Placed and cancelled {orders} orders over {keys} "
            f"in {stats.calls} calls, without a failure."
        )
    else:
        left_open = placed - cancelled
        message = (
            f"The burst did not complete: {placed} of {orders} orders placed, "
            f"{cancelled} cancelled, {stats.rate_limit_errors} rate-limit errors over {keys}. "
            + (f"{left_open} orders were left open on Kraken. " if left_open else "")
            + _advice(tally)
        )
    return GridReport(
        ok=ok,
        orders_placed=placed,
        orders_cancelled=cancelled,
        calls=stats.calls,
        rate_limit_errors=stats.rate_limit_errors,
        rest_limit_errors=stats.rest_limit_errors,
        trade_limit_errors=stats.trade_limit_errors,
        keys_used=len(stats.keys_used),
        message=message,
    )


def _advice(tally: _Tally) -> str:
    advice = []
    if tally.trade_limited:
        advice.append(
            "Kraken's trading limit for this pair is one per account, shared by every key: "
            "place and cancel fewer orders at once."
        )
    if tally.rest_limited:
        advice.append("Add extra keys (up to 10) so the status checks spread over more keys.")
    return " ".join(advice) if advice else tally.problems[0]
