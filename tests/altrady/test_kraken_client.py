from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator
from urllib.parse import parse_qsl

import httpx
import pytest
import respx

from mocks.altrady.kraken_client import (
    Credentials,
    KrakenClient,
    KrakenError,
    KrakenUnavailableError,
)
from mocks.altrady.nonces import NonceSource
from mocks.clock import Clock
from mocks.kraken_facts.signing import sign
from tests.altrady.kraken_double import KRAKEN_URL, WHITELIST, KrakenDouble

pytestmark = pytest.mark.anyio

# Kraken's published test vector (docs: "Authentication").
VECTOR_SECRET = (
    "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg=="
)
VECTOR_BODY = "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25"
VECTOR_SIGNATURE = (
    "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ=="
)


@pytest.fixture
async def bare_client(clock: Clock) -> AsyncIterator[KrakenClient]:
    """A client with no Kraken double behind it: each test mocks its own answer."""
    client = KrakenClient(KRAKEN_URL, WHITELIST, NonceSource(clock))
    yield client
    await client.aclose()


def test_prepare_signs_krakens_published_vector() -> None:
    client = KrakenClient(KRAKEN_URL, WHITELIST, NonceSource(Clock.frozen_at(1616492376.594)))
    order: dict[str, str | int] = {"ordertype": "limit", "pair": "XBTUSD", "price": 37500}
    call = client.prepare(
        Credentials("PUBLIC", VECTOR_SECRET), "AddOrder", {**order, "type": "buy", "volume": "1.25"}
    )
    assert call.body == VECTOR_BODY
    assert call.headers["API-Sign"] == VECTOR_SIGNATURE


def test_prepare_refuses_a_private_key_that_is_not_base64(clock: Clock) -> None:
    client = KrakenClient(KRAKEN_URL, WHITELIST, NonceSource(clock))
    with pytest.raises(ValueError, match="not base64"):
        client.prepare(Credentials("PUBLIC", "not base64!"), "Balance")


def test_credentials_keep_the_private_key_out_of_repr() -> None:
    assert VECTOR_SECRET not in repr(Credentials("PUBLIC", VECTOR_SECRET))


async def test_prepare_puts_the_nonce_first_and_signs_the_exact_body(clock: Clock) -> None:
    client = KrakenClient(KRAKEN_URL, WHITELIST, NonceSource(clock))
    call = client.prepare(
        Credentials("PUBLIC", VECTOR_SECRET), "AddOrder", {"pair": "XBTUSD", "volume": "1.25"}
    )
    assert call.body == f"nonce={call.nonce}&pair=XBTUSD&volume=1.25"
    assert call.path == "/0/private/AddOrder"
    assert call.headers["API-Key"] == "PUBLIC"
    expected = sign(VECTOR_SECRET, call.path, str(call.nonce), call.body.encode())
    assert call.headers["API-Sign"] == expected
    assert VECTOR_SECRET not in repr(call)
    await client.aclose()


async def test_a_signed_call_returns_krakens_result(
    kraken: KrakenDouble, client: KrakenClient
) -> None:
    key = kraken.add_key()
    assert await client.call(key.credentials, "Balance") == kraken.balances
    assert [call.error for call in kraken.calls] == [None]


async def test_krakens_refusal_is_a_kraken_error_with_its_code(
    kraken: KrakenDouble, client: KrakenClient
) -> None:
    key = kraken.add_key()
    kraken.script(key, "Balance", "EGeneral:Invalid arguments:asset")
    with pytest.raises(KrakenError) as refused:
        await client.call(key.credentials, "Balance")
    assert refused.value.errors == ("EGeneral:Invalid arguments:asset",)
    assert refused.value.code == "EGeneral:Invalid arguments"


async def test_a_wrong_private_key_fails_krakens_signature_check(
    kraken: KrakenDouble, client: KrakenClient
) -> None:
    key = kraken.add_key()
    other_secret = base64.b64encode(b"x" * 64).decode()
    with pytest.raises(KrakenError, match="EAPI:Invalid signature"):
        await client.call(Credentials(key.api_key, other_secret), "Balance")


async def test_concurrent_calls_carry_distinct_increasing_nonces(
    kraken: KrakenDouble, client: KrakenClient
) -> None:
    key = kraken.add_key(nonce_window=5000)
    await asyncio.gather(*(client.call(key.credentials, "Balance") for _ in range(40)))
    nonces = sorted(call.nonce for call in kraken.calls)
    assert nonces == list(range(nonces[0], nonces[0] + 40))
    assert all(call.error is None for call in kraken.calls)


