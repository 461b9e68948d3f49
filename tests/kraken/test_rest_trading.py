"""AddOrder and CancelOrder over HTTP: arguments, funds, holds and the trading limiter."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest

from mocks.kraken.harness import KrakenHarness
from mocks.kraken.market import PAIRS
from mocks.kraken_facts.client import KrakenRestClient

EMAIL = "ann@example.test"
TRADING = {"funds_query", "trades_modify", "trades_query_open", "trades_query_closed"}


@pytest.fixture
def client(rest_mock: KrakenHarness) -> KrakenRestClient:
    rest_mock.user(EMAIL, balances={"ZUSD": "10000", "XXBT": "1"})
    return rest_mock.client(rest_mock.key(EMAIL, "bot", TRADING))


def limit_buy(volume: str = "0.1", price: str = "50000", **extra: str) -> dict[str, str]:
    return {
        "pair": "XBTUSD",
        "type": "buy",
        "ordertype": "limit",
        "volume": volume,
        "price": price,
        **extra,
    }


def ok(answer: dict[str, Any]) -> dict[str, Any]:
    assert answer["error"] == []
    result: dict[str, Any] = answer["result"]
    return result


def test_a_limit_order_answers_as_kraken(client: KrakenRestClient) -> None:
    result = ok(client.private("AddOrder", limit_buy("0.25", "37500")))
    assert result["descr"] == {"order": "buy 0.25000000 XBTUSD @ limit 37500.0"}
    [txid] = result["txid"]
    assert re.fullmatch(r"O[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{6}", txid)


def test_a_limit_order_holds_funds_and_cancel_releases_them(client: KrakenRestClient) -> None:
    [txid] = ok(client.private("AddOrder", limit_buy()))["txid"]
    assert ok(client.private("Balance"))["ZUSD"] == "10000.0000"
    assert ok(client.private("BalanceEx"))["ZUSD"] == {
        "balance": "10000.0000",
        "hold_trade": "5020.0000",
    }
    assert list(ok(client.private("OpenOrders"))["open"]) == [txid]
    assert ok(client.private("CancelOrder", {"txid": txid})) == {"count": 1}
    assert ok(client.private("BalanceEx"))["ZUSD"]["hold_trade"] == "0.0000"
    assert ok(client.private("OpenOrders"))["open"] == {}
    closed = ok(client.private("ClosedOrders"))["closed"]
    assert closed[txid]["status"] == "canceled"


def test_a_market_order_fills_and_changes_balances(client: KrakenRestClient) -> None:
    result = ok(client.private("AddOrder", {"pair": "XXBTZUSD", "type": "sell",
                                            "ordertype": "market", "volume": "0.5"}))  # fmt: skip
    assert result["descr"] == {"order": "sell 0.50000000 XBTUSD @ market"}
    balances = ok(client.private("Balance"))
    assert balances["XXBT"] == "0.5000000000"
    # 0.5 * 68250.0 bid = 34125.0, less a 0.4% fee of 136.5
    assert balances["ZUSD"] == "43988.5000"
    [trade] = ok(client.private("TradesHistory"))["trades"].values()
    assert trade["ordertxid"] == result["txid"][0]
    assert (trade["price"], trade["vol"], trade["fee"]) == (
        "68250.00000",
        "0.50000000",
        "136.50000",
    )


def test_validate_only_checks(client: KrakenRestClient) -> None:
    result = ok(client.private("AddOrder", limit_buy(validate="true")))
    assert result == {"descr": {"order": "buy 0.10000000 XBTUSD @ limit 50000.0"}}
    assert ok(client.private("OpenOrders"))["open"] == {}


def test_userref_and_cancel_by_userref(client: KrakenRestClient) -> None:
    for _ in range(2):
        ok(client.private("AddOrder", limit_buy("0.01", "40000", userref="77")))
    opened = ok(client.private("OpenOrders", {"userref": "77"}))["open"]
    assert [o["userref"] for o in opened.values()] == [77, 77]
    assert ok(client.private("CancelOrder", {"txid": "77"})) == {"count": 2}


def test_json_bodies_work_for_orders(client: KrakenRestClient) -> None:
    order = {"pair": "XBTUSD", "type": "buy", "ordertype": "limit", "volume": 0.1, "price": 50000,
             "validate": True}  # fmt: skip
    assert ok(client.private("AddOrder", order, encoding="json"))["descr"]["order"].startswith(
        "buy 0.10000000 XBTUSD"
    )


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"pair": "DOGEUSD"}, "EQuery:Unknown asset pair"),
        ({"pair": ""}, "EGeneral:Invalid arguments:pair"),
        ({"type": "hold"}, "EGeneral:Invalid arguments:type"),
        ({"ordertype": "trailing-stop"}, "EGeneral:Invalid arguments:ordertype"),
        ({"ordertype": "stop-loss-limit"}, "EGeneral:Invalid arguments:price2"),
        ({"timeinforce": "GTD"}, "EGeneral:Invalid arguments:expiretm"),
        ({"volume": "abc"}, "EGeneral:Invalid arguments:volume"),
        ({"volume": "0"}, "EGeneral:Invalid arguments:volume"),
        ({"volume": "-1"}, "EGeneral:Invalid arguments:volume"),
        ({"volume": "0.123456789"}, "EGeneral:Invalid arguments:volume"),
        ({"volume": ""}, "EGeneral:Invalid arguments:volume"),
        ({"price": ""}, "EGeneral:Invalid arguments:price"),
        ({"price": "+5"}, "EGeneral:Invalid arguments:price"),
        ({"price": "50000.25"},
         "EOrder:Invalid price:XBTUSD price can only be specified up to 1 decimals."),
        ({"volume": "0.00001"}, "EOrder:Order minimum not met"),
        ({"volume": "0.0001", "price": "1"}, "EOrder:Cost minimum not met"),
        ({"volume": "10"}, "EOrder:Insufficient funds"),
        ({"userref": "x"}, "EGeneral:Invalid arguments:userref"),
        ({"oflags": "viqc"}, "EGeneral:Invalid arguments:oflags"),
        ({"leverage": "2"}, "EGeneral:Invalid arguments:leverage"),
        ({"reduce_only": "true"}, "EGeneral:Invalid arguments:reduce_only"),
        ({"close[ordertype]": "limit"}, "EGeneral:Invalid arguments:close[ordertype]"),
        ({"displayvol": "0.01"}, "EGeneral:Invalid arguments:displayvol"),
        ({"timeinforce": "FOK"}, "EGeneral:Invalid arguments:timeinforce"),
        ({"validate": "perhaps"}, "EGeneral:Invalid arguments:validate"),
    ],
)  # fmt: skip
def test_bad_orders_get_krakens_errors(
    client: KrakenRestClient, changes: dict[str, str], error: str
) -> None:
    assert client.private("AddOrder", limit_buy(**changes)) == {"error": [error]}
    assert ok(client.private("BalanceEx"))["ZUSD"]["hold_trade"] == "0.0000"


def test_insufficient_funds_for_a_market_buy(client: KrakenRestClient) -> None:
    order = {"pair": "XBTUSD", "type": "buy", "ordertype": "market", "volume": "1"}
    assert client.private("AddOrder", order) == {"error": ["EOrder:Insufficient funds"]}


def test_cancel_errors(client: KrakenRestClient) -> None:
    assert client.private("CancelOrder", {"txid": "OAAAAA-BBBBB-CCCCCC"}) == {
        "error": ["EOrder:Unknown order"]
    }
    assert client.private("CancelOrder") == {"error": ["EGeneral:Invalid arguments:txid"]}


def test_the_trading_limiter_refuses_orders_past_the_threshold(
    rest_mock: KrakenHarness,
) -> None:
    rest_mock.user("s@example.test", tier="Starter", balances={"ZUSD": "1000000"})
    key = rest_mock.key("s@example.test", "bot", TRADING)
    client = rest_mock.client(key)
    account = rest_mock.state.account("s@example.test")
    account.trade_counter("XXBTZUSD").value = 59  # Starter: threshold 60
    account.trade_counter("XXBTZUSD").updated_at = rest_mock.clock.now()
    order = limit_buy("0.001", "30000")
    assert client.private("AddOrder", order)["error"] == []
    assert client.private("AddOrder", order) == {"error": ["EOrder:Rate limit exceeded"]}
    # another pair has its own counter
    eth = {**order, "pair": "ETHUSD", "volume": "0.01", "price": "3000"}
    assert client.private("AddOrder", eth)["error"] == []
    # Starter decays 1 per second
    rest_mock.clock.advance(1)
    assert client.private("AddOrder", order)["error"] == []


def test_every_key_of_an_account_shares_its_trading_counter(rest_mock: KrakenHarness) -> None:
    """Kraken's "Spot Trading Limits": one counter per client and pair, whichever key."""
    account = rest_mock.user(EMAIL, tier="Starter", balances={"ZUSD": "1000000"})
    first = rest_mock.client(rest_mock.key(EMAIL, "one", TRADING))
    second = rest_mock.client(rest_mock.key(EMAIL, "two", TRADING))
    order = limit_buy("0.001", "30000")
    for i in range(60):  # Starter: threshold 60; the clock stands still, so no decay
        client = first if i % 2 else second
        assert client.private("AddOrder", order)["error"] == [], i
    assert first.private("AddOrder", order) == {"error": ["EOrder:Rate limit exceeded"]}
    assert second.private("AddOrder", order) == {"error": ["EOrder:Rate limit exceeded"]}
    assert account.trade_counter("XXBTZUSD").value == 60
    # another account has its own counter
    rest_mock.user("bob@example.test", tier="Starter", balances={"ZUSD": "1000000"})
    bob = rest_mock.client(rest_mock.key("bob@example.test", "bob", TRADING))
    assert bob.private("AddOrder", order)["error"] == []


