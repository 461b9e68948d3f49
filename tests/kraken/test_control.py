"""The control API over real HTTP: shapes, status codes and readable errors."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from fixtures.control import ControlError, KrakenControl
from mocks.kraken.harness import KrakenHarness
from mocks.kraken_facts.client import KrakenRestClient
from mocks.tls import shared_tls_context

EMAIL = "ann@example.test"


@pytest.fixture
def http(rest_mock: KrakenHarness) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=rest_mock.url, verify=shared_tls_context()) as client:
        yield client


@pytest.fixture
def user(http: httpx.Client) -> str:
    answer = http.post("/_mock/users", json={"email": EMAIL, "password": "pw"})
    assert answer.status_code == 201
    return EMAIL


def test_create_user(http: httpx.Client, rest_mock: KrakenHarness) -> None:
    answer = http.post(
        "/_mock/users",
        json={
            "email": EMAIL,
            "password": "pw",
            "tier": "Pro",
            "balances": {"XBT": "1.5", "ZUSD": 10},
        },
    )
    assert answer.status_code == 201
    body = answer.json()
    assert set(body) == {"id", "email"}
    assert body["email"] == EMAIL
    account = rest_mock.state.account(EMAIL)
    assert account.tier.name == "Pro"
    assert {k: str(v) for k, v in account.balances.items()} == {"XXBT": "1.5", "ZUSD": "10"}


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        ({"email": EMAIL}, 422, "password: Field required"),
        ({"email": EMAIL, "password": "pw", "tier": "Gold"}, 422, "tier"),
        ({"email": EMAIL, "password": "pw", "extra": 1}, 422, "extra: Extra inputs"),
        ({"email": EMAIL, "password": "pw", "balances": {"DOGE": "1"}}, 422, "unknown asset"),
        ({"email": EMAIL, "password": "pw", "balances": {"ZUSD": "-1"}}, 422, "non-negative"),
        ({"email": EMAIL, "password": "pw", "balances": {"ZUSD": "lots"}}, 422, "balances.ZUSD"),
        ({"email": " ", "password": "pw"}, 422, "email"),
    ],
)  # fmt: skip
def test_create_user_refusals(
    http: httpx.Client, body: dict[str, object], status: int, fragment: str
) -> None:
    answer = http.post("/_mock/users", json=body)
    assert answer.status_code == status
    assert fragment in answer.json()["error"]


# The last: nesting deep enough to exhaust the JSON parser's recursion (found by fuzzing).
@pytest.mark.parametrize("raw", [b"{not json", b"[1]", b"\xff", b"[" * 100_000 + b"]" * 100_000])
def test_bodies_that_are_not_json_objects_are_400(http: httpx.Client, raw: bytes) -> None:
    answer = http.post("/_mock/users", content=raw, headers={"Content-Type": "application/json"})
    assert answer.status_code == 400
    assert answer.json()["error"].startswith("The body")


def test_duplicate_user_is_409(http: httpx.Client, user: str) -> None:
    answer = http.post("/_mock/users", json={"email": user.upper(), "password": "x"})
    assert answer.status_code == 409
    assert "exists" in answer.json()["error"]


def test_create_and_list_keys(http: httpx.Client, user: str, rest_mock: KrakenHarness) -> None:
    answer = http.post(
        "/_mock/keys",
        json={
            "email": user,
            "name": "Altrady 1",
            "permissions": ["funds_query", "websocket"],
            "ip_allowlist": ["127.0.0.2", "10.0.0.7/24"],
            "nonce_window": 5000,
        },
    )
    assert answer.status_code == 201
    created = answer.json()
    assert set(created) == {"key", "secret"}
    listed = http.get("/_mock/keys", params={"email": user})
    assert listed.status_code == 200
    [key] = listed.json()["keys"]
    assert key["name"] == "Altrady 1"
    assert key["key"] == created["key"]
    assert key["permissions"] == ["funds_query", "websocket"]
    assert key["ip_allowlist"] == ["127.0.0.2", "10.0.0.0/24"]
    assert key["nonce_window"] == 5000
    assert key["created"] == rest_mock.clock.now()
    assert created["secret"] not in listed.text


def test_refused_key_settings_are_422_with_field_errors(http: httpx.Client, user: str) -> None:
    answer = http.post(
        "/_mock/keys",
        json={
            "email": user,
            "name": "x" * 33,
            "permissions": ["funds_fly"],
            "ip_allowlist": ["1.2.3"],
            "nonce_window": -1,
        },
    )
    assert answer.status_code == 422
    body = answer.json()
    assert set(body["fields"]) == {"name", "permissions", "ip_allowlist", "nonce_window"}
    assert "1.2.3" in body["error"]


def test_unknown_emails_are_404(http: httpx.Client) -> None:
    for answer in (
        http.post("/_mock/keys", json={"email": "no@example.test", "name": "k"}),
        http.get("/_mock/keys", params={"email": "no@example.test"}),
        http.put("/_mock/balances", json={"email": "no@example.test", "balances": {}}),
    ):
        assert answer.status_code == 404
        assert answer.json() == {"error": "No Kraken user with email no@example.test."}


def test_listing_keys_needs_an_email(http: httpx.Client) -> None:
    answer = http.get("/_mock/keys")
    assert answer.status_code == 400


def test_put_balances_replaces_them(
    http: httpx.Client, user: str, rest_mock: KrakenHarness
) -> None:
    answer = http.put("/_mock/balances", json={"email": user, "balances": {"ZEUR": "12.5"}})
    assert answer.status_code == 200
    assert rest_mock.state.account(user).balances == {"ZEUR": 12.5}


def test_journal_read_and_clear(http: httpx.Client, user: str, rest_mock: KrakenHarness) -> None:
    http.get("/0/public/Time")
    http.post("/0/private/Balance")
    entries = http.get("/_mock/requests").json()["requests"]
    assert [(e["endpoint"], e["outcome"], e["error"]) for e in entries] == [
        ("Time", "ok", None),
        ("Balance", "error", "EAPI:Invalid key"),
    ]
    assert set(entries[0]) == {"time", "method", "path", "endpoint", "key_name", "source_ip",
                               "nonce", "outcome", "error"}  # fmt: skip
    assert http.delete("/_mock/requests").status_code == 200
    assert http.get("/_mock/requests").json() == {"requests": []}


def test_clock(http: httpx.Client, rest_mock: KrakenHarness) -> None:
    assert http.get("/_mock/clock").json() == {"now": 1_800_000_000.0, "frozen": True}
    assert http.post("/_mock/clock", json={"advance": 90}).json()["now"] == 1_800_000_090.0
    resumed = http.post("/_mock/clock", json={"resume": True}).json()
    assert resumed["frozen"] is False
    assert resumed["now"] >= 1_800_000_090.0
    frozen = http.post("/_mock/clock", json={"freeze": True}).json()
    assert frozen["frozen"] is True
    assert http.get("/_mock/clock").json()["now"] == frozen["now"]


@pytest.mark.parametrize(
    "body",
    [{}, {"advance": -1}, {"advance": 1, "freeze": True}, {"freeze": False}, {"rewind": 3}],
)
def test_clock_refusals(http: httpx.Client, body: dict[str, object]) -> None:
    answer = http.post("/_mock/clock", json=body)
    assert answer.status_code == 422
    assert answer.json()["error"]


def test_reset_empties_everything(http: httpx.Client, user: str, rest_mock: KrakenHarness) -> None:
    key = rest_mock.key(user, "k", {"funds_query"})
    key.lockout.locked_until = rest_mock.clock.now() + 100
    http.post("/_mock/faults", json={"endpoint": "Time", "action": "error"})
    http.get("/0/public/Balance")
    assert http.post("/_mock/reset").status_code == 200
    assert rest_mock.state.accounts == {}
    assert rest_mock.state.keys == {}
    assert http.get("/_mock/requests").json() == {"requests": []}
    assert http.get("/_mock/faults").json() == {"faults": []}
    assert http.get("/_mock/clock").json()["frozen"] is False


def test_the_projects_typed_control_client_speaks_this_api(rest_mock: KrakenHarness) -> None:
    with KrakenControl(rest_mock.url) as control:
        control.reset()
        control.freeze_clock()
        created = control.create_user(EMAIL, "pw", tier="Starter", balances={"ZUSD": "5"})
        assert created["email"] == EMAIL
        pair = control.create_key(EMAIL, "bot", ["funds_query"], nonce_window=10)
        assert [k["name"] for k in control.keys(EMAIL)] == ["bot"]
        control.set_balances(EMAIL, {"ZUSD": "7"})
        client = KrakenRestClient(rest_mock.url, pair.key, pair.secret)
        assert client.private("Balance")["result"] == {"ZUSD": "7.0000"}
        [entry] = control.requests()
        assert entry["key_name"] == "bot"
        control.clear_requests()
        assert control.requests() == []
        before = control.clock()
        assert control.advance_clock(30) == before + 30
        control.add_fault("Balance", "error", error="EService:Busy")
        assert client.private("Balance") == {"error": ["EService:Busy"]}
        control.clear_faults()
        client.close()
        with pytest.raises(ControlError) as caught:
            control.create_user(EMAIL, "pw")
        assert caught.value.status_code == 409


def test_put_market_moves_the_price_and_fills_what_it_reaches(
    http: httpx.Client, rest_mock: KrakenHarness
) -> None:
    rest_mock.user(EMAIL, balances={"ZUSD": "100000"})
    client = rest_mock.client(rest_mock.key(EMAIL, "bot", {"trades_modify", "trades_query_closed"}))
    order = {"pair": "XBTUSD", "type": "buy", "ordertype": "limit", "volume": "0.1",
             "price": "65000"}  # fmt: skip
    [txid] = client.private("AddOrder", order)["result"]["txid"]
    answer = http.put("/_mock/market", json={"pair": "XXBTZUSD", "price": "64999.5"})
    assert answer.status_code == 200
    assert answer.json() == {
        "pair": "XXBTZUSD",
        "altname": "XBTUSD",
        "last": "64999.5",
        "bid": "64999.5",
        "ask": "64999.6",
    }
    closed = client.private("ClosedOrders")["result"]["closed"]
    assert (closed[txid]["status"], closed[txid]["price"]) == ("closed", "65000.00000")
    ticker = rest_mock.client().public("Ticker", {"pair": "XBTUSD"})["result"]["XXBTZUSD"]
    assert (ticker["c"][0], ticker["b"][0], ticker["a"][0]) == ("64999.5", "64999.5", "64999.6")
    with KrakenControl(rest_mock.url) as control:
        assert control.set_market_price("ETHUSD", "3000")["ask"] == "3000.01"


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"pair": "DOGEUSD", "price": "1"}, 422, "unknown pair"),
        ({"pair": "XBTUSD", "price": "-1"}, 422, "positive"),
        ({"pair": "XBTUSD", "price": "70000.25"}, 422, "at most 1 decimals"),
        ({"pair": "XBTUSD", "price": "NaN"}, 422, "finite"),
        ({"pair": "XBTUSD"}, 422, "price"),
        ({"pair": "XBTUSD", "price": "7", "extra": 1}, 422, "extra"),
    ],
)
def test_put_market_refusals(
    http: httpx.Client, body: dict[str, object], status: int, message: str
) -> None:
    answer = http.put("/_mock/market", json=body)
    assert answer.status_code == status
    assert message in answer.json()["error"]
