from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from mocks.kraken.harness import KrakenHarness
from mocks.kraken.market import PAIRS


def result(rest_mock: KrakenHarness, method: str, **params: str) -> dict[str, Any]:
    answer = rest_mock.client().public(method, params)
    assert answer["error"] == []
    payload: dict[str, Any] = answer["result"]
    return payload


def test_time_follows_the_mock_clock(rest_mock: KrakenHarness) -> None:
    assert result(rest_mock, "Time") == {
        "unixtime": 1_800_000_000,
        "rfc1123": "Fri, 15 Jan 27 08:00:00 +0000",
    }
    rest_mock.clock.advance(61)
    assert result(rest_mock, "Time")["unixtime"] == 1_800_000_061


def test_system_status(rest_mock: KrakenHarness) -> None:
    assert result(rest_mock, "SystemStatus") == {
        "status": "online",
        "timestamp": "2027-01-15T08:00:00Z",
    }


def test_assets_all_and_filtered(rest_mock: KrakenHarness) -> None:
    assets = result(rest_mock, "Assets")
    assert {"XXBT", "XETH", "ZUSD", "ZEUR", "USDT"} <= set(assets)
    assert assets["ZUSD"] == {
        "aclass": "currency",
        "altname": "USD",
        "decimals": 4,
        "display_decimals": 2,
        "status": "enabled",
    }
    assert list(result(rest_mock, "Assets", asset="XBT,ZEUR")) == ["XXBT", "ZEUR"]
    assert rest_mock.client().public("Assets", {"asset": "DOGE"})["error"] == [
        "EQuery:Unknown asset"
    ]


def test_asset_pairs(rest_mock: KrakenHarness) -> None:
    pairs = result(rest_mock, "AssetPairs")
    assert {"XXBTZUSD", "XETHZUSD", "XXBTZEUR", "XETHZEUR", "USDTZUSD"} <= set(pairs)
    one = result(rest_mock, "AssetPairs", pair="XBT/USD")
    assert list(one) == ["XXBTZUSD"]
    fees = result(rest_mock, "AssetPairs", pair="ETHEUR", info="fees")
    assert set(fees["XETHZEUR"]) == {"fees", "fees_maker", "fee_volume_currency"}


@pytest.mark.parametrize(
    ("method", "params", "error"),
    [
        ("AssetPairs", {"pair": "XBTUSD,NOPE"}, "EQuery:Unknown asset pair"),
        ("AssetPairs", {"info": "everything"}, "EGeneral:Invalid arguments:info"),
        ("Ticker", {"pair": "DOGEUSD"}, "EQuery:Unknown asset pair"),
        ("Assets", {"aclass": "forex"}, "EGeneral:Invalid arguments:aclass"),
    ],
)
def test_bad_public_arguments(
    rest_mock: KrakenHarness, method: str, params: dict[str, str], error: str
) -> None:
    assert rest_mock.client().public(method, params) == {"error": [error]}


def test_ticker_filter_and_all(rest_mock: KrakenHarness) -> None:
    assert list(result(rest_mock, "Ticker", pair="XBTUSD,ETHUSD")) == ["XXBTZUSD", "XETHZUSD"]
    every = result(rest_mock, "Ticker")
    assert "USDTZUSD" in every
    assert every["XXBTZUSD"]["a"][0] == "68250.1"


# the market data, live


def move(rest_mock: KrakenHarness, pair: str, price: str) -> None:
    with rest_mock.state.lock:
        rest_mock.state.trading.move_market(PAIRS[pair], Decimal(price), rest_mock.clock)