def test_cancelling_a_young_order_costs_more_than_an_old_one(rest_mock: KrakenHarness) -> None:
    account = rest_mock.user(EMAIL, tier="Pro", balances={"ZUSD": "1000000"})
    key = rest_mock.key(EMAIL, "bot", TRADING)
    client = rest_mock.client(key)
    counter = account.trade_counter("XXBTZUSD")
    decay = 3.75

    def level() -> float:
        return float(counter.level(rest_mock.clock.now(), decay))

    [young] = ok(client.private("AddOrder", limit_buy("0.001", "30000")))["txid"]
    assert level() == 1
    ok(client.private("CancelOrder", {"txid": young}))
    assert level() == 1 + 8
    [old] = ok(client.private("AddOrder", limit_buy("0.001", "30000")))["txid"]
    rest_mock.clock.advance(100)  # everything has decayed; the order is 100 s old
    ok(client.private("CancelOrder", {"txid": old}))
    assert level() == 1


def test_a_cancel_that_would_pass_the_threshold_is_refused_and_the_order_stays(
    rest_mock: KrakenHarness,
) -> None:
    account = rest_mock.user(EMAIL, tier="Starter", balances={"ZUSD": "1000000"})
    key = rest_mock.key(EMAIL, "bot", TRADING)
    client = rest_mock.client(key)
    [txid] = ok(client.private("AddOrder", limit_buy("0.001", "30000")))["txid"]
    account.trade_counter("XXBTZUSD").value = 55  # +8 for a young order passes 60
    assert client.private("CancelOrder", {"txid": txid}) == {
        "error": ["EOrder:Rate limit exceeded"]
    }
    assert txid in ok(client.private("OpenOrders"))["open"]


