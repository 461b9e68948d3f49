"""TradeVolume: the 30-day volume and the fee tiers the fills pay."""

from __future__ import annotations

from mocks.kraken.harness import KrakenHarness

EMAIL = "ann@example.test"


def test_trade_volume_reports_the_tiers_the_fills_use(rest_mock: KrakenHarness) -> None:
    rest_mock.user(EMAIL, balances={"ZUSD": "1000000"})
    client = rest_mock.client(rest_mock.key(EMAIL, "bot", {"funds_query", "trades_modify"}))
    assert client.private("TradeVolume") == {
        "error": [],
        "result": {"currency": "ZUSD", "volume": "0.0000"},
    }
    buy = {"pair": "XBTUSD", "type": "buy", "ordertype": "market", "volume": "0.2"}
    assert client.private("AddOrder", buy)["error"] == []
    answer = client.private("TradeVolume", {"pair": "XBTUSD,ETHUSD"})["result"]
    assert answer["volume"] == "13650.0200"  # 0.2 at the ask, 68250.1
    assert answer["fees"]["XBTUSD"] == {
        "fee": "0.3500",
        "minfee": "0.1000",
        "maxfee": "0.4000",
        "nextfee": "0.2400",
        "tiervolume": "10000.0000",
        "nextvolume": "50000.0000",
    }
    assert answer["fees_maker"]["ETHUSD"]["fee"] == "0.2000"
    assert client.private("TradeVolume", {"pair": "DOGEUSD"}) == {
        "error": ["EQuery:Unknown asset pair"]
    }
