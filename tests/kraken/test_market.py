from __future__ import annotations

from decimal import Decimal

import pytest

from mocks.kraken.market import ASSETS, PAIRS, find_asset, find_pair, format_amount, price_in

REQUIRED_PAIRS = {"XXBTZUSD", "XETHZUSD", "XXBTZEUR", "XETHZEUR", "USDTZUSD"}


def test_the_required_pairs_exist_with_their_assets() -> None:
    assert set(PAIRS) >= REQUIRED_PAIRS
    for pair in PAIRS.values():
        assert pair.base in ASSETS
        assert pair.quote in ASSETS
        assert pair.market.bid < pair.market.ask


@pytest.mark.parametrize("name", ["XXBTZUSD", "XBTUSD", "XBT/USD", "xbtusd"])
def test_a_pair_is_found_by_key_altname_or_wsname(name: str) -> None:
    pair = find_pair(name)
    assert pair is not None
    assert pair.key == "XXBTZUSD"


def test_unknown_names() -> None:
    assert find_pair("DOGEUSD") is None
    assert find_asset("DOGE") is None
    asset = find_asset("usd")
    assert asset is not None
    assert asset.key == "ZUSD"


def test_asset_pair_shape_is_krakens() -> None:
    info = PAIRS["XXBTZUSD"].as_kraken()
    assert info["altname"] == "XBTUSD"
    assert info["wsname"] == "XBT/USD"
    assert (info["base"], info["quote"]) == ("XXBT", "ZUSD")
    assert isinstance(info["pair_decimals"], int)
    assert isinstance(info["lot_decimals"], int)
    assert isinstance(info["ordermin"], str)
    assert isinstance(info["costmin"], str)
    assert info["fees"][0] == [0, 0.4]
    assert set(PAIRS["XXBTZUSD"].as_kraken("fees")) == {"fees", "fees_maker", "fee_volume_currency"}


def test_ticker_shape() -> None:
    ticker = PAIRS["XETHZUSD"].ticker()
    assert set(ticker) == {"a", "b", "c", "v", "p", "t", "l", "h", "o"}
    assert ticker["a"][0] == "3502.41"
    assert ticker["b"][0] == "3502.40"
    assert isinstance(ticker["t"][1], int)


def test_format_amount_rounds_down_to_the_decimals() -> None:
    assert format_amount(Decimal("1.23456789"), 4) == "1.2345"
    assert format_amount(Decimal(5), 10) == "5.0000000000"


def test_price_in_direct_inverse_and_via_usd() -> None:
    assert price_in("ZUSD", "ZUSD") == 1
    assert price_in("XXBT", "ZUSD") == PAIRS["XXBTZUSD"].market.last
    assert price_in("ZUSD", "XXBT") == 1 / PAIRS["XXBTZUSD"].market.last
    via_usd = price_in("USDT", "XXBT")
    assert via_usd is not None
    assert via_usd == PAIRS["USDTZUSD"].market.last / PAIRS["XXBTZUSD"].market.last
