"""Kraken's Funding methods driven by public clients from PyPI, unchanged but for the URL:
ccxt's unified ``fetch_deposit_address``, ``withdraw``, ``fetch_withdrawals`` and
``fetch_deposits``, and python-kraken-sdk's ``Funding`` client. Each must read the mock's
answers as Kraken's, and map its refusals to the client's own exceptions."""

from __future__ import annotations

from typing import Any

import ccxt
import httpx
import pytest
from kraken.exceptions import KrakenPermissionDeniedError, KrakenUnknownWithdrawKeyError
from kraken.spot import Funding

from mocks.kraken.harness import KrakenHarness
from mocks.kraken.state import ApiKey

EMAIL = "ann@example.test"
GUIDE = {"funds_query", "trades_query_open", "trades_query_closed", "trades_modify",
         "trades_close", "ledger_query", "websocket"}  # fmt: skip
WITH_WITHDRAW = GUIDE | {"funds_add", "funds_withdraw"}
ADDRESS = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
# python-kraken-sdk warns that these legacy Funding endpoints (the ones ccxt and the issue
# name) have a successor in beta; they remain Kraken's documented methods.
legacy_funding = pytest.mark.filterwarnings(
    "ignore:.*deprecated Kraken endpoint:DeprecationWarning"
)


@pytest.fixture
def kraken(rest_mock: KrakenHarness) -> KrakenHarness:
    rest_mock.user(EMAIL, balances={"ZUSD": "25000.0000", "XXBT": "0.5000000000"})
    saved = httpx.post(
        f"{rest_mock.url}/_mock/withdrawal-keys",
        json={"email": EMAIL, "asset": "XBT", "key": "cold storage", "address": ADDRESS},
    )
    assert saved.status_code == 201, saved.text
    return rest_mock


def _ccxt(kraken: KrakenHarness, key: ApiKey) -> Any:
    # ccxt's own throttle spaces calls seconds apart for the real exchange: not needed here.
    exchange = ccxt.kraken({"apiKey": key.public, "secret": key.secret, "enableRateLimit": False})
    exchange.urls["api"] = {"public": kraken.url, "private": kraken.url}
    return exchange


def test_ccxt_fetches_a_deposit_address(kraken: KrakenHarness) -> None:
    exchange = _ccxt(kraken, kraken.key(EMAIL, "ccxt", WITH_WITHDRAW))
    address = exchange.fetch_deposit_address("BTC")
    assert address["currency"] == "BTC"
    assert address["address"].startswith("bc1q")
    methods = exchange.fetch_deposit_methods("BTC")
    assert "Bitcoin" in [m["method"] for m in methods]
    assert exchange.fetch_deposit_address("BTC")["address"] == address["address"]


def test_ccxt_withdraws_and_lists_the_withdrawal(kraken: KrakenHarness) -> None:
    exchange = _ccxt(kraken, kraken.key(EMAIL, "ccxt", WITH_WITHDRAW))
    sent = exchange.withdraw("BTC", 0.1, ADDRESS, {"key": "cold storage"})
    assert sent["id"].startswith("F")
    [listed] = exchange.fetch_withdrawals("BTC")
    assert listed["id"] == sent["id"]
    assert listed["status"] == "pending"
    assert listed["address"] == ADDRESS
    assert listed["amount"] + listed["fee"]["cost"] == pytest.approx(0.1)
    assert exchange.fetch_balance()["BTC"]["total"] == pytest.approx(0.4)
    assert exchange.fetch_deposits("BTC") == []


def test_ccxt_reads_a_deposit(kraken: KrakenHarness) -> None:
    exchange = _ccxt(kraken, kraken.key(EMAIL, "ccxt", WITH_WITHDRAW))
    address = exchange.fetch_deposit_address("BTC")["address"]
    made = httpx.post(
        f"{kraken.url}/_mock/deposits", json={"email": EMAIL, "asset": "XBT", "amount": "0.3"}
    )
    assert made.status_code == 201, made.text
    [deposit] = exchange.fetch_deposits("BTC")
    assert (deposit["type"], deposit["status"], deposit["address"]) == ("deposit", "ok", address)
    assert deposit["amount"] == pytest.approx(0.3)
    assert exchange.fetch_balance()["BTC"]["total"] == pytest.approx(0.8)


def test_ccxt_maps_krakens_refusals(kraken: KrakenHarness) -> None:
    guide_key = _ccxt(kraken, kraken.key(EMAIL, "guide", GUIDE))
    with pytest.raises(ccxt.PermissionDenied):
        guide_key.withdraw("BTC", 0.1, ADDRESS, {"key": "cold storage"})
    withdrawer = _ccxt(kraken, kraken.key(EMAIL, "ccxt", WITH_WITHDRAW))
    with pytest.raises(ccxt.InvalidAddress):
        withdrawer.withdraw("BTC", 0.1, ADDRESS, {"key": "hot wallet"})
    with pytest.raises(ccxt.InsufficientFunds):
        withdrawer.withdraw("BTC", 5, ADDRESS, {"key": "cold storage"})


@legacy_funding
def test_python_kraken_sdk_funding_client(kraken: KrakenHarness) -> None:
    key = kraken.key(EMAIL, "sdk", WITH_WITHDRAW)
    funding = Funding(key=key.public, secret=key.secret, url=kraken.url)
    methods = funding.get_deposit_methods(asset="XBT")
    assert "Bitcoin" in [m["method"] for m in methods]
    [address] = funding.get_deposit_address(asset="XBT", method="Bitcoin")
    assert address["new"] is True
    assert [m["method"] for m in funding.withdraw_methods(asset="XBT")] == ["Bitcoin"]
    [saved] = funding.withdraw_addresses(asset="XBT")
    assert saved["key"] == "cold storage"
    info = funding.get_withdrawal_info(asset="XBT", key="cold storage", amount="0.2")
    assert info["method"] == "Bitcoin"
    refid = funding.withdraw_funds(asset="XBT", key="cold storage", amount="0.2")["refid"]
    [status] = funding.get_recent_withdraw_status(asset="XBT")
    assert (status["refid"], status["status"]) == (refid, "Pending")
    assert funding.cancel_withdraw(asset="XBT", refid=refid) is True
    assert funding.get_recent_deposits_status(asset="XBT") == []
    with pytest.raises(KrakenUnknownWithdrawKeyError):
        funding.withdraw_funds(asset="XBT", key="nobody", amount="0.2")


@legacy_funding
def test_python_kraken_sdk_with_a_guide_key_cannot_withdraw(kraken: KrakenHarness) -> None:
    key = kraken.key(EMAIL, "guide", GUIDE)
    funding = Funding(key=key.public, secret=key.secret, url=kraken.url)
    with pytest.raises(KrakenPermissionDeniedError):
        funding.withdraw_funds(asset="XBT", key="cold storage", amount="0.2")
