"""Bad input to Altrady's JSON API (``/api/...``) and control API (``/_mock/...``) gets a 4xx
with ``{"error": "..."}``, never a 500 or a traceback, and a refused request changes nothing
in Altrady's database or at Kraken."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from fixtures.servers import MockStack
from mocks.altrady.auth import SESSION_COOKIE
from mocks.altrady.service import AltradyService
from tests.hardening.fuzz import (
    FuzzRequest,
    assert_json_error,
    assert_no_traceback,
    fuzz_requests,
    json_bytes,
    json_documents,
    odd_text,
    route_shapes,
    send,
)
from tests.hardening.snapshots import altrady_snapshot

FUZZ = settings(max_examples=80, deadline=None)
EMAIL = "trader@example.test"
PASSWORD = "correct horse"
# Requests that succeed by design and change state: checked for their form only.
CHANGES_BY_DESIGN = {("POST", "/_mock/reset"), ("POST", "/_mock/refresh")}


@pytest.fixture(scope="module")
def client(mocks: MockStack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=mocks.altrady_url, timeout=30) as http:
        yield http


@pytest.fixture(scope="module")
def session_cookie(mocks: MockStack, client: httpx.Client) -> bytes:
    """A logged-in session, sent by hand so a fuzzed request can drop or mangle it."""
    _ensure_user(mocks)
    answer = client.post("/api/session", json={"email": EMAIL, "password": PASSWORD})
    answer.raise_for_status()
    cookie = f"{SESSION_COOKIE}={answer.cookies[SESSION_COOKIE]}".encode()
    client.cookies.clear()
    return cookie


def _ensure_user(mocks: MockStack) -> None:
    service: AltradyService = mocks.altrady_app.state.altrady
    if service.user(EMAIL) is None:
        service.register(EMAIL, PASSWORD)


def _check(response: httpx.Response, mocks: MockStack, before: object) -> None:
    assert_no_traceback(response)
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        assert_json_error(response)
        assert altrady_snapshot(mocks) == before, "a refused request changed state"


@FUZZ
@given(data=st.data(), logged_in=st.booleans())
def test_any_request_to_the_api_gets_a_json_error(
    mocks: MockStack,
    client: httpx.Client,
    session_cookie: bytes,
    data: st.DataObject,
    logged_in: bool,
) -> None:
    _ensure_user(mocks)
    shapes = [
        s
        for s in route_shapes(mocks.altrady_app)
        if s.template.startswith(("/api/", "/_mock/"))
        # The pages' event stream answers and never ends (tests/altrady/test_live.py).
        and s.template != "/api/events"
    ]
    fuzzed = data.draw(fuzz_requests(shapes))
    if logged_in:
        fuzzed.headers.append(("Cookie", session_cookie))
    if (fuzzed.method, fuzzed.path) in CHANGES_BY_DESIGN:
        answer = send(client, fuzzed)
        assert_no_traceback(answer)
        assert answer.status_code < 500
        return
    before = altrady_snapshot(mocks)
    _check(send(client, fuzzed), mocks, before)


_keys = st.lists(
    st.one_of(
        st.fixed_dictionaries({"api_key": odd_text, "private_key": odd_text}),
        json_documents,
    ),
    max_size=3,
)
_connect_bodies = st.one_of(
    st.fixed_dictionaries(
        {"exchange": st.one_of(st.just("kraken"), odd_text), "keys": _keys},
        optional={"name": st.one_of(odd_text, json_documents)},
    ),
    st.dictionaries(st.sampled_from(["exchange", "name", "keys"]), json_documents),
)


@FUZZ
@given(
    route=st.sampled_from(
        [
            ("POST", "/api/accounts"),
            ("POST", "/api/accounts/nope/keys"),
            ("POST", "/api/accounts/nope/grid-bot"),
            ("POST", "/api/session"),
            ("POST", "/_mock/users"),
        ]
    ),
    document=_connect_bodies,
)
@example(
    route=("POST", "/api/accounts"),
    document={"exchange": "kraken", "keys": [{"api_key": "ключ", "private_key": "é"}]},
)
@example(
    route=("POST", "/api/accounts"),
    document={"exchange": "kraken", "keys": [{"api_key": "a\x00b", "private_key": "\x00"}]},
)
def test_connect_bodies_with_odd_keys_are_refused_in_json(
    mocks: MockStack,
    client: httpx.Client,
    session_cookie: bytes,
    route: tuple[str, str],
    document: object,
) -> None:
    _ensure_user(mocks)
    method, path = route
    headers = [("Content-Type", b"application/json"), ("Cookie", session_cookie)]
    before = altrady_snapshot(mocks)
    answer = send(client, FuzzRequest(method, path, b"", headers, json_bytes(document)))
    _check(answer, mocks, before)
