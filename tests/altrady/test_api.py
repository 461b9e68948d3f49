"""The Altrady JSON API as the pages see it: ASGI in-process, Kraken behind respx."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from mocks.altrady.app import create_app
from mocks.altrady.service import AltradyService
from mocks.altrady.settings import MAX_KEYS_MESSAGE, AltradySettings
from mocks.clock import Clock
from tests.altrady.conftest import RecordingSleeper
from tests.altrady.kraken_double import DoubleKey, KrakenDouble

pytestmark = pytest.mark.anyio

EMAIL, PASSWORD = "ann@example.test", "correct horse"


@pytest.fixture
async def app(
    settings: AltradySettings, clock: Clock, sleeper: RecordingSleeper, kraken: KrakenDouble
) -> AsyncIterator[Starlette]:
    application = create_app(settings, clock=clock, sleeper=sleeper)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def http(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://altrady.test") as client:
        yield client


@pytest.fixture
async def logged_in(app: Starlette, http: httpx.AsyncClient) -> httpx.AsyncClient:
    _service(app).register(EMAIL, PASSWORD)
    answer = await http.post("/api/session", json={"email": EMAIL, "password": PASSWORD})
    assert answer.status_code == 200
    return http


def _service(app: Starlette) -> AltradyService:
    service: AltradyService = app.state.altrady
    return service


def _keys(*keys: DoubleKey) -> list[dict[str, str]]:
    return [{"api_key": key.api_key, "private_key": key.secret} for key in keys]


async def _connect(http: httpx.AsyncClient, *keys: DoubleKey) -> dict[str, Any]:
    answer = await http.post("/api/accounts", json={"exchange": "kraken", "keys": _keys(*keys)})
    assert answer.status_code == 201, answer.text
    account: dict[str, Any] = answer.json()["account"]
    return account


PROTECTED = [
    ("GET", "/api/exchanges"),
    ("GET", "/api/exchanges/kraken/whitelist"),
    ("GET", "/api/accounts"),
    ("POST", "/api/accounts"),
    ("GET", "/api/accounts/acc_1"),
    ("DELETE", "/api/accounts/acc_1"),
    ("POST", "/api/accounts/acc_1/keys"),
    ("DELETE", "/api/accounts/acc_1/keys/key_1"),
    ("POST", "/api/accounts/acc_1/resync"),
    ("POST", "/api/accounts/acc_1/grid-bot"),
]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
async def test_every_route_but_log_in_needs_a_session(
    http: httpx.AsyncClient, method: str, path: str
) -> None:
    answer = await http.request(method, path, json={})
    assert (answer.status_code, answer.json()) == (401, {"error": "Log in first."})


async def test_log_in_and_out(app: Starlette, http: httpx.AsyncClient) -> None:
    _service(app).register(EMAIL, PASSWORD)
    wrong = await http.post("/api/session", json={"email": EMAIL, "password": "nope"})
    assert (wrong.status_code, wrong.json()) == (401, {"error": "Incorrect email or password."})
    right = await http.post("/api/session", json={"email": EMAIL.upper(), "password": PASSWORD})
    assert (right.status_code, right.json()) == (200, {"email": EMAIL})
    assert "altrady_session" in http.cookies
    assert (await http.get("/api/accounts")).status_code == 200
    assert (await http.delete("/api/session")).status_code == 204
    assert (await http.get("/api/accounts")).status_code == 401


async def test_a_session_of_a_user_since_removed_is_no_session(
    app: Starlette, logged_in: httpx.AsyncClient
) -> None:
    _service(app).reset()
    assert (await logged_in.get("/api/accounts")).status_code == 401


@pytest.mark.parametrize(
    ("content", "status", "message"),
    [
        (b"{not json", 400, "The request body is not valid JSON."),
        (b"[1, 2]", 400, "The request body must be a JSON object."),
        (b"", 400, "The request body must be a JSON object."),
        (b'{"keys": []}', 422, "The field 'exchange' is required."),
        (b'{"exchange": "kraken", "keys": "abc"}', 422, "The field 'keys' is not valid"),
        (
            b'{"exchange": "kraken", "keys": [{"api_key": 5}]}',
            422,
            "The field 'keys.0.api_key' is not valid",
        ),
    ],
)
async def test_bad_bodies_get_a_readable_4xx(
    logged_in: httpx.AsyncClient, content: bytes, status: int, message: str
) -> None:
    answer = await logged_in.post(
        "/api/accounts", content=content, headers={"content-type": "application/json"}
    )
    assert answer.status_code == status
    assert answer.json()["error"].startswith(message)


async def test_a_refused_body_never_echoes_what_was_sent(logged_in: httpx.AsyncClient) -> None:
    secret = "c2VjcmV0LXZhbHVlLXRoYXQtbXVzdC1ub3QtbGVhaw=="
    answer = await logged_in.post(
        "/api/accounts", json={"exchange": "kraken", "keys": [{"private_key": [secret]}]}
    )
    assert answer.status_code == 422
    assert secret not in answer.text


async def test_exchanges_are_alphabetical_and_only_kraken_connects(
    logged_in: httpx.AsyncClient,
) -> None:
    exchanges = (await logged_in.get("/api/exchanges")).json()["exchanges"]
    names = [exchange["name"] for exchange in exchanges]
    assert names == sorted(names, key=str.lower)
    assert len(names) >= 5
    assert [e for e in exchanges if e["supported"]] == [
        {"id": "kraken", "name": "Kraken", "supported": True}
    ]
    assert {"id": "binance", "name": "Binance", "supported": False} in exchanges


async def test_the_whitelist_is_the_egress_addresses(logged_in: httpx.AsyncClient) -> None:
    answer = await logged_in.get("/api/exchanges/kraken/whitelist")
    assert answer.json() == {
        "addresses": ["127.0.0.11", "127.0.0.12", "127.0.0.13"],
        "text": "127.0.0.11,127.0.0.12,127.0.0.13",
    }
    assert (await logged_in.get("/api/exchanges/binance/whitelist")).status_code == 404


async def test_connect_answers_the_account_and_lists_it(
    logged_in: httpx.AsyncClient, kraken: KrakenDouble
) -> None:
    first, second = kraken.add_key(name="Altrady 1"), kraken.add_key(name="Altrady 2")
    answer = await logged_in.post(
        "/api/accounts",
        json={"exchange": "kraken", "name": "Main", "keys": _keys(first, second)},
    )
    assert answer.status_code == 201
    body = answer.json()
    assert body["warnings"] == []
    account = body["account"]
    assert account["name"] == "Main"
    assert account["status"] == "connected"
    assert account["max_keys"] == 10
    assert [(k["position"], k["name"], k["status"]) for k in account["keys"]] == [
        (1, "Altrady 1", "ok"),
        (2, "Altrady 2", "ok"),
    ]
    assert account["keys"][0]["masked_key"] == f"{first.api_key[:6]}…{first.api_key[-4:]}"
    assert account["balances"] == [
        {"asset": "XXBT", "display": "BTC", "amount": "0.5000000000"},
        {"asset": "ZUSD", "display": "USD", "amount": "1000.0000"},
    ]
    assert account["balances_updated_at"] == "2026-11-18T11:06:40Z"
    assert (await logged_in.get("/api/accounts")).json() == {"accounts": [account]}
    one = await logged_in.get(f"/api/accounts/{account['id']}")
    assert one.json() == {"account": account}


async def test_refused_keys_come_back_by_index(
    logged_in: httpx.AsyncClient, kraken: KrakenDouble
) -> None:
    good, open_to_all = kraken.add_key(), kraken.add_key(ip_allowlist=())
    answer = await logged_in.post(
        "/api/accounts", json={"exchange": "kraken", "keys": _keys(good, open_to_all)}
    )
    assert answer.status_code == 422
    body = answer.json()
    assert body["error"].startswith("Key 2 cannot be connected")
    assert [error["index"] for error in body["key_errors"]] == [1]
    assert (await logged_in.get("/api/accounts")).json() == {"accounts": []}


async def test_the_eleventh_key_is_a_409_and_nothing_changes(
    logged_in: httpx.AsyncClient, kraken: KrakenDouble
) -> None:
    account = await _connect(logged_in, *(kraken.add_key() for _ in range(10)))
    answer = await logged_in.post(
        f"/api/accounts/{account['id']}/keys", json={"keys": _keys(kraken.add_key())}
    )
    assert (answer.status_code, answer.json()) == (409, {"error": MAX_KEYS_MESSAGE})
    after = (await logged_in.get(f"/api/accounts/{account['id']}")).json()["account"]
    assert after == account


async def test_add_then_remove_a_key(logged_in: httpx.AsyncClient, kraken: KrakenDouble) -> None:
    account = await _connect(logged_in, kraken.add_key())
    added = await logged_in.post(
        f"/api/accounts/{account['id']}/keys", json={"keys": _keys(kraken.add_key(nonce_window=0))}
    )
    assert added.status_code == 200
    body = added.json()
    assert len(body["account"]["keys"]) == 2
    assert "set Custom Nonce Window to 5000" in body["warnings"][0]
    key_id = body["account"]["keys"][0]["id"]
    removed = await logged_in.delete(f"/api/accounts/{account['id']}/keys/{key_id}")
    assert removed.status_code == 200
    assert [k["position"] for k in removed.json()["account"]["keys"]] == [1]
    gone = await logged_in.delete(f"/api/accounts/{account['id']}")
    assert gone.status_code == 204
    assert (await logged_in.get(f"/api/accounts/{account['id']}")).status_code == 404


async def test_another_users_account_is_a_404(
    app: Starlette, logged_in: httpx.AsyncClient, kraken: KrakenDouble
) -> None:
    account = await _connect(logged_in, kraken.add_key())
    _service(app).register("bob@example.test", "pw")
    await logged_in.post("/api/session", json={"email": "bob@example.test", "password": "pw"})
    for method, suffix in [("GET", ""), ("POST", "/resync"), ("POST", "/keys")]:
        answer = await logged_in.request(method, f"/api/accounts/{account['id']}{suffix}", json={})
        assert (answer.status_code, answer.json()) == (404, {"error": "No such exchange account."})


async def test_resync_answers_fresh_balances_or_a_502(
    logged_in: httpx.AsyncClient, kraken: KrakenDouble, clock: Clock
) -> None:
    account = await _connect(logged_in, kraken.add_key())
    kraken.balances = {"XXBT": "2.0000000000"}
    clock.advance(5)
    fresh = await logged_in.post(f"/api/accounts/{account['id']}/resync")
    assert fresh.status_code == 200
    assert fresh.json()["account"]["balances"] == [
        {"asset": "XXBT", "display": "BTC", "amount": "2.0000000000"}
    ]
    kraken.down = True
    failed = await logged_in.post(f"/api/accounts/{account['id']}/resync")
    assert failed.status_code == 502
    assert failed.json()["error"].startswith("Kraken did not answer")
    kept = (await logged_in.get(f"/api/accounts/{account['id']}")).json()["account"]
    assert kept["balances"] == fresh.json()["account"]["balances"]


async def test_the_grid_bot_reports_its_burst(
    logged_in: httpx.AsyncClient, kraken: KrakenDouble
) -> None:
    account = await _connect(logged_in, *(kraken.add_key() for _ in range(3)))
    answer = await logged_in.post(
        f"/api/accounts/{account['id']}/grid-bot", json={"pair": "XBTUSD", "orders": 10}
    )
    assert answer.status_code == 200
    report = answer.json()
    assert set(report) == {
        "ok",
        "orders_placed",
        "orders_cancelled",
        "calls",
        "rate_limit_errors",
        "rest_limit_errors",
        "trade_limit_errors",
        "keys_used",
        "message",
    }
    assert (report["ok"], report["orders_placed"], report["keys_used"]) == (True, 10, 3)


@pytest.mark.parametrize("body", [{"orders": 0}, {"orders": 101}, {"orders": "many"}])
async def test_the_grid_bot_refuses_odd_sizes(
    logged_in: httpx.AsyncClient, kraken: KrakenDouble, body: dict[str, Any]
) -> None:
    account = await _connect(logged_in, kraken.add_key())
    answer = await logged_in.post(f"/api/accounts/{account['id']}/grid-bot", json=body)
    assert answer.status_code == 422
    assert answer.json()["error"].startswith("The field 'orders' is not valid")


async def test_unknown_api_routes_answer_json(logged_in: httpx.AsyncClient) -> None:
    answer = await logged_in.get("/api/nothing/here")
    assert answer.status_code == 404
    assert answer.json() == {"error": "No such API route: GET /api/nothing/here."}


async def test_no_answer_ever_carries_a_private_key(
    logged_in: httpx.AsyncClient, kraken: KrakenDouble
) -> None:
    keys = [kraken.add_key(), kraken.add_key(nonce_window=0)]
    texts = []
    connected = await logged_in.post(
        "/api/accounts", json={"exchange": "kraken", "keys": _keys(*keys)}
    )
    texts.append(connected.text)
    account_id = connected.json()["account"]["id"]
    for path in ("/api/accounts", f"/api/accounts/{account_id}"):
        texts.append((await logged_in.get(path)).text)
    texts.append((await logged_in.post(f"/api/accounts/{account_id}/resync")).text)
    duplicate = await logged_in.post(
        f"/api/accounts/{account_id}/keys", json={"keys": _keys(keys[0])}
    )
    texts.append(duplicate.text)
    for key in keys:
        assert all(key.secret not in text for text in texts)
        assert all(key.api_key not in text for text in texts)