@pytest.mark.parametrize("verb", ["GET", "POST"])
def test_depth_is_the_quote_a_tick_apart(rest_mock: KrakenHarness, verb: str) -> None:
    params = {"pair": "XBTUSD", "count": "3"}
    answer = rest_mock.client().public("Depth", params, http_method=verb)
    book = answer["result"]["XXBTZUSD"]
    assert [level[0] for level in book["asks"]] == ["68250.1", "68250.2", "68250.3"]
    assert [level[0] for level in book["bids"]] == ["68250.0", "68249.9", "68249.8"]
    assert all(isinstance(level[1], str) and isinstance(level[2], int) for level in book["asks"])
    move(rest_mock, "XXBTZUSD", "70000")
    moved = result(rest_mock, "Depth", pair="XBTUSD", count="1")["XXBTZUSD"]
    assert [level[0::2] for level in moved["asks"]] == [["70000.1", 1_800_000_000]]
    assert [level[0::2] for level in moved["bids"]] == [["70000.0", 1_800_000_000]]
    # Volumes at XBTUSD's lot decimals, the same at a level whatever its price.
    assert moved["asks"][0][1] == book["asks"][0][1]
    assert re.fullmatch(r"\d+\.\d{8}", moved["asks"][0][1])


def test_trades_ohlc_and_spread_follow_the_moves(rest_mock: KrakenHarness) -> None:
    assert result(rest_mock, "Trades", pair="XBTUSD") == {"XXBTZUSD": [], "last": "0"}
    move(rest_mock, "XXBTZUSD", "69000")
    rest_mock.clock.advance(60)
    move(rest_mock, "XXBTZUSD", "70000.5")
    trades = result(rest_mock, "Trades", pair="XBTUSD")
    assert trades["XXBTZUSD"] == [
        ["69000.0", "0.00050000", 1_800_000_000.0, "b", "m", "", 1],
        ["70000.5", "0.00050000", 1_800_000_060.0, "b", "m", "", 2],
    ]
    assert trades["last"] == "1800000060000000000"
    later = result(rest_mock, "Trades", pair="XBTUSD", since=trades["last"])
    assert later["XXBTZUSD"] == []
    candles = result(rest_mock, "OHLC", pair="XBTUSD", interval="1")
    assert [c[0] for c in candles["XXBTZUSD"]] == [1_800_000_000, 1_800_000_060]
    assert candles["XXBTZUSD"][1][1:5] == ["70000.5", "70000.5", "70000.5", "70000.5"]
    assert candles["last"] == 1_800_000_000
    spread = result(rest_mock, "Spread", pair="XBTUSD")
    assert spread["XXBTZUSD"] == [
        [1_800_000_000, "69000.0", "69000.1"],
        [1_800_000_060, "70000.5", "70000.6"],
    ]
    ticker = result(rest_mock, "Ticker", pair="XBTUSD")["XXBTZUSD"]
    assert (ticker["c"][0], ticker["h"][0]) == ("70000.5", "70000.5")


@pytest.mark.parametrize(
    ("method", "params", "error"),
    [
        ("Depth", {}, "EGeneral:Invalid arguments:pair"),
        ("Depth", {"pair": "DOGEUSD"}, "EQuery:Unknown asset pair"),
        ("Depth", {"pair": "XBTUSD,ETHUSD"}, "EQuery:Unknown asset pair"),
        ("Depth", {"pair": "XBTUSD", "count": "0"}, "EGeneral:Invalid arguments:count"),
        ("Depth", {"pair": "XBTUSD", "count": "x"}, "EGeneral:Invalid arguments:count"),
        ("OHLC", {"pair": "XBTUSD", "interval": "7"}, "EGeneral:Invalid arguments:interval"),
        ("OHLC", {"pair": "XBTUSD", "since": "soon"}, "EGeneral:Invalid arguments:since"),
        ("Trades", {"pair": "XBTUSD", "count": "1001"}, "EGeneral:Invalid arguments:count"),
        ("Spread", {"pair": ""}, "EGeneral:Invalid arguments:pair"),
    ],
)
def test_bad_market_data_arguments(
    rest_mock: KrakenHarness, method: str, params: dict[str, str], error: str
) -> None:
    assert rest_mock.client().public(method, params) == {"error": [error]}


@pytest.mark.parametrize("method", ["Ticker", "Depth", "OHLC", "Trades", "Spread", "AssetPairs"])
def test_every_market_method_answers_get_and_post_alike(
    rest_mock: KrakenHarness, method: str
) -> None:
    client = rest_mock.client()
    params = {"pair": "XBTUSD"}
    by_get = client.public(method, params)
    assert by_get["error"] == []
    assert client.public(method, params, http_method="POST") == by_get
