"""Bad input to the pages of both mocks gets a page (2xx, 3xx or 4xx), never a 5xx or a
traceback; a refused form changes nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote_from_bytes

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixtures.servers import MockStack
from mocks.altrady.service import AltradyService
from mocks.kraken.state import KrakenState
from mocks.kraken.web.key_pages import NEW_KEY_PATH
from mocks.kraken.web.session import CSRF_FIELD
from mocks.kraken_facts.permissions import PERMISSIONS
from tests.hardening.fuzz import (
    FuzzRequest,
    assert_page,
    fuzz_requests,
    odd_text,
    route_shapes,
    send,
)
from tests.hardening.snapshots import altrady_snapshot, kraken_snapshot

FUZZ = settings(max_examples=40, deadline=None)
EMAIL = "pages@example.test"
PASSWORD = "correct horse"
KEY_FORM_FIELDS = [
    "name", "permissions", "ip_restriction", "ip_allowlist", "nonce_window_enabled",
    "nonce_window", "expiration_enabled", "valid_until", "query_from", "query_to", CSRF_FIELD,
]  # fmt: skip


@pytest.fixture(scope="module")
def kraken_session(mocks: MockStack) -> Iterator[tuple[httpx.Client, bytes, str]]:
    """A signed-in Kraken page session: the client, its cookie and its CSRF token."""
    _ensure_users(mocks)
    with httpx.Client(base_url=mocks.kraken_url, timeout=30) as http:
        form = http.get("/login")
        token = _csrf(form.text)
        signed_in = http.post(
            "/login", data={"email": EMAIL, "password": PASSWORD, CSRF_FIELD: token}
        )
        assert signed_in.status_code == 303, signed_in.text[:300]
        cookie = "; ".join(f"{name}={value}" for name, value in http.cookies.items())
        token = _csrf(http.get(NEW_KEY_PATH).text)
        http.cookies.clear()
        yield http, cookie.encode(), token


@pytest.fixture(scope="module")
def altrady_session(mocks: MockStack) -> Iterator[tuple[httpx.Client, bytes]]:
    _ensure_users(mocks)
    with httpx.Client(base_url=mocks.altrady_url, timeout=30) as http:
        answer = http.post("/api/session", json={"email": EMAIL, "password": PASSWORD})
        answer.raise_for_status()
        cookie = "; ".join(f"{name}={value}" for name, value in http.cookies.items())
        http.cookies.clear()
        yield http, cookie.encode()


def _csrf(html: str) -> str:
    found = re.search(rf'name="{CSRF_FIELD}" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def _ensure_users(mocks: MockStack) -> None:
    kraken: KrakenState = mocks.kraken_app.state.kraken
    if EMAIL not in kraken.accounts:
        kraken.create_user(EMAIL, PASSWORD)
    altrady: AltradyService = mocks.altrady_app.state.altrady
    if altrady.user(EMAIL) is None:
        altrady.register(EMAIL, PASSWORD)


def _is_page(template: str) -> bool:
    return not template.startswith(("/0/", "/_mock/", "/api/"))


@FUZZ
@given(data=st.data(), signed_in=st.booleans())
def test_any_request_to_a_kraken_page_gets_a_page(
    mocks: MockStack,
    kraken_session: tuple[httpx.Client, bytes, str],
    data: st.DataObject,
    signed_in: bool,
) -> None:
    client, cookie, _ = kraken_session
    shapes = [s for s in route_shapes(mocks.kraken_app) if _is_page(s.template)]
    fuzzed = data.draw(fuzz_requests(shapes))
    if signed_in:
        fuzzed.headers.append(("Cookie", cookie))
    state: KrakenState = mocks.kraken_app.state.kraken
    before = kraken_snapshot(state)
    answer = send(client, fuzzed)
    assert_page(answer)
    if answer.status_code >= 400:
        assert kraken_snapshot(state) == before


@FUZZ
@given(
    fields=st.lists(
        st.tuples(
            st.one_of(st.sampled_from(KEY_FORM_FIELDS), st.text(max_size=20)),
            st.one_of(
                odd_text,
                st.sampled_from([p.field for p in PERMISSIONS]),
                st.sampled_from(["on", "1", "2026-13-40T25:61", "9" * 40, "-1", "::1/200"]),
            ),
        ),
        max_size=6,
    ),
    with_token=st.booleans(),
)
def test_the_create_key_form_refuses_odd_fields_with_a_page(
    mocks: MockStack,
    kraken_session: tuple[httpx.Client, bytes, str],
    fields: list[tuple[str, str]],
    with_token: bool,
) -> None:
    client, cookie, token = kraken_session
    _ensure_users(mocks)
    pairs = [*fields, (CSRF_FIELD, token)] if with_token else fields
    body = "&".join(
        f"{quote_from_bytes(k.encode('utf-8', 'surrogatepass'))}="
        f"{quote_from_bytes(v.encode('utf-8', 'surrogatepass'))}"
        for k, v in pairs
    ).encode()
    headers = [("Content-Type", b"application/x-www-form-urlencoded"), ("Cookie", cookie)]
    state: KrakenState = mocks.kraken_app.state.kraken
    before = kraken_snapshot(state)
    answer = send(client, FuzzRequest("POST", NEW_KEY_PATH, b"", headers, body))
    assert_page(answer)
    if answer.status_code >= 400:
        assert kraken_snapshot(state) == before


@FUZZ
@given(data=st.data(), logged_in=st.booleans())
def test_any_request_to_an_altrady_page_gets_a_page(
    mocks: MockStack,
    altrady_session: tuple[httpx.Client, bytes],
    data: st.DataObject,
    logged_in: bool,
) -> None:
    client, cookie = altrady_session
    _ensure_users(mocks)
    shapes = [s for s in route_shapes(mocks.altrady_app) if _is_page(s.template)]
    fuzzed = data.draw(fuzz_requests(shapes))
    if logged_in:
        fuzzed.headers.append(("Cookie", cookie))
    before = altrady_snapshot(mocks)
    answer = send(client, fuzzed)
    assert_page(answer)
    if answer.status_code >= 400:
        assert altrady_snapshot(mocks) == before