async def test_out_of_order_arrival_needs_the_nonce_window(
    kraken: KrakenDouble, client: KrakenClient
) -> None:
    strict = kraken.add_key(nonce_window=0)
    earlier = client.prepare(strict.credentials, "Balance")
    later = client.prepare(strict.credentials, "Balance")
    await client.send(later)
    with pytest.raises(KrakenError, match="EAPI:Invalid nonce"):
        await client.send(earlier)

    tolerant = kraken.add_key(nonce_window=5000)
    earlier = client.prepare(tolerant.credentials, "Balance")
    later = client.prepare(tolerant.credentials, "Balance")
    await client.send(later)
    assert await client.send(earlier) == kraken.balances


async def test_calls_take_the_egress_addresses_in_turn(clock: Clock) -> None:
    client = KrakenClient(KRAKEN_URL, WHITELIST, NonceSource(clock))
    used = [client._next_address() for _ in range(6)]
    assert used == [*WHITELIST, *WHITELIST]
    with pytest.raises(ValueError, match="not one of Altrady's egress addresses"):
        client._client("10.0.0.1")
    await client.aclose()


async def test_a_client_needs_an_egress_address(clock: Clock) -> None:
    with pytest.raises(ValueError, match="at least one egress address"):
        KrakenClient(KRAKEN_URL, (), NonceSource(clock))


@pytest.mark.parametrize(
    ("response", "reason"),
    [
        (httpx.Response(503, text="upstream down"), "HTTP 503"),
        (httpx.Response(200, text="<html>"), "not JSON"),
        (httpx.Response(200, json=["a list"]), "unexpected shape"),
        (httpx.Response(200, json={"error": []}), "no result"),
    ],
)
async def test_answers_that_are_not_krakens_envelope_mean_unavailable(
    bare_client: KrakenClient, response: httpx.Response, reason: str
) -> None:
    with respx.mock(base_url=KRAKEN_URL) as router:
        router.post("/0/private/Balance").mock(return_value=response)
        with pytest.raises(KrakenUnavailableError, match=reason):
            await bare_client.call(Credentials("PUBLIC", VECTOR_SECRET), "Balance")


async def test_warnings_alone_do_not_refuse(bare_client: KrakenClient) -> None:
    with respx.mock(base_url=KRAKEN_URL) as router:
        router.post("/0/private/Balance").mock(
            return_value=httpx.Response(200, json={"error": ["WGeneral:Notice"], "result": {}})
        )
        answer = await bare_client.call(Credentials("PUBLIC", VECTOR_SECRET), "Balance")
        assert answer == {}


async def test_no_connection_means_unavailable(kraken: KrakenDouble, client: KrakenClient) -> None:
    kraken.down = True
    with pytest.raises(KrakenUnavailableError, match="could not be reached"):
        await client.call(kraken.add_key().credentials, "Balance")
    with pytest.raises(KrakenUnavailableError, match="could not be reached"):
        await client.public("Ticker", {"pair": "XBTUSD"})


async def test_a_timeout_means_unavailable(bare_client: KrakenClient) -> None:
    with respx.mock(base_url=KRAKEN_URL) as router:
        router.post("/0/private/Balance").mock(side_effect=httpx.ReadTimeout("slow"))
        with pytest.raises(KrakenUnavailableError, match="too long"):
            await bare_client.call(Credentials("PUBLIC", VECTOR_SECRET), "Balance")


async def test_public_calls_carry_their_query(kraken: KrakenDouble, client: KrakenClient) -> None:
    ticker = await client.public("Ticker", {"pair": "XBTUSD"})
    assert ticker["XXBTZUSD"]["c"][0] == "68250.0"
    with pytest.raises(KrakenError, match="Unknown asset pair"):
        await client.public("Ticker", {"pair": "NOPE"})


async def test_the_body_sent_is_the_body_signed(kraken: KrakenDouble, client: KrakenClient) -> None:
    key = kraken.add_key()
    await client.call(key.credentials, "AddOrder", {"pair": "XBTUSD", "price": "1.5"})
    (seen,) = kraken.calls
    assert seen.error is None
    assert dict(parse_qsl(f"nonce={seen.nonce}&pair=XBTUSD&price=1.5")) == seen.params
