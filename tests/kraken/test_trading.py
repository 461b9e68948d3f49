"""The trading service's rules, without HTTP: fills, fees, holds, post-only, IOC, stops,
the per-account counter, the open-order limit, the dead man's switch and determinism."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mocks.clock import Clock
from mocks.kraken.market import PAIRS
from mocks.kraken.orders import Order, OrderRequest
from mocks.kraken.state import Account, KrakenState
from mocks.kraken.trading import Amend, Edit
from mocks.kraken_facts.errors import KrakenError

XBTUSD = PAIRS["XXBTZUSD"]  # opening quote: bid 68250.0, ask 68250.1
T0 = 1_800_000_000.0


@pytest.fixture
def state() -> KrakenState:
    return KrakenState(Clock.frozen_at(T0))


@pytest.fixture
def ann(state: KrakenState) -> Account:
    return state.create_user(
        "ann@example.test", "pw", balances={"ZUSD": Decimal(100_000), "XXBT": Decimal(2)}
    )


def order(side: str, ordertype: str, volume: str = "0.1", price: str | None = None,
          **extra: object) -> OrderRequest:  # fmt: skip
    return OrderRequest(
        pair=XBTUSD,
        side=side,  # type: ignore[arg-type]
        ordertype=ordertype,  # type: ignore[arg-type]
        volume=Decimal(volume),
        price=Decimal(price) if price else None,
        **extra,  # type: ignore[arg-type]
    )


def add(state: KrakenState, account: Account, request: OrderRequest) -> Order:
    placed = state.trading.add(account, None, request, state.clock)
    assert placed is not None
    return placed


def move(state: KrakenState, price: str) -> None:
    state.trading.move_market(XBTUSD, Decimal(price), state.clock)


def refused(state: KrakenState, account: Account, request: OrderRequest) -> str:
    with pytest.raises(KrakenError) as caught:
        state.trading.add(account, None, request, state.clock)
    return caught.value.message


# fills


def test_a_market_buy_fills_at_the_ask_and_pays_the_taker_fee(
    state: KrakenState, ann: Account
) -> None:
    placed = add(state, ann, order("buy", "market"))
    assert (placed.status, placed.average_price) == ("closed", Decimal("68250.1"))
    [trade] = ann.book.trades.values()
    assert trade.fee == Decimal("6825.01") * Decimal("0.40") / 100
    assert not trade.maker
    assert ann.balances["XXBT"] == Decimal("2.1")
    assert ann.balances["ZUSD"] == Decimal(100_000) - Decimal("6825.01") - trade.fee


def test_a_resting_limit_fills_at_its_own_price_when_the_market_trades_through_it(
    state: KrakenState, ann: Account
) -> None:
    resting = add(state, ann, order("buy", "limit", price="65000"))
    assert resting.status == "open"
    move(state, "65000.5")  # not reached
    assert resting.status == "open"
    move(state, "64000")  # through it: fills at 65000, not at 64000
    assert (resting.status, resting.average_price) == ("closed", Decimal(65000))
    [trade] = ann.book.trades.values()
    assert trade.maker
    assert trade.fee == Decimal(6500) * Decimal("0.25") / 100  # the maker fee
    assert ann.book.held() == {}


def test_a_resting_sell_fills_when_the_price_rises_to_it(state: KrakenState, ann: Account) -> None:
    resting = add(state, ann, order("sell", "limit", price="70000"))
    move(state, "70000")
    assert (resting.status, resting.average_price) == ("closed", Decimal(70000))
    assert ann.balances["XXBT"] == Decimal("1.9")


def test_a_limit_that_crosses_on_entry_takes_at_the_touch(state: KrakenState, ann: Account) -> None:
    taker = add(state, ann, order("buy", "limit", price="69000"))
    assert (taker.status, taker.average_price) == ("closed", Decimal("68250.1"))
    assert not next(iter(ann.book.trades.values())).maker


def test_a_post_only_order_that_would_take_is_refused(state: KrakenState, ann: Account) -> None:
    assert refused(state, ann, order("buy", "limit", price="69000", oflags="post")) == (
        "EOrder:Post only order"
    )
    assert ann.book.orders == {}
    maker = add(state, ann, order("buy", "limit", price="68000", oflags="post"))
    assert maker.status == "open"


def test_ioc_fills_what_takes_and_cancels_what_does_not(state: KrakenState, ann: Account) -> None:
    taken = add(state, ann, order("buy", "limit", price="69000", timeinforce="IOC"))
    assert taken.status == "closed"
    unfilled = add(state, ann, order("buy", "limit", price="60000", timeinforce="IOC"))
    assert (unfilled.status, unfilled.reason) == ("canceled", "Immediate or cancel")
    assert ann.book.held() == {}


def test_a_stop_loss_sell_triggers_when_the_price_falls_and_sells_at_the_bid(
    state: KrakenState, ann: Account
) -> None:
    stop = add(state, ann, order("sell", "stop-loss", price="66000"))
    move(state, "66500")
    assert (stop.status, stop.triggered) == ("open", False)
    move(state, "65900")
    assert (stop.status, stop.average_price) == ("closed", Decimal("65900"))  # the bid


def test_a_take_profit_sell_triggers_when_the_price_rises(state: KrakenState, ann: Account) -> None:
    profit = add(state, ann, order("sell", "take-profit", price="70000"))
    move(state, "69000")
    assert profit.status == "open"
    move(state, "70100")
    assert (profit.status, profit.average_price) == ("closed", Decimal(70100))


def test_a_stop_loss_limit_rests_at_its_limit_once_triggered(
    state: KrakenState, ann: Account
) -> None:
    stop = add(state, ann, order("sell", "stop-loss-limit", price="66000",
                                 price2=Decimal(65800)))  # fmt: skip
    move(state, "65000")  # triggered, but the bid is below its limit: it rests
    assert (stop.status, stop.triggered) == ("open", True)
    move(state, "65800")
    assert (stop.status, stop.average_price) == ("closed", Decimal(65800))


def test_a_take_profit_limit_buy_triggers_when_the_price_falls(
    state: KrakenState, ann: Account
) -> None:
    buy = add(state, ann, order("buy", "take-profit-limit", price="66000",
                                price2=Decimal(66100)))  # fmt: skip
    move(state, "65990")  # triggered; its limit 66100 is above the ask 65990.1: it takes
    assert (buy.status, buy.average_price) == ("closed", Decimal("65990.1"))


# holds and funds


def test_a_resting_buy_holds_cost_plus_taker_fee_and_cancel_releases_it(
    state: KrakenState, ann: Account
) -> None:
    resting = add(state, ann, order("buy", "limit", price="50000"))
    assert ann.book.held() == {"ZUSD": Decimal("5020.000")}
    assert ann.balances["ZUSD"] == Decimal(100_000)
    assert state.trading.cancel(ann, None, resting.txid, state.clock) == 1
    assert ann.book.held() == {}


def test_holds_count_against_the_next_order(state: KrakenState) -> None:
    poor = state.create_user("p@example.test", "pw", balances={"ZUSD": Decimal(6000)})
    add(state, poor, order("buy", "limit", price="50000"))
    assert refused(state, poor, order("buy", "limit", price="50000")) == (
        "EOrder:Insufficient funds"
    )
    assert refused(state, poor, order("sell", "market")) == "EOrder:Insufficient funds"


# fees by tier


def test_fees_follow_the_thirty_day_volume(state: KrakenState) -> None:
    whale = state.create_user("w@example.test", "pw", balances={"ZUSD": Decimal(10_000_000)})
    add(state, whale, order("buy", "market", volume="1"))  # 68250.1 USD: the 50k tier
    add(state, whale, order("buy", "market", volume="0.1"))
    first, second = whale.book.trades.values()
    assert first.fee == first.cost * Decimal("0.40") / 100
    assert second.fee == second.cost * Decimal("0.24") / 100
    state.clock.advance(31 * 24 * 3600)  # the volume has aged out
    add(state, whale, order("buy", "market", volume="0.1"))
    third = list(whale.book.trades.values())[2]
    assert third.fee == third.cost * Decimal("0.40") / 100


# the trading counter


def test_the_counter_is_per_account_and_pair(state: KrakenState, ann: Account) -> None:
    ann.trade_counter("XXBTZUSD").value = 125  # Intermediate: threshold 125
    ann.trade_counter("XXBTZUSD").updated_at = T0
    assert refused(state, ann, order("buy", "limit", price="50000")) == (
        "EOrder:Rate limit exceeded"
    )
    other_pair = OrderRequest(PAIRS["XETHZUSD"], "buy", "limit", Decimal("0.1"), Decimal(3000))
    assert add(state, ann, other_pair).status == "open"
    bob = state.create_user("b@example.test", "pw", balances={"ZUSD": Decimal(100_000)})
    assert add(state, bob, order("buy", "limit", price="50000")).status == "open"


def test_a_failed_order_still_adds_its_fixed_count(state: KrakenState, ann: Account) -> None:
    refused(state, ann, order("buy", "limit", volume="100", price="50000"))
    assert ann.trade_counter("XXBTZUSD").value == 1


def test_amend_and_edit_add_their_documented_counts(state: KrakenState, ann: Account) -> None:
    resting = add(state, ann, order("buy", "limit", price="50000"))  # +1
    state.trading.amend(ann, None, resting.txid, Amend(limit_price=Decimal(50100)), state.clock)
    assert ann.trade_counter("XXBTZUSD").value == 1 + 1 + 3  # amended within 5 s
    state.clock.advance(12)  # decays 12 * 2.34: the counter is back at 0
    old, new = state.trading.edit(ann, None, resting.txid, Edit(XBTUSD, price=Decimal(50200)),
                                  state.clock)  # fmt: skip
    assert new is not None
    assert ann.trade_counter("XXBTZUSD").value == 1 + 4  # edit, 12 s after the amend
    assert (old.status, old.reason, new.request.price) == (
        "canceled",
        "Order replaced",
        Decimal(50200),
    )


def test_the_open_order_limit_per_pair(state: KrakenState) -> None:
    starter = state.create_user(
        "s@example.test", "pw", tier="Starter", balances={"ZUSD": Decimal(10**9)}
    )
    for i in range(60):  # Starter: 60 open orders a pair
        state.clock.advance(1)  # keep the trading counter under its threshold
        add(state, starter, order("buy", "limit", price=str(40000 + i)))
    state.clock.advance(1)
    assert refused(state, starter, order("buy", "limit", price="39000")) == (
        "EOrder:Orders limit exceeded"
    )
    # a taker does not rest, so it is not limited
    assert add(state, starter, order("buy", "market")).status == "closed"


# amend, cancels, switches


def test_amend_keeps_the_ids_and_a_crossing_amend_fills(state: KrakenState, ann: Account) -> None:
    resting = add(state, ann, order("buy", "limit", price="60000", cl_ord_id="mine"))
    state.trading.amend(ann, None, "mine", Amend(order_qty=Decimal("0.2")), state.clock)
    assert (resting.request.volume, resting.amends) == (Decimal("0.2"), 1)
    state.clock.advance(20)
    post = Amend(limit_price=Decimal(69000), post_only=True)
    with pytest.raises(KrakenError, match="EOrder:Post only order"):
        state.trading.amend(ann, None, resting.txid, post, state.clock)
    state.trading.amend(ann, None, resting.txid, Amend(limit_price=Decimal(69000)), state.clock)
    assert (resting.status, resting.average_price) == ("closed", Decimal("68250.1"))


def test_cancel_all_and_the_dead_mans_switch(state: KrakenState, ann: Account) -> None:
    for price in ("50000", "51000"):
        add(state, ann, order("buy", "limit", price=price))
    assert state.trading.cancel_all(ann, None, state.clock) == 2
    add(state, ann, order("buy", "limit", price="52000"))
    armed = state.trading.cancel_all_after(ann, None, 60, state.clock)
    assert armed.trigger_at == T0 + 60
    state.clock.advance(59)
    state.trading.tick(state.clock.now())
    assert len(ann.book.open_orders()) == 1
    state.clock.advance(1)
    state.trading.tick(state.clock.now())
    assert ann.book.open_orders() == []


def test_gtd_orders_expire(state: KrakenState, ann: Account) -> None:
    gtd = add(state, ann, order("buy", "limit", price="50000", timeinforce="GTD",
                                expiretm=T0 + 30))  # fmt: skip
    state.clock.advance(30)
    state.trading.tick(state.clock.now())
    assert gtd.status == "expired"


def test_the_same_calls_give_the_same_fills(ann: Account) -> None:
    def run() -> list[tuple[str, Decimal, Decimal, bool]]:
        fresh = KrakenState(Clock.frozen_at(T0))
        account = fresh.create_user("a@example.test", "pw", balances=dict(ann.balances))
        for price in ("66000", "65000", "64000"):
            add(fresh, account, order("buy", "limit", price=price))
        add(fresh, account, order("sell", "stop-loss", price="63000"))
        for price in ("65500", "64000", "62000", "66000"):
            move(fresh, price)
        return [(t.side, t.price, t.fee, t.maker) for t in account.book.trades.values()]

    first = run()
    assert len(first) == 4
    assert first == run()


def test_amending_a_stop_past_the_price_triggers_it(state: KrakenState, ann: Account) -> None:
    stop = add(state, ann, order("sell", "stop-loss", price="60000"))
    state.trading.amend(ann, None, stop.txid, Amend(trigger_price=Decimal(68300)), state.clock)
    assert (stop.triggered, stop.status, stop.average_price) == (True, "closed", Decimal(68250))
