"""Who takes, who is reached, what triggers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mocks.kraken.market import PAIRS
from mocks.kraken.matching import is_triggered, reached, takes, touch
from mocks.kraken.orders import OrderRequest

QUOTE = PAIRS["XXBTZUSD"].market  # bid 68250.0, ask 68250.1
D = Decimal


def test_takers_trade_at_the_touch() -> None:
    assert (touch("buy", QUOTE), touch("sell", QUOTE)) == (D("68250.1"), D("68250.0"))
    assert takes("buy", None, QUOTE)
    assert takes("buy", D("68250.1"), QUOTE)
    assert not takes("buy", D("68250.0"), QUOTE)
    assert takes("sell", D("68250.0"), QUOTE)
    assert not takes("sell", D("68250.1"), QUOTE)


def test_a_resting_limit_is_reached_at_or_through_its_price() -> None:
    assert reached("buy", D(100), D(100))
    assert reached("buy", D(100), D(99))
    assert not reached("buy", D(100), D(101))
    assert reached("sell", D(100), D(101))
    assert not reached("sell", D(100), D(99))


@pytest.mark.parametrize(
    ("ordertype", "side", "fires_at", "not_at"),
    [
        ("stop-loss", "sell", "99", "101"),
        ("stop-loss", "buy", "101", "99"),
        ("take-profit", "sell", "101", "99"),
        ("take-profit", "buy", "99", "101"),
        ("stop-loss-limit", "sell", "100", "100.1"),
        ("take-profit-limit", "buy", "100", "100.1"),
    ],
)
def test_triggers(ordertype: str, side: str, fires_at: str, not_at: str) -> None:
    request = OrderRequest(PAIRS["XXBTZUSD"], side, ordertype, D(1), D(100))  # type: ignore[arg-type]
    assert is_triggered(request, D(fires_at))
    assert not is_triggered(request, D(not_at))


def test_plain_orders_never_trigger() -> None:
    request = OrderRequest(PAIRS["XXBTZUSD"], "buy", "limit", D(1), D(100))
    assert not is_triggered(request, D(1))
