"""Who may reach what on Altrady: nothing without a login, and only one's own accounts.

Both mocks run for real. Every ``/api/*`` route and every logged-in page is listed from the
app's own route tables, so a route added later is covered without editing this file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from starlette.routing import Route

from fixtures.control import AltradyControl, KeyPair, KrakenControl
from fixtures.servers import MockStack, start_mocks
from mocks.altrady.api import LOG_IN_FIRST
from mocks.altrady.api import routes as api_routes
from mocks.altrady.settings import DEFAULT_EGRESS_ADDRESSES
from mocks.altrady.verify import REQUIRED_PERMISSIONS
from mocks.altrady.web.pages import LOGGED_IN_PAGES
from mocks.tls import shared_tls_context

PASSWORD = "a long enough password"
BALANCES = {"ZUSD": "1000.0000", "XXBT": "0.5000000000"}
PUBLIC_API = {("POST", "/api/session"), ("DELETE", "/api/session")}
CATCH_ALL = "/api/{rest:path}"


def _protected_api_routes() -> list[tuple[str, str]]:
    found = []
    for route in api_routes:
        if not isinstance(route, Route) or route.path == CATCH_ALL:
            continue
        for method in sorted((route.methods or set()) - {"HEAD"}):
            if (method, route.path) not in PUBLIC_API:
                found.append((method, route.path))
    return found


PROTECTED_API = _protected_api_routes()


@dataclass
class Trader:
    email: str
    http: httpx.Client
    account_id: str = ""
    key_id: str = ""


@pytest.fixture(scope="module")
def stack() -> Iterator[MockStack]:
    with start_mocks(altrady_overrides={"refresh_interval_s": 0}) as started:
        yield started


@pytest.fixture
def kraken(stack: MockStack) -> Iterator[KrakenControl]:
    with KrakenControl(stack.kraken_url) as control:
        control.reset()
        yield control


@pytest.fixture
def altrady_control(stack: MockStack) -> Iterator[AltradyControl]:
    with AltradyControl(stack.altrady_url) as control:
        control.reset()
        yield control


def _key(kraken: KrakenControl, email: str, name: str) -> KeyPair:
    return kraken.create_key(
        email, name, REQUIRED_PERMISSIONS, ip_allowlist=DEFAULT_EGRESS_ADDRESSES, nonce_window=5000
    )


def _keys_body(*keys: KeyPair) -> list[dict[str, str]]:
    return [{"api_key": key.key, "private_key": key.secret} for key in keys]


def _trader(
    stack: MockStack, kraken: KrakenControl, altrady_control: AltradyControl, email: str
) -> Iterator[Trader]:
    kraken.create_user(email, PASSWORD, balances=BALANCES)
    altrady_control.create_user(email, PASSWORD)
    with httpx.Client(base_url=stack.altrady_url, timeout=30, verify=shared_tls_context()) as http:
        http.post("/api/session", json={"email": email, "password": PASSWORD}).raise_for_status()
        connected = http.post(
            "/api/accounts",
            json={
                "exchange": "kraken",
                "name": f"{email.partition('@')[0]}'s Kraken",
                "keys": _keys_body(_key(kraken, email, "One"), _key(kraken, email, "Two")),
            },
        )
        assert connected.status_code == 201, connected.text
        account = connected.json()["account"]
        yield Trader(email, http, account["id"], account["keys"][0]["id"])


@pytest.fixture
def ann(
    stack: MockStack, kraken: KrakenControl, altrady_control: AltradyControl
) -> Iterator[Trader]:
    yield from _trader(stack, kraken, altrady_control, "ann@example.test")


@pytest.fixture
def bob(
    stack: MockStack, kraken: KrakenControl, altrady_control: AltradyControl, ann: Trader
) -> Iterator[Trader]:
    yield from _trader(stack, kraken, altrady_control, "bob@example.test")


def _real_path(template: str, owner: Trader) -> str:
    """``template`` with the owner's real ids, so a refusal is not just an unknown id."""
    values = {"account_id": owner.account_id, "key_id": owner.key_id, "exchange": "kraken"}
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda match: values[match.group(1)], template)


