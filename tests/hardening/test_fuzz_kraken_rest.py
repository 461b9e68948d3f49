"""Bad input to Kraken's REST API gets Kraken's own answer: HTTP 200 and one of Kraken's
error strings (or a 4xx for bytes that are not HTTP at all), never a 500, never the mock's
internal error, and nothing changed but one journal entry."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from urllib.parse import quote_from_bytes

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fixtures.servers import MockStack
from mocks.kraken.funding import WithdrawalKey
from mocks.kraken.keys import KeySpec
from mocks.kraken.rest import PRIVATE_METHODS, PUBLIC_METHODS
from mocks.kraken.rest.endpoint import INTERNAL_ERROR
from mocks.kraken.state import ApiKey, KrakenState
from mocks.kraken_facts.errors import INVALID_KEY, INVALID_SIGNATURE
from mocks.kraken_facts.permissions import PERMISSIONS
from mocks.kraken_facts.signing import sign
from tests.hardening.fuzz import (
    FUZZ_T0,
    FuzzRequest,
    assert_no_traceback,
    fuzz_requests,
    json_documents,
    odd_text,
    route_shapes,
    send,
)
from tests.hardening.snapshots import kraken_snapshot

KRAKEN_ERROR = r"^[EW][A-Za-z]+:\S"
METHOD_NAMES = sorted({*PUBLIC_METHODS, *PRIVATE_METHODS})
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# The parameters Kraken's methods read, so a fuzzed call reaches each method's own checks.
PARAMETER_NAMES = [
    "nonce", "pair", "type", "ordertype", "volume", "price", "price2", "leverage", "oflags",
    "timeinforce", "starttm", "expiretm", "userref", "cl_ord_id", "validate", "txid", "trades",
    "start", "end", "ofs", "closetime", "asset", "aclass", "info", "docalcs", "consolidate_taker",
    "otp", "reduce_only", "displayvol", "stptype", "without_count", "trigger", "orders",
    "cl_ord_ids", "order_qty", "limit_price", "trigger_price", "post_only", "display_qty",
    "timeout", "count", "interval", "since", "deadline", "cancel_response",
    "key", "amount", "method", "new", "refid", "address", "max_fee", "cursor", "limit",
    "verified", "network",
]  # fmt: skip
_nonces = itertools.count(1)


@pytest.fixture(scope="module")
def client(mocks: MockStack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=mocks.kraken_url, timeout=30) as http:
        yield http


def _fresh_key(state: KrakenState) -> ApiKey:
    """Empty state, one funded user and a key with every permission (no counters used)."""
    state.reset()
    state.create_user(
        "fuzz@example.test", "pw", balances={"ZUSD": Decimal(1000), "XXBT": Decimal(1)}
    )
    account = state.account("fuzz@example.test")
    account.funding.keys[("XXBT", "cold")] = WithdrawalKey("cold", "XXBT", "Bitcoin", "bc1qfuzz")
    spec = KeySpec(name="fuzz", permissions=frozenset(p.field for p in PERMISSIONS))
    return state.create_key("fuzz@example.test", spec)


def _check_answer(
    response: httpx.Response, state: KrakenState, before: dict[str, object], journal_before: int
) -> None:
    assert_no_traceback(response)
    if 400 <= response.status_code < 500 and len(state.journal) == journal_before:
        return  # refused before the app saw it (not HTTP uvicorn can read)
    assert response.status_code == 200, response.content[:300]
    new_entries = state.journal.entries()[journal_before:]
    assert len(new_entries) == 1, new_entries
    entry = new_entries[0]
    assert entry.error != INTERNAL_ERROR, f"the mock crashed on {entry}"
    if response.request.method != "HEAD":
        document = response.json()
        assert isinstance(document, dict)
        errors = document["error"]
        assert isinstance(errors, list)
        assert errors == ([entry.error] if entry.error else [])
        if not errors:
            assert isinstance(document["result"], dict | list)
    if entry.error is not None:
        assert re.match(KRAKEN_ERROR, entry.error), entry.error
        assert kraken_snapshot(state) == before, f"{entry.error} changed the state"


@FUZZ
@given(request=st.data())
def test_any_request_to_any_rest_route_gets_krakens_envelope(
    mocks: MockStack, client: httpx.Client, request: st.DataObject
) -> None:
    state: KrakenState = mocks.kraken_app.state.kraken
    key = _fresh_key(state)
    shapes = [s for s in route_shapes(mocks.kraken_app) if s.template.startswith("/0/")]
    fuzzed = request.draw(fuzz_requests(shapes, fills=st.sampled_from(METHOD_NAMES)))
    if request.draw(st.booleans(), label="with the real API-Key"):
        fuzzed.headers.append(("API-Key", key.public.encode()))
    before, journal_before = kraken_snapshot(state), len(state.journal)
    _check_answer(send(client, fuzzed), state, before, journal_before)


def _signed(key: ApiKey, method: str, body: bytes, nonce: str, content_type: str) -> FuzzRequest:
    path = f"/0/private/{method}"
    return FuzzRequest(
        method="POST",
        path=path,
        query=b"",
        headers=[
            ("API-Key", key.public.encode()),
            ("API-Sign", sign(key.secret, path, nonce, body).encode()),
            ("Content-Type", content_type.encode()),
        ],
        body=body,
    )


_values = st.one_of(
    odd_text,
    st.sampled_from(["XBTUSD", "XXBTZUSD", "buy", "sell", "limit", "market", "1", "0", "-1"]),
    st.sampled_from(["XBT", "cold", "Bitcoin", "0.5", "true", "bc1qfuzz", "0.00000000001"]),
    st.sampled_from(["1e400", "NaN", "-Infinity", "1" * 400, "0x10", "1_000", "٣", "²"]),
)
_fields = st.dictionaries(
    st.one_of(st.sampled_from(PARAMETER_NAMES), odd_text), _values, max_size=8
)


@FUZZ
@given(
    method=st.sampled_from(sorted(PRIVATE_METHODS)),
    fields=_fields,
    as_json=st.booleans(),
    nested=st.one_of(st.none(), st.tuples(st.sampled_from(PARAMETER_NAMES), json_documents)),
)
@example(method="AddOrder", fields={"volume": "1e400"}, as_json=False, nested=None)
def test_signed_calls_with_bad_arguments_get_krakens_errors(
    mocks: MockStack,
    client: httpx.Client,
    *,
    method: str,
    fields: dict[str, str],
    as_json: bool,
    nested: tuple[str, object] | None,
) -> None:
    state: KrakenState = mocks.kraken_app.state.kraken
    key = _fresh_key(state)
    nonce = str(int(FUZZ_T0 * 1000) + next(_nonces))
    document: dict[str, object] = {**fields, "nonce": nonce}
    if nested is not None:
        document[nested[0]] = nested[1]
        document["nonce"] = nonce
    if as_json:
        body = json.dumps(document, allow_nan=True).encode("utf-8", "surrogatepass")
        content_type = "application/json"
    else:
        body = "&".join(
            f"{quote_from_bytes(str(k).encode('utf-8', 'surrogatepass'))}="
            f"{quote_from_bytes(str(v).encode('utf-8', 'surrogatepass'))}"
            for k, v in document.items()
        ).encode()
        content_type = "application/x-www-form-urlencoded"
    before, journal_before = kraken_snapshot(state), len(state.journal)
    response = send(client, _signed(key, method, body, nonce, content_type))
    _check_answer(response, state, before, journal_before)
    entry = state.journal.entries()[-1]
    # The call was signed right, so it got past the key checks to the method's own.
    assert entry.error not in (INVALID_KEY, INVALID_SIGNATURE), entry


@pytest.mark.parametrize("path", ["/0", "/0/.", "/0/"])
def test_the_api_root_is_an_unknown_method_not_a_redirect(client: httpx.Client, path: str) -> None:
    # Found by the fuzz above: httpx sends /0/. as /0, which Starlette redirected to /0/.
    response = client.get(path)
    assert response.status_code == 200
    assert response.json() == {"error": ["EGeneral:Unknown method"]}
