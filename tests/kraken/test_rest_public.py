from __future__ import annotations

from typing import Any

import pytest

from mocks.kraken.harness import KrakenHarness


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
