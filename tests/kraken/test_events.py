"""The event bus and what today's code paths publish on it."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from mocks.kraken.events import EventBus, LedgerEvent, MarketEvent, OrderEvent
from mocks.kraken.harness import KrakenHarness
from mocks.kraken.market import PAIRS
from mocks.kraken_facts.client import KrakenRestClient

EMAIL = "ann@example.test"
TRADING = {"funds_query", "trades_modify", "trades_query_open", "trades_query_closed",
           "ledger_query"}  # fmt: skip


def test_subscribers_get_events_until_they_unsubscribe() -> None:
    bus = EventBus()
    seen: list[object] = []
    unsubscribe = bus.subscribe(seen.append)
    event = MarketEvent("XXBTZUSD", 1.0, PAIRS["XXBTZUSD"].market)
    bus.publish(event)
    unsubscribe()
    bus.publish(event)
    assert seen == [event]
    assert bus.subscriber_count == 0
    unsubscribe()  # twice is harmless


def test_a_failing_subscriber_does_not_stop_the_others() -> None:
    bus = EventBus()
    seen: list[object] = []

    def broken(_: object) -> None:
        raise RuntimeError("boom")

    bus.subscribe(broken)
    bus.subscribe(seen.append)
    bus.publish(MarketEvent("XXBTZUSD", 1.0, PAIRS["XXBTZUSD"].market))
    assert len(seen) == 1


@pytest.fixture
def events(rest_mock: KrakenHarness) -> Iterator[list[object]]:
    seen: list[object] = []
    unsubscribe = rest_mock.state.events.subscribe(seen.append)
    yield seen
    unsubscribe()


@pytest.fixture
def client(rest_mock: KrakenHarness) -> KrakenRestClient:
    rest_mock.user(EMAIL, balances={"ZUSD": "10000", "XXBT": "1"})
    return rest_mock.client(rest_mock.key(EMAIL, "bot", TRADING))


def test_a_resting_order_and_its_cancel_are_published(
    client: KrakenRestClient, events: list[object], rest_mock: KrakenHarness
) -> None:
    order = {"pair": "XBTUSD", "type": "buy", "ordertype": "limit", "volume": "0.1",
             "price": "50000"}  # fmt: skip
    [txid] = client.private("AddOrder", order)["result"]["txid"]
    client.private("CancelOrder", {"txid": txid})
    kinds = [(e.exec_type, e.order.txid, e.order.status) for e in events
             if isinstance(e, OrderEvent)]  # fmt: skip
    assert kinds == [("new", txid, "open"), ("canceled", txid, "canceled")]
    first = events[0]
    assert isinstance(first, OrderEvent)
    assert first.email == EMAIL
    assert first.at == rest_mock.clock.now()
    assert first.order.status == "open"  # a copy: the cancel did not change it


def test_a_market_fill_publishes_the_order_its_trade_and_two_ledger_entries(
    client: KrakenRestClient, events: list[object]
) -> None:
    order = {"pair": "XBTUSD", "type": "sell", "ordertype": "market", "volume": "0.5"}
    [txid] = client.private("AddOrder", order)["result"]["txid"]
    order_events = [e for e in events if isinstance(e, OrderEvent)]
    assert [e.exec_type for e in order_events] == ["new", "trade", "filled"]
    assert order_events[1].trade == order_events[2].trade
    filled = order_events[2]
    assert filled.trade is not None
    assert filled.trade.order_txid == txid
    assert filled.order.vol_exec == Decimal("0.5")
    ledger = [e for e in events if isinstance(e, LedgerEvent)]
    assert [(e.entry.asset, e.entry.amount) for e in ledger] == [
        ("XXBT", Decimal("-0.5")),
        ("ZUSD", Decimal("34125.0")),
    ]
    assert ledger[-1].balances_after == {"XXBT": Decimal("0.5"), "ZUSD": Decimal("43988.5")}
    trades = client.private("TradesHistory")["result"]["trades"]
    assert list(trades) == [filled.trade.txid]


def test_balances_set_through_the_control_api_are_ledger_entries(
    client: KrakenRestClient, events: list[object], rest_mock: KrakenHarness
) -> None:
    rest_mock.state.set_balances(EMAIL, {"ZUSD": Decimal(12000), "XXBT": Decimal(1)})
    [event] = events
    assert isinstance(event, LedgerEvent)
    assert (event.entry.asset, event.entry.amount, event.entry.type) == (
        "ZUSD",
        Decimal(2000),
        "adjustment",
    )
    assert event.balances_after == {"ZUSD": Decimal(12000), "XXBT": Decimal(1)}
    ledger = client.private("Ledgers")["result"]["ledger"]
    assert [entry["type"] for entry in ledger.values()] == ["adjustment"]


def test_a_market_move_publishes_the_market_and_the_fills_it_causes(
    client: KrakenRestClient, events: list[object], rest_mock: KrakenHarness
) -> None:
    order = {"pair": "XBTUSD", "type": "buy", "ordertype": "limit", "volume": "0.1",
             "price": "65000"}  # fmt: skip
    [txid] = client.private("AddOrder", order)["result"]["txid"]
    events.clear()
    rest_mock.move_market("XBTUSD", "64000")
    market, *rest = events
    assert isinstance(market, MarketEvent)
    assert (market.pair, market.quote.last) == ("XXBTZUSD", Decimal(64000))
    order_events = [e for e in rest if isinstance(e, OrderEvent)]
    assert [(e.exec_type, e.order.txid) for e in order_events] == [
        ("trade", txid),
        ("filled", txid),
    ]
    assert sum(isinstance(e, LedgerEvent) for e in rest) == 2
