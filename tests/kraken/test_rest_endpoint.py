"""Malformed and unexpected requests get Kraken's envelope, never a 500."""

from __future__ import annotations

import pytest

from mocks.kraken.harness import KrakenHarness
from mocks.kraken.rest import public
from mocks.kraken_facts.client import KrakenRestClient
from mocks.kraken_facts.signing import sign

EMAIL = "ann@example.test"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def kraken(rest_mock: KrakenHarness) -> KrakenHarness:
    rest_mock.user(EMAIL, balances={"ZUSD": "10"})
    return rest_mock


@pytest.fixture
def signed(kraken: KrakenHarness) -> tuple[KrakenRestClient, str, str]:
    key = kraken.key(EMAIL, "k", {"funds_query"})
    return kraken.client(key), key.public, key.secret


def post(
    client: KrakenRestClient, path: str, body: bytes, headers: dict[str, str]
) -> tuple[int, list[str]]:
    response = client.raw("POST", path, content=body, headers=headers)
    assert response.headers["content-type"] == "application/json"
    return response.status_code, response.json()["error"]


def signed_headers(key: str, secret: str, path: str, nonce: str, body: bytes, **extra: str):  # type: ignore[no-untyped-def]
    return {"API-Key": key, "API-Sign": sign(secret, path, nonce, body), **extra}


def test_unknown_methods(kraken: KrakenHarness) -> None:
    client = kraken.client()
    assert client.public("Nope")["error"] == ["EGeneral:Unknown method"]
    assert client.private("Nope")["error"] == ["EGeneral:Unknown method"]
    assert client.public("Balance")["error"] == ["EGeneral:Unknown method"]  # private name
    for path in ("/0/", "/0/private/", "/0/elsewhere/Time", "/0/public/Time/extra"):
        response = client.raw("GET", path)
        assert (response.status_code, response.json()) == (
            200,
            {"error": ["EGeneral:Unknown method"]},
        )


@pytest.mark.parametrize("verb", ["GET", "PUT", "DELETE", "PATCH"])
def test_private_methods_want_post(kraken: KrakenHarness, verb: str) -> None:
    response = kraken.client().raw(verb, "/0/private/Balance")
    assert (response.status_code, response.json()) == (200, {"error": ["EAPI:Bad request"]})


def test_public_methods_take_get_or_post(kraken: KrakenHarness) -> None:
    client = kraken.client()
    assert client.public("Time")["error"] == []
    assert client.public("Time", http_method="POST")["error"] == []
    posted = client.raw(
        "POST", "/0/public/Ticker", content=b"pair=XBTUSD", headers={"Content-Type": FORM}
    ).json()
    assert list(posted["result"]) == ["XXBTZUSD"]
    assert client.raw("PUT", "/0/public/Time").json() == {"error": ["EAPI:Bad request"]}


def test_an_oversized_body_is_refused_unread(
    kraken: KrakenHarness, signed: tuple[KrakenRestClient, str, str]
) -> None:
    client, key, secret = signed
    kraken.configure(max_body_bytes=100)
    body = b"nonce=1&pad=" + b"x" * 200
    headers = signed_headers(key, secret, "/0/private/Balance", "1", body, **{"Content-Type": FORM})
    assert post(client, "/0/private/Balance", body, headers) == (
        200,
        ["EGeneral:Invalid arguments"],
    )


def test_an_oversized_public_body(kraken: KrakenHarness) -> None:
    kraken.configure(max_body_bytes=10)
    client = kraken.client()
    response = client.raw(
        "POST", "/0/public/Time", content=b"x=" + b"1" * 50, headers={"Content-Type": FORM}
    )
    assert response.json() == {"error": ["EGeneral:Invalid arguments"]}


