from __future__ import annotations

from decimal import Decimal

from mocks.kraken.web.portfolio import balance_rows


def test_cash_comes_first_then_crypto_by_ticker() -> None:
    rows = balance_rows(
        {
            "XXBT": Decimal("1.5"),
            "ZEUR": Decimal("10"),
            "USDT": Decimal("3"),
            "ZUSD": Decimal("20"),
            "XETH": Decimal("2"),
        }
    )
    assert [row.ticker for row in rows] == ["USD", "EUR", "BTC", "ETH", "USDT"]
    assert rows[2].name == "Bitcoin"
    assert rows[2].code == "XXBT"
    assert rows[2].amount == Decimal("1.5")


def test_an_unknown_asset_shows_its_code() -> None:
    (row,) = balance_rows({"ZZZ": Decimal("1")})
    assert (row.ticker, row.name) == ("ZZZ", "ZZZ")
