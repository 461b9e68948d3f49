from __future__ import annotations

from typing import Any

import pytest

from mocks.kraken.harness import KrakenHarness
from mocks.kraken_facts.client import KrakenRestClient

EMAIL = "ann@example.test"


@pytest.fixture
def client(rest_mock: KrakenHarness) -> KrakenRestClient:
    rest_mock.user(EMAIL, balances={"ZUSD": "171288.6158", "XXBT": "1011.19088779", "ZEUR": "0"})
    return rest_mock.client(rest_mock.key(EMAIL, "k", {"funds_query", "trades_modify"}))


def ok(answer: dict[str, Any]) -> dict[str, Any]:
    assert answer["error"] == []
    result: dict[str, Any] = answer["result"]
    return result


def test_balance_uses_each_assets_decimals(client: KrakenRestClient) -> None:
    assert ok(client.private("Balance")) == {
        "ZUSD": "171288.6158",
        "XXBT": "1011.1908877900",
        "ZEUR": "0.0000",
    }


def test_balance_ex_shows_holds_beside_balances(client: KrakenRestClient) -> None:
    order = {
        "pair": "XBTEUR",
        "type": "sell",
        "ordertype": "limit",
        "volume": "2",
        "price": "99000",
    }
    assert client.private("AddOrder", order)["error"] == []
    result = ok(client.private("BalanceEx"))
    assert result["XXBT"] == {"balance": "1011.1908877900", "hold_trade": "2.0000000000"}
    assert result["ZUSD"] == {"balance": "171288.6158", "hold_trade": "0.0000"}


def test_balances_follow_the_control_api(
    rest_mock: KrakenHarness, client: KrakenRestClient
) -> None:
    rest_mock.state.set_balances(EMAIL, {})
    assert ok(client.private("Balance")) == {}


def test_trade_balance_values_everything_in_the_asked_asset(client: KrakenRestClient) -> None:
    usd = ok(client.private("TradeBalance"))
    assert set(usd) == {"eb", "tb", "m", "uv", "n", "c", "v", "e", "mf"}
    assert all(isinstance(v, str) for v in usd.values())
    # 171288.6158 + 1011.19088779 * 68250.0 (last XBT/USD)
    assert usd["eb"] == "69185066.7074"
    assert usd["tb"] == usd["e"] == usd["mf"] == usd["eb"]
    assert usd["m"] == "0.0000"
    xbt = ok(client.private("TradeBalance", {"asset": "XBT"}))
    assert float(xbt["eb"]) == pytest.approx(69185066.7074 / 68250.0, rel=1e-8)


def test_trade_balance_counts_open_orders_as_unexecuted_value(client: KrakenRestClient) -> None:
    order = {
        "pair": "XBTUSD",
        "type": "buy",
        "ordertype": "limit",
        "volume": "0.5",
        "price": "50000",
    }
    client.private("AddOrder", order)
    assert ok(client.private("TradeBalance"))["uv"] == "25000.0000"


def test_trade_balance_unknown_asset(client: KrakenRestClient) -> None:
    assert client.private("TradeBalance", {"asset": "DOGE"}) == {"error": ["EQuery:Unknown asset"]}