# the engine through REST: fills and the history that records them

ALL = TRADING | {"trades_close", "ledger_query"}


@pytest.fixture
def trader(rest_mock: KrakenHarness) -> KrakenRestClient:
    rest_mock.user("t@example.test", balances={"ZUSD": "100000", "XXBT": "1"})
    return rest_mock.client(rest_mock.key("t@example.test", "bot", ALL))


def move(rest_mock: KrakenHarness, price: str) -> None:
    with rest_mock.state.lock:
        rest_mock.state.trading.move_market(PAIRS["XXBTZUSD"], Decimal(price), rest_mock.clock)


def test_a_fill_is_the_same_in_every_history_method(
    rest_mock: KrakenHarness, trader: KrakenRestClient
) -> None:
    [txid] = ok(trader.private("AddOrder", limit_buy("0.1", "65000", userref="9")))["txid"]
    move(rest_mock, "64000")
    order = ok(trader.private("QueryOrders", {"txid": txid, "trades": "true"}))[txid]
    assert (order["status"], order["vol_exec"], order["price"], order["cost"], order["fee"]) == (
        "closed", "0.10000000", "65000.00000", "6500.00000", "16.25000",
    )  # fmt: skip
    [trade_id] = order["trades"]
    trade = ok(trader.private("QueryTrades", {"txid": trade_id}))[trade_id]
    assert ok(trader.private("TradesHistory"))["trades"] == {trade_id: trade}
    assert (trade["ordertxid"], trade["price"], trade["fee"], trade["maker"]) == (
        txid, "65000.00000", "16.25000", True,
    )  # fmt: skip
    assert ok(trader.private("ClosedOrders"))["closed"][txid] == {
        k: v for k, v in order.items() if k != "trades"
    }
    ledger = ok(trader.private("Ledgers"))["ledger"]
    assert sorted(ledger) == sorted(trade["ledgers"])
    by_asset = {entry["asset"]: entry for entry in ledger.values()}
    assert by_asset["XXBT"]["amount"] == "0.1000000000"
    assert (by_asset["ZUSD"]["amount"], by_asset["ZUSD"]["fee"]) == ("-6500.0000", "16.2500")
    assert ok(trader.private("Balance")) == {"ZUSD": "93483.7500", "XXBT": "1.1000000000"}
    assert ok(trader.private("BalanceEx"))["ZUSD"]["hold_trade"] == "0.0000"


