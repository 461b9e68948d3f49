from __future__ import annotations

import pytest

from mocks.altrady.kraken_client import KrakenError, KrakenUnavailableError
from mocks.altrady.kraken_messages import (
    ErrorKind,
    kind_of,
    trader_message,
    unavailable_message,
)


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        ("EAPI:Rate limit exceeded", ErrorKind.RATE_LIMIT),
        ("EOrder:Rate limit exceeded", ErrorKind.TRADE_LIMIT),
        ("EGeneral:Temporary lockout", ErrorKind.RATE_LIMIT),
        ("EAPI:Invalid key", ErrorKind.KEY_PROBLEM),
        ("EAPI:Invalid signature", ErrorKind.KEY_PROBLEM),
        ("EGeneral:Permission denied", ErrorKind.KEY_PROBLEM),
        ("EAPI:Invalid nonce", ErrorKind.NONCE),
        ("EService:Unavailable", ErrorKind.SERVICE),
        ("EService:Busy", ErrorKind.SERVICE),
        ("EOrder:Insufficient funds", ErrorKind.OTHER),
        ("EGeneral:Invalid arguments:volume", ErrorKind.OTHER),
    ],
)
def test_kinds(error: str, kind: ErrorKind) -> None:
    assert kind_of(KrakenError([error])) is kind


def test_the_code_drops_the_detail() -> None:
    assert KrakenError(["EGeneral:Invalid arguments:volume"]).code == "EGeneral:Invalid arguments"
    assert KrakenError(["EAPI:Invalid key"]).code == "EAPI:Invalid key"
    assert KrakenError(["Odd"]).code == "Odd"


@pytest.mark.parametrize(
    ("error", "words"),
    [
        ("EAPI:Invalid key", "Kraken does not recognise this API key"),
        ("EAPI:Invalid signature", "The private key does not belong to this API key"),
        ("EGeneral:Permission denied", "Kraken refused Altrady's address"),
        ("EAPI:Invalid nonce", "set Custom Nonce Window to 5000"),
        ("EOrder:Rate limit exceeded", "rate limit"),
        ("EService:Busy", "Kraken is busy"),
        ("EGeneral:Invalid arguments:volume", "(EGeneral:Invalid arguments:volume)"),
    ],
)
def test_trader_words(error: str, words: str) -> None:
    assert words in trader_message(KrakenError([error]))


def test_unavailable_message_starts_as_the_contract_says() -> None:
    message = unavailable_message(KrakenUnavailableError("Kraken answered HTTP 502"))
    assert message.startswith("Kraken did not answer")
    assert "HTTP 502" in message
