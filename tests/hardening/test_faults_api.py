"""Kraken failing under Altrady: an error answer, an answer too slow, a dropped connection.

Both mocks run for real (``start_mocks``), Altrady with a short ``kraken_timeout_s`` so a
delay fault outlasts it. Each fault is injected through Kraken's control API. Altrady must
say clearly what happened, keep every stored key and balance, and work again once Kraken
does: the test waits on answers, never on the clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from fixtures.control import AltradyControl, FaultAction, KeyPair, KrakenControl
from fixtures.servers import MockStack, start_mocks
from mocks.altrady.settings import DEFAULT_EGRESS_ADDRESSES
from mocks.altrady.verify import REQUIRED_PERMISSIONS
from mocks.tls import shared_tls_context

EMAIL, PASSWORD = "fay@example.test", "a long enough password"
BALANCES = {"ZUSD": "1000.0000", "XXBT": "0.5000000000"}
# Short enough to keep the test quick, long enough for a loaded machine's honest answers.
ALTRADY_TIMEOUT_S = 1.5
# Longer than Altrady waits: a delayed call is cut off by Altrady, then released by clearing.
DELAY_S = 60.0

FAULTS: dict[str, dict[str, Any]] = {
    "unavailable": {"action": "error", "error": "EService:Unavailable"},
    "too-slow": {"action": "delay", "delay_s": DELAY_S},
    "dropped": {"action": "drop"},
}
# What Altrady tells the trader for each fault, in words (no exception names).
REASONS = {
    "unavailable": "Kraken is busy or in maintenance",
    "too-slow": "Kraken took too long to answer",
    "dropped": "Kraken closed the connection without answering",
}


@pytest.fixture(scope="module")
def stack() -> Iterator[MockStack]:
    with start_mocks(altrady_overrides={"kraken_timeout_s": ALTRADY_TIMEOUT_S}) as started:
        yield started


@pytest.fixture
def kraken(stack: MockStack) -> Iterator[KrakenControl]:
    with KrakenControl(stack.kraken_url) as control:
        yield control
        control.clear_faults()  # releases any call a delay still holds


@pytest.fixture
def altrady_control(stack: MockStack) -> Iterator[AltradyControl]:
    with AltradyControl(stack.altrady_url) as control:
        yield control


@pytest.fixture
def altrady(
    stack: MockStack, kraken: KrakenControl, altrady_control: AltradyControl
) -> Iterator[httpx.Client]:
    """A logged-in Altrady API session, both mocks emptied first."""
    altrady_control.reset()
    kraken.reset()
    stack.clock.reset()
    kraken.create_user(EMAIL, PASSWORD, balances=BALANCES)
    altrady_control.create_user(EMAIL, PASSWORD)
    with httpx.Client(
        base_url=stack.altrady_url, timeout=30, verify=shared_tls_context()
    ) as client:
        client.post("/api/session", json={"email": EMAIL, "password": PASSWORD}).raise_for_status()
        yield client


def _good_key(kraken: KrakenControl, name: str) -> KeyPair:
    return kraken.create_key(
        EMAIL,
        name,
        REQUIRED_PERMISSIONS,
        ip_allowlist=DEFAULT_EGRESS_ADDRESSES,
        nonce_window=5000,
    )


def _keys_body(*keys: KeyPair) -> list[dict[str, str]]:
    return [{"api_key": key.key, "private_key": key.secret} for key in keys]


def _connect(altrady: httpx.Client, *keys: KeyPair) -> httpx.Response:
    return altrady.post("/api/accounts", json={"exchange": "kraken", "keys": _keys_body(*keys)})


def _add_fault(kraken: KrakenControl, name: str, endpoint: str = "*") -> None:
    fault = FAULTS[name]
    action: FaultAction = fault["action"]
    kraken.add_fault(
        endpoint, action, error=fault.get("error"), delay_s=fault.get("delay_s"), times=0
    )


def _stored_keys(altrady: httpx.Client, account_id: str) -> list[str]:
    account = altrady.get(f"/api/accounts/{account_id}").json()["account"]
    return [key["id"] for key in account["keys"]]


def _balances(account: dict[str, Any]) -> dict[str, str]:
    return {row["asset"]: row["amount"] for row in account["balances"]}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_connect_during_an_outage_says_so_beside_each_key_and_saves_nothing(
    altrady: httpx.Client, kraken: KrakenControl, fault: str
) -> None:
    kept = _connect(altrady, _good_key(kraken, "Kept")).json()["account"]
    first, second = _good_key(kraken, "New 1"), _good_key(kraken, "New 2")
    _add_fault(kraken, fault)

    answer = _connect(altrady, first, second)

    assert answer.status_code == 502, answer.text
    body = answer.json()
    assert body["error"].startswith("Kraken did not answer")
    assert REASONS[fault] in body["error"]
    assert [problem["index"] for problem in body["key_errors"]] == [0, 1]
    for problem in body["key_errors"]:
        assert "was not saved" in problem["message"]
        assert "Error" not in problem["message"]  # no exception class names
    accounts = altrady.get("/api/accounts").json()["accounts"]
    assert [account["id"] for account in accounts] == [kept["id"]]
    assert len(accounts[0]["keys"]) == 1

    kraken.clear_faults()
    assert _connect(altrady, first, second).status_code == 201


@pytest.mark.parametrize("fault", list(FAULTS))
def test_resync_during_an_outage_is_a_502_that_keeps_keys_and_balances(
    altrady: httpx.Client, kraken: KrakenControl, fault: str
) -> None:
    account = _connect(altrady, _good_key(kraken, "One"), _good_key(kraken, "Two")).json()[
        "account"
    ]
    keys_before = _stored_keys(altrady, account["id"])
    _add_fault(kraken, fault)

    failed = altrady.post(f"/api/accounts/{account['id']}/resync")

    assert failed.status_code == 502, failed.text
    assert failed.json()["error"].startswith("Kraken did not answer")
    assert "Error" not in failed.json()["error"]
    after = altrady.get(f"/api/accounts/{account['id']}").json()["account"]
    assert _balances(after) == BALANCES
    assert [key["id"] for key in after["keys"]] == keys_before

    kraken.clear_faults()
    kraken.set_balances(EMAIL, {"ZUSD": "7.0000"})
    recovered = altrady.post(f"/api/accounts/{account['id']}/resync")
    assert recovered.status_code == 200, recovered.text
    assert _balances(recovered.json()["account"]) == {"ZUSD": "7.0000"}
    assert [key["id"] for key in recovered.json()["account"]["keys"]] == keys_before


def test_a_delayed_call_is_cut_off_by_altradys_timeout_not_waited_out(
    stack: MockStack, altrady: httpx.Client, kraken: KrakenControl
) -> None:
    account = _connect(altrady, _good_key(kraken, "One")).json()["account"]
    _add_fault(kraken, "too-slow", endpoint="Balance")
    faults = stack.kraken_app.state.kraken.faults

    failed = altrady.post(f"/api/accounts/{account['id']}/resync")

    assert failed.status_code == 502
    assert "took too long" in failed.json()["error"]
    assert faults.held_calls == 1  # Kraken still holds the call Altrady gave up on
    kraken.clear_faults()
    assert altrady.post(f"/api/accounts/{account['id']}/resync").status_code == 200


def test_a_scheduled_refresh_during_an_outage_changes_nothing(
    altrady: httpx.Client, kraken: KrakenControl, altrady_control: AltradyControl
) -> None:
    account = _connect(altrady, _good_key(kraken, "One")).json()["account"]
    _add_fault(kraken, "dropped")
    assert altrady_control.refresh() == {"refreshed": 0, "failed": 1}
    after = altrady.get(f"/api/accounts/{account['id']}").json()["account"]
    assert _balances(after) == BALANCES
    assert len(after["keys"]) == 1

    kraken.clear_faults()
    assert altrady_control.refresh() == {"refreshed": 1, "failed": 0}


def test_grid_bot_during_an_outage_is_a_502_with_a_message(
    altrady: httpx.Client, kraken: KrakenControl
) -> None:
    account = _connect(altrady, _good_key(kraken, "One")).json()["account"]
    _add_fault(kraken, "dropped")
    answer = altrady.post(f"/api/accounts/{account['id']}/grid-bot", json={"pair": "XBTUSD"})
    assert answer.status_code == 502
    assert REASONS["dropped"] in answer.json()["error"]