def test_post_only_and_ioc_over_rest(trader: KrakenRestClient) -> None:
    assert trader.private("AddOrder", limit_buy("0.1", "69000", oflags="post")) == {
        "error": ["EOrder:Post only order"]
    }
    [txid] = ok(trader.private("AddOrder", limit_buy("0.1", "60000", timeinforce="IOC")))["txid"]
    order = ok(trader.private("QueryOrders", {"txid": txid}))[txid]
    assert (order["status"], order["reason"]) == ("canceled", "Immediate or cancel")


def test_a_stop_loss_over_rest_triggers_on_a_move(
    rest_mock: KrakenHarness, trader: KrakenRestClient
) -> None:
    stop = {"pair": "XBTUSD", "type": "sell", "ordertype": "stop-loss-limit", "volume": "0.5",
            "price": "66000", "price2": "65500"}  # fmt: skip
    placed = ok(trader.private("AddOrder", stop))
    assert placed["descr"] == {
        "order": "sell 0.50000000 XBTUSD @ stop loss 66000.0 -> limit 65500.0"
    }
    move(rest_mock, "65600")
    [txid] = placed["txid"]
    order = ok(trader.private("QueryOrders", {"txid": txid}))[txid]
    assert (order["status"], order["price"]) == ("closed", "65600.00000")  # took at the bid


