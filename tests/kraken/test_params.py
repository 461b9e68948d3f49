from __future__ import annotations

from decimal import Decimal

import pytest

from mocks.kraken.params import (
    optional_bool,
    optional_decimal,
    optional_int,
    parse_body,
    parse_query,
)
from mocks.kraken_facts.errors import KrakenError

FORM = "application/x-www-form-urlencoded; charset=utf-8"


def test_form_bodies_keep_blank_values() -> None:
    assert parse_body(FORM, b"nonce=1&pair=XBTUSD&userref=") == {
        "nonce": "1",
        "pair": "XBTUSD",
        "userref": "",
    }


def test_json_values_become_strings() -> None:
    body = b'{"nonce": 5, "validate": true, "volume": 1.25, "txid": ["A", "B"], "x": null}'
    assert parse_body("application/json", body) == {
        "nonce": "5",
        "validate": "true",
        "volume": "1.25",
        "txid": "A,B",
        "x": "",
    }


def test_an_empty_body_has_no_parameters_whatever_its_type() -> None:
    assert parse_body("", b"") == {}
    assert parse_body("text/plain", b"  ") == {}


@pytest.mark.parametrize(
    ("content_type", "body", "error"),
    [
        ("application/json", b"{not json", "EGeneral:Invalid arguments"),
        ("application/json", b"[1, 2]", "EGeneral:Invalid arguments"),
        ("application/json", b"\xff\xfe", "EGeneral:Invalid arguments"),
        ("application/json", b"[" * 100_000 + b"]" * 100_000, "EGeneral:Invalid arguments"),
        ("application/json", b'{"orders": {"a": 1}}', "EGeneral:Invalid arguments:orders"),
        (FORM, b"nonce=\xff", "EGeneral:Invalid arguments"),
        ("text/plain", b"nonce=1", "EGeneral:Invalid arguments"),
        ("", b"nonce=1", "EGeneral:Invalid arguments"),
    ],
)
def test_unreadable_bodies(content_type: str, body: bytes, error: str) -> None:
    with pytest.raises(KrakenError) as caught:
        parse_body(content_type, body)
    assert caught.value.message == error


def test_query_strings() -> None:
    assert parse_query(b"pair=XBTUSD,ETHUSD&info=fees") == {"pair": "XBTUSD,ETHUSD", "info": "fees"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("True", True), ("1", True), ("false", False), ("False", False), ("", False)],
)
def test_optional_bool(raw: str, expected: bool) -> None:
    assert optional_bool({"validate": raw}, "validate") is expected


def test_optional_bool_refuses_nonsense_and_defaults_when_absent() -> None:
    assert optional_bool({}, "trades", default=True) is True
    with pytest.raises(KrakenError, match="EGeneral:Invalid arguments:trades"):
        optional_bool({"trades": "maybe"}, "trades")


def test_optional_int_and_decimal() -> None:
    assert optional_int({"userref": " 42 "}, "userref") == 42
    assert optional_int({}, "userref") is None
    with pytest.raises(KrakenError, match="EGeneral:Invalid arguments:userref"):
        optional_int({"userref": "4.2"}, "userref")
    assert optional_decimal({"volume": "1.25"}, "volume") == Decimal("1.25")
    for bad in ("abc", "NaN", "Infinity"):
        with pytest.raises(KrakenError, match="EGeneral:Invalid arguments:volume"):
            optional_decimal({"volume": bad}, "volume")
