"""Bad input to the Kraken mock's control API (``/_mock/...``) gets a 4xx with
``{"error": "..."}``, never a 500 or a traceback, and a refused request changes nothing."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from fixtures.servers import MockStack
from mocks.kraken.state import KrakenState
from tests.hardening.fuzz import (
    FUZZ_T0,
    FuzzRequest,
    assert_json_error,
    assert_no_traceback,
    fuzz_requests,
    json_bytes,
    json_documents,
    route_shapes,
    send,
)
from tests.hardening.snapshots import kraken_snapshot

FUZZ = settings(max_examples=80, deadline=None)
EMAIL = "control@example.test"


@pytest.fixture(scope="module")
def client(mocks: MockStack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=mocks.kraken_url, timeout=30) as http:
        yield http


def _seed(mocks: MockStack) -> KrakenState:
    state: KrakenState = mocks.kraken_app.state.kraken
    state.reset()
    state.create_user(EMAIL, "pw")
    mocks.clock.reset()
    mocks.clock.freeze(at=FUZZ_T0)
    return state


def _check(response: httpx.Response, state: KrakenState, before: object, journal: int) -> None:
    assert_no_traceback(response)
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        assert_json_error(response)
        assert kraken_snapshot(state) == before
        assert len(state.journal) == journal  # control calls never reach the REST journal


@FUZZ
@given(data=st.data())
@example(
    data=FuzzRequest("GET", "/_mock/reset", b"", [], b""),  # a wrong method: JSON, not text
)
def test_any_request_to_the_control_api_gets_a_json_error(
    mocks: MockStack, client: httpx.Client, data: st.DataObject | FuzzRequest
) -> None:
    state = _seed(mocks)
    shapes = [s for s in route_shapes(mocks.kraken_app) if s.template.startswith("/_mock/")]
    fuzzed = data if isinstance(data, FuzzRequest) else data.draw(fuzz_requests(shapes))
    if fuzzed.method in {"POST", "DELETE"} and fuzzed.path in {
        "/_mock/reset",
        "/_mock/requests",
        "/_mock/faults",
        "/_mock/clock",
    }:
        # These take no body (or an optional one) and succeed by design; only check the form.
        response = send(client, fuzzed)
        assert_no_traceback(response)
        assert response.status_code < 500
        return
    before, journal = kraken_snapshot(state), len(state.journal)
    _check(send(client, fuzzed), state, before, journal)


_ENDPOINT_FIELDS = {
    "/_mock/users": ("POST", ["email", "password", "tier", "balances"]),
    "/_mock/keys": (
        "POST",
        [
            "email",
            "name",
            "permissions",
            "ip_allowlist",
            "nonce_window",
            "valid_until",
            "query_from",
            "query_to",
        ],
    ),
    "/_mock/balances": ("PUT", ["email", "balances"]),
    "/_mock/faults": ("POST", ["endpoint", "action", "error", "delay_s", "times"]),
    "/_mock/clock": ("POST", ["advance", "freeze", "resume"]),
    "/_mock/market": ("PUT", ["pair", "price"]),
}


@FUZZ
@given(
    path=st.sampled_from(sorted(_ENDPOINT_FIELDS)),
    data=st.data(),
)
@example(path="/_mock/balances", data={"email": EMAIL, "balances": {"ZUSD": 1e400}})
@example(path="/_mock/keys", data={"email": EMAIL, "name": "k", "nonce_window": 10**40})
@example(path="/_mock/clock", data={"advance": 1e308})
@example(path="/_mock/market", data={"pair": "XBTUSD", "price": 1e400})
@example(path="/_mock/market", data={"pair": ["XBTUSD"], "price": "1"})
def test_control_bodies_with_odd_fields_are_refused_in_json(
    mocks: MockStack, client: httpx.Client, path: str, data: st.DataObject | dict[str, object]
) -> None:
    state = _seed(mocks)
    method, names = _ENDPOINT_FIELDS[path]
    if isinstance(data, dict):
        document = data
    else:
        values = st.one_of(json_documents, st.just(EMAIL))
        document = data.draw(st.dictionaries(st.sampled_from(names), values, max_size=len(names)))
    body = json_bytes(document)
    fuzzed = FuzzRequest(method, path, b"", [("Content-Type", b"application/json")], body)
    before, journal = kraken_snapshot(state), len(state.journal)
    _check(send(client, fuzzed), state, before, journal)