def test_add_order_batch(rest_mock: KrakenHarness, trader: KrakenRestClient) -> None:
    orders = [
        {"ordertype": "limit", "type": "buy", "volume": "0.1", "price": "60000", "userref": 1},
        {"ordertype": "limit", "type": "sell", "volume": "5", "price": "90000"},
        {"ordertype": "limit", "type": "sell", "volume": "0.1", "price": "90000"},
    ]
    answer = ok(trader.private("AddOrderBatch", {"pair": "XBTUSD", "orders": orders},
                               encoding="json"))  # fmt: skip
    first, second, third = answer["orders"]
    assert first["descr"] == {"order": "buy 0.10000000 XBTUSD @ limit 60000.0"}
    assert isinstance(first["txid"], str)
    assert second == {"error": "EOrder:Insufficient funds"}
    assert set(third) == {"descr", "txid"}
    assert set(ok(trader.private("OpenOrders"))["open"]) == {first["txid"], third["txid"]}
    account = rest_mock.state.account("t@example.test")
    assert account.trade_counter("XXBTZUSD").value == 1.5  # a batch of n adds n/2


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"pair": "XBTUSD", "orders": []}, "EGeneral:Invalid arguments:orders"),
        ({"pair": "XBTUSD", "orders": [{"ordertype": "limit"}]},
         "EGeneral:Invalid arguments:orders"),
        ({"orders": [{}, {}]}, "EGeneral:Invalid arguments:pair"),
        ({"pair": "XBTUSD", "orders": [{"type": "buy"}, {"type": "buy"}]},
         "EGeneral:Invalid arguments:ordertype"),
        ({"pair": "XBTUSD", "orders": "x"}, "EGeneral:Invalid arguments:orders"),
        # nested past Python's recursion limit: refused, not a 500
        ({"pair": "XBTUSD", "orders": "[" * 5_000 + "]" * 5_000},
         "EGeneral:Invalid arguments:orders"),
    ],
)  # fmt: skip
def test_add_order_batch_refusals(
    trader: KrakenRestClient, body: dict[str, object], error: str
) -> None:
    assert trader.private("AddOrderBatch", body, encoding="json") == {"error": [error]}


def test_cancel_order_batch_and_cancel_all(trader: KrakenRestClient) -> None:
    txids = [ok(trader.private("AddOrder", limit_buy("0.01", str(60000 + i))))["txid"][0]
             for i in range(4)]  # fmt: skip
    assert ok(trader.private("CancelOrderBatch", {"orders": txids[:2]}, encoding="json")) == {
        "count": 2
    }
    assert trader.private("CancelOrderBatch", {"orders": txids[:2]}, encoding="json") == {
        "error": ["EOrder:Unknown order"]
    }
    assert ok(trader.private("CancelAll")) == {"count": 2}
    assert ok(trader.private("OpenOrders"))["open"] == {}
    assert ok(trader.private("CancelAll")) == {"count": 0}


def test_cancel_all_orders_after(rest_mock: KrakenHarness, trader: KrakenRestClient) -> None:
    ok(trader.private("AddOrder", limit_buy()))
    assert ok(trader.private("CancelAllOrdersAfter", {"timeout": "60"})) == {
        "currentTime": "2027-01-15T08:00:00Z",
        "triggerTime": "2027-01-15T08:01:00Z",
    }
    rest_mock.clock.advance(60)
    assert ok(trader.private("OpenOrders"))["open"] == {}
    assert ok(trader.private("CancelAllOrdersAfter", {"timeout": "0"}))["triggerTime"] == "0"
    for bad in ("", "-1", "86401", "soon"):
        assert trader.private("CancelAllOrdersAfter", {"timeout": bad}) == {
            "error": ["EGeneral:Invalid arguments:timeout"]
        }


def test_two_keys_at_once_still_share_one_counter(rest_mock: KrakenHarness) -> None:
    """Concurrent orders from two keys: exactly the threshold's worth get through."""
    rest_mock.user(EMAIL, tier="Starter", balances={"ZUSD": "1000000"})
    clients = [rest_mock.client(rest_mock.key(EMAIL, name, TRADING)) for name in ("a", "b")]
    order = limit_buy("0.001", "30000")

    def burst(client: KrakenRestClient) -> list[list[str]]:
        return [client.private("AddOrder", order)["error"] for _ in range(35)]

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = [error for errors in pool.map(burst, clients) for error in errors]
    assert answers.count([]) == 60  # Starter's threshold, the clock standing still
    assert answers.count(["EOrder:Rate limit exceeded"]) == 10
