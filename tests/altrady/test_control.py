"""Altrady's control API (``/_mock/...``), in-process with Kraken behind respx."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from mocks.altrady.app import create_app
from mocks.altrady.settings import AltradySettings
from mocks.clock import Clock
from tests.altrady.kraken_double import KrakenDouble

pytestmark = pytest.mark.anyio


@pytest.fixture
async def http(
    settings: AltradySettings, clock: Clock, kraken: KrakenDouble
) -> AsyncIterator[httpx.AsyncClient]:
    app: Starlette = create_app(settings, clock=clock)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://altrady.test") as c:
            yield c


async def _connect(http: httpx.AsyncClient, kraken: KrakenDouble, email: str) -> str:
    await http.post("/api/session", json={"email": email, "password": "pw"})
    key = kraken.add_key()
    answer = await http.post(
        "/api/accounts",
        json={"exchange": "kraken", "keys": [{"api_key": key.api_key, "private_key": key.secret}]},
    )
    assert answer.status_code == 201
    account_id: str = answer.json()["account"]["id"]
    return account_id


async def test_users_are_created_once(http: httpx.AsyncClient) -> None:
    created = await http.post("/_mock/users", json={"email": "ann@example.test", "password": "pw"})
    assert created.status_code == 201
    assert created.json()["email"] == "ann@example.test"
    assert isinstance(created.json()["id"], int)
    again = await http.post("/_mock/users", json={"email": "ANN@example.test", "password": "x"})
    assert (again.status_code, again.json()) == (
        409,
        {"error": "A user with this email already exists."},
    )


@pytest.mark.parametrize(
    "body", [{"email": "not-an-email", "password": "pw"}, {"email": "a@b.c"}, {}]
)
async def test_bad_users_are_a_422(http: httpx.AsyncClient, body: dict[str, str]) -> None:
    answer = await http.post("/_mock/users", json=body)
    assert answer.status_code == 422
    assert answer.json()["error"].startswith("The field")


async def test_accounts_by_email_show_masked_keys(
    http: httpx.AsyncClient, kraken: KrakenDouble
) -> None:
    await http.post("/_mock/users", json={"email": "ann@example.test", "password": "pw"})
    account_id = await _connect(http, kraken, "ann@example.test")
    answer = await http.get("/_mock/accounts", params={"email": "ann@example.test"})
    (account,) = answer.json()["accounts"]
    assert account["id"] == account_id
    assert "…" in account["keys"][0]["masked_key"]
    assert all(key.secret not in answer.text for key in kraken.keys.values())
    missing = await http.get("/_mock/accounts", params={"email": "nobody@example.test"})
    assert missing.status_code == 404
    assert (await http.get("/_mock/accounts")).status_code == 400


async def test_refresh_fetches_every_accounts_balances_now(
    http: httpx.AsyncClient, kraken: KrakenDouble
) -> None:
    for email in ("ann@example.test", "bob@example.test"):
        await http.post("/_mock/users", json={"email": email, "password": "pw"})
        await _connect(http, kraken, email)
    kraken.balances = {"ZEUR": "7.0000"}
    answer = await http.post("/_mock/refresh")
    assert answer.json() == {"refreshed": 2, "failed": 0}
    for email in ("ann@example.test", "bob@example.test"):
        (account,) = (await http.get("/_mock/accounts", params={"email": email})).json()["accounts"]
        assert account["balances"] == [{"asset": "ZEUR", "display": "EUR", "amount": "7.0000"}]


async def test_reset_forgets_everyone(http: httpx.AsyncClient, kraken: KrakenDouble) -> None:
    await http.post("/_mock/users", json={"email": "ann@example.test", "password": "pw"})
    await _connect(http, kraken, "ann@example.test")
    assert (await http.post("/_mock/reset")).json() == {"status": "reset"}
    missing = await http.get("/_mock/accounts", params={"email": "ann@example.test"})
    assert missing.status_code == 404
    assert (await http.get("/api/accounts")).status_code == 401
