"""ccxt's unified API (its own Kraken class, from PyPI), pointed at the served mock and
otherwise unchanged: market data, orders that fill, edits, batches, history and fees."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import ccxt
import pytest

from mocks.kraken.harness import KrakenHarness
from mocks.kraken.market import PAIRS

EMAIL = "ann@example.test"
PERMISSIONS = {"funds_query", "trades_modify", "trades_close", "trades_query_open",
               "trades_query_closed", "ledger_query"}  # fmt: skip
BTC = "BTC/USD"


@pytest.fixture
def kraken(rest_mock: KrakenHarness) -> Iterator[ccxt.kraken]:
    rest_mock.user(EMAIL, balances={"ZUSD": "100000.0000", "XXBT": "1.0000000000"})
    key = rest_mock.key(EMAIL, "ccxt", PERMISSIONS)
    # ccxt paces calls by the wall clock (a second apart for Kraken): no use against a mock.
    exchange = ccxt.kraken({"apiKey": key.public, "secret": key.secret, "enableRateLimit": False})
    exchange.urls["api"]["public"] = rest_mock.url
    exchange.urls["api"]["private"] = rest_mock.url
    exchange.load_markets()
    yield exchange
    exchange.close()


def move(rest_mock: KrakenHarness, price: str) -> None:
    with rest_mock.state.lock:
        rest_mock.state.trading.move_market(PAIRS["XXBTZUSD"], Decimal(price), rest_mock.clock)


def test_market_data(kraken: ccxt.kraken, rest_mock: KrakenHarness) -> None:
    assert kraken.fetch_ticker(BTC)["last"] == 68250.0
    move(rest_mock, "70000")
    ticker = kraken.fetch_ticker(BTC)
    assert (ticker["last"], ticker["bid"], ticker["ask"]) == (70000.0, 70000.0, 70000.1)
    book = kraken.fetch_order_book(BTC, 5)
    assert book["asks"][0][0] == 70000.1
    assert book["bids"][0][0] == 70000.0
    assert len(book["asks"]) == 5
    [trade] = kraken.fetch_trades(BTC)
    assert (trade["price"], trade["side"]) == (70000.0, "buy")
    candle = kraken.fetch_ohlcv(BTC, "1m")[-1]
    assert candle[1:5] == [70000.0, 70000.0, 70000.0, 70000.0]


def test_orders_fill_and_show_up_everywhere(kraken: ccxt.kraken, rest_mock: KrakenHarness) -> None:
    resting = kraken.create_order(BTC, "limit", "buy", 0.1, 65000)
    taken = kraken.create_order(BTC, "market", "buy", 0.01)
    assert [o["id"] for o in kraken.fetch_open_orders()] == [resting["id"]]
    move(rest_mock, "64500")
    assert kraken.fetch_open_orders() == []
    closed = {o["id"]: o for o in kraken.fetch_closed_orders()}
    assert closed[resting["id"]]["status"] == "closed"
    assert closed[resting["id"]]["average"] == 65000.0
    assert closed[taken["id"]]["average"] == 68250.1
    trades = {t["order"]: t for t in kraken.fetch_my_trades(BTC)}
    assert trades[resting["id"]]["price"] == 65000.0
    assert trades[resting["id"]]["takerOrMaker"] == "maker"
    assert trades[taken["id"]]["takerOrMaker"] == "taker"
    assert trades[resting["id"]]["fee"]["cost"] == pytest.approx(6500 * 0.0025)
    balance = kraken.fetch_balance()
    assert balance["total"]["BTC"] == pytest.approx(1.11)


def test_edit_cancel_batch_and_cancel_all(kraken: ccxt.kraken) -> None:
    order = kraken.create_order(BTC, "limit", "buy", 0.01, 60000)
    kraken.edit_order(order["id"], BTC, "limit", "buy", 0.02, 61000)
    [open_order] = kraken.fetch_open_orders()
    assert (open_order["id"], open_order["amount"], open_order["price"]) == (
        order["id"], 0.02, 61000.0,
    )  # fmt: skip
    kraken.cancel_order(order["id"])
    batch = kraken.create_orders(
        [
            {"symbol": BTC, "type": "limit", "side": "buy", "amount": 0.01, "price": 50000},
            {"symbol": BTC, "type": "limit", "side": "sell", "amount": 0.01, "price": 90000},
        ]
    )
    assert sorted(o["id"] for o in batch) == sorted(o["id"] for o in kraken.fetch_open_orders())
    kraken.cancel_all_orders()
    assert kraken.fetch_open_orders() == []


def test_fees_and_errors(kraken: ccxt.kraken) -> None:
    fee = kraken.fetch_trading_fee(BTC)
    assert (fee["maker"], fee["taker"]) == (0.0025, 0.004)
    with pytest.raises(ccxt.InsufficientFunds):
        kraken.create_order(BTC, "limit", "buy", 10, 60000)
    with pytest.raises(ccxt.ExchangeError, match="EOrder:Post only order"):
        kraken.create_order(BTC, "limit", "buy", 0.01, 70000, {"postOnly": True})
    with pytest.raises(ccxt.InvalidOrder):
        kraken.cancel_order("OAAAAA-AAAAA-AAAAAA")