def _state(owner: Trader) -> dict[str, Any]:
    account = dict(owner.http.get(f"/api/accounts/{owner.account_id}").json()["account"])
    del account["live"]  # whether live updates are on moves by itself, not by a request
    return account


@pytest.mark.parametrize(("method", "path"), PROTECTED_API, ids=" ".join)
def test_every_api_route_needs_a_login(
    stack: MockStack, ann: Trader, method: str, path: str
) -> None:
    before = _state(ann)
    with httpx.Client(
        base_url=stack.altrady_url, timeout=30, verify=shared_tls_context()
    ) as stranger:
        answer = stranger.request(method, _real_path(path, ann), json={"keys": []})
    assert answer.status_code == 401, answer.text
    assert answer.json() == {"error": LOG_IN_FIRST}
    assert _state(ann) == before


def test_a_logged_out_session_and_a_forged_cookie_get_nothing(
    stack: MockStack, ann: Trader
) -> None:
    session = ann.http.cookies.get("altrady_session")
    assert session
    with httpx.Client(
        base_url=stack.altrady_url, timeout=30, verify=shared_tls_context()
    ) as forger:
        forger.cookies.set("altrady_session", session[:-4] + "AAAA")
        assert forger.get("/api/accounts").status_code == 401
    assert ann.http.delete("/api/session").status_code == 204
    assert ann.http.get("/api/accounts").status_code == 401


@pytest.mark.parametrize("path", [spec.path for spec in LOGGED_IN_PAGES])
def test_every_page_needs_a_login(stack: MockStack, ann: Trader, path: str) -> None:
    with httpx.Client(
        base_url=stack.altrady_url, timeout=30, verify=shared_tls_context()
    ) as stranger:
        answer = stranger.get(path)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login?next=")
    assert ann.email not in answer.text


def _cross_user_requests(kraken: KrakenControl, bob: Trader) -> list[tuple[str, str, Any]]:
    return [
        ("GET", "/api/accounts/{account_id}", None),
        (
            "POST",
            "/api/accounts/{account_id}/keys",
            {"keys": _keys_body(_key(kraken, bob.email, "Mine"))},
        ),
        ("DELETE", "/api/accounts/{account_id}/keys/{key_id}", None),
        ("POST", "/api/accounts/{account_id}/resync", None),
        ("POST", "/api/accounts/{account_id}/grid-bot", {"pair": "XBTUSD", "orders": 2}),
        ("DELETE", "/api/accounts/{account_id}", None),
    ]


def test_nobody_reaches_another_users_account(
    ann: Trader, bob: Trader, kraken: KrakenControl
) -> None:
    before = _state(ann)
    bobs_before = _state(bob)
    kraken.clear_requests()

    for method, template, body in _cross_user_requests(kraken, bob):
        answer = bob.http.request(method, _real_path(template, ann), json=body)
        assert answer.status_code == 404, (method, template, answer.text)
        assert answer.json() == {"error": "No such exchange account."}, (method, template)
        assert ann.account_id not in answer.text

    assert _state(ann) == before
    assert _state(bob) == bobs_before
    listed = bob.http.get("/api/accounts").json()["accounts"]
    assert [account["id"] for account in listed] == [bob.account_id]
    # Refused before anything was asked of Kraken with Ann's keys (Altrady's live updates
    # fetch WebSocket tokens by themselves, whatever Bob does).
    assert [r for r in kraken.requests() if r["endpoint"] != "GetWebSocketsToken"] == []


def test_a_key_id_of_another_account_is_not_removed_through_ones_own(
    ann: Trader, bob: Trader
) -> None:
    before = _state(ann)
    answer = bob.http.delete(f"/api/accounts/{bob.account_id}/keys/{ann.key_id}")
    assert answer.status_code == 404
    assert _state(ann) == before