def test_an_unknown_key_is_checked_before_the_body(kraken: KrakenHarness) -> None:
    kraken.configure(max_body_bytes=10)
    response = kraken.client().raw(
        "POST", "/0/private/Balance", content=b"x" * 50, headers={"API-Key": "nope"}
    )
    assert response.json() == {"error": ["EAPI:Invalid key"]}


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/json", b"{nonce: 1"),
        ("application/json", b'"just a string"'),
        ("application/json", b'{"nonce": 1, "x": {"nested": true}}'),
        ("text/plain", b"nonce=1"),
        ("", b"nonce=1"),
        (FORM, b"nonce=1&x=\xff\xfe"),
    ],
)
def test_unreadable_bodies_are_invalid_arguments(
    signed: tuple[KrakenRestClient, str, str], content_type: str, body: bytes
) -> None:
    client, key, secret = signed
    headers = signed_headers(key, secret, "/0/private/Balance", "1", body)
    if content_type:
        headers["Content-Type"] = content_type
    status, error = post(client, "/0/private/Balance", body, headers)
    assert status == 200
    assert error[0].startswith("EGeneral:Invalid arguments")


def test_missing_signature_header_and_empty_body(signed: tuple[KrakenRestClient, str, str]) -> None:
    client, key, _ = signed
    assert post(client, "/0/private/Balance", b"", {"API-Key": key}) == (
        200,
        ["EAPI:Invalid nonce"],
    )
    assert post(
        client, "/0/private/Balance", b"nonce=9", {"API-Key": key, "Content-Type": FORM}
    ) == (200, ["EAPI:Invalid signature"])


def test_a_signed_query_string_is_part_of_the_path(
    signed: tuple[KrakenRestClient, str, str],
) -> None:
    client, key, secret = signed
    body = b"nonce=3"
    good = signed_headers(
        key, secret, "/0/private/Balance?x=1", "3", body, **{"Content-Type": FORM}
    )
    assert post(client, "/0/private/Balance?x=1", body, good) == (200, [])
    bad = signed_headers(
        key, secret, "/0/private/Balance", "4", b"nonce=4", **{"Content-Type": FORM}
    )
    assert post(client, "/0/private/Balance?x=1", b"nonce=4", bad) == (
        200,
        ["EAPI:Invalid signature"],
    )


def test_a_json_body_with_a_string_nonce(signed: tuple[KrakenRestClient, str, str]) -> None:
    client, key, secret = signed
    body = b'{"nonce": "12"}'
    headers = signed_headers(key, secret, "/0/private/Balance", "12", body)
    headers["Content-Type"] = "application/json; charset=utf-8"
    assert post(client, "/0/private/Balance", body, headers) == (200, [])


def test_a_bug_in_a_handler_answers_an_envelope_not_a_500(
    kraken: KrakenHarness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(_: object) -> dict[str, object]:
        raise RuntimeError("boom")

    monkeypatch.setitem(public.PUBLIC_METHODS, "Time", broken)
    response = kraken.client().raw("GET", "/0/public/Time")
    assert (response.status_code, response.json()) == (200, {"error": ["EGeneral:Internal error"]})
    assert "boom" not in response.text
    assert "RuntimeError: boom" in caplog.text


def test_every_call_is_journaled_without_secrets(
    kraken: KrakenHarness, signed: tuple[KrakenRestClient, str, str]
) -> None:
    client, _, secret = signed
    client.private("Balance", nonce=41)
    client.private("Balance", nonce=41)
    client.public("Time")
    entries = [e.as_json() for e in kraken.state.journal.entries()]
    assert [(e["endpoint"], e["outcome"], e["error"], e["nonce"]) for e in entries] == [
        ("Balance", "ok", None, 41),
        ("Balance", "error", "EAPI:Invalid nonce", 41),
        ("Time", "ok", None, None),
    ]
    assert entries[0]["key_name"] == "k"
    assert entries[0]["path"] == "/0/private/Balance"
    assert entries[0]["method"] == "POST"
    assert entries[0]["source_ip"] == "127.0.0.1"
    assert entries[0]["time"] == kraken.clock.now()
    assert secret not in repr(entries)
