"""Injected faults: the registry, then each action over real HTTP."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest

from mocks.kraken.faults import FaultRegistry
from mocks.kraken.harness import KrakenHarness
from mocks.tls import shared_tls_context

EMAIL = "ann@example.test"


def test_a_fault_fires_as_many_times_as_asked() -> None:
    registry = FaultRegistry()
    registry.add("Balance", "error", times=2)
    assert registry.take("Time") is None
    assert [registry.take("Balance") is not None for _ in range(3)] == [True, True, False]


def test_star_matches_every_endpoint_and_zero_means_until_cleared() -> None:
    registry = FaultRegistry()
    registry.add("*", "error", error="EService:Busy", times=0)
    for name in ("Time", "Balance", "AddOrder") * 5:
        fault = registry.take(name)
        assert fault is not None
        assert fault.error == "EService:Busy"
    registry.clear()
    assert registry.take("Time") is None


def test_faults_apply_in_the_order_they_were_added() -> None:
    registry = FaultRegistry()
    registry.add("Balance", "delay", delay_s=1)
    registry.add("*", "drop")
    first = registry.take("Balance")
    second = registry.take("Balance")
    assert (first and first.action, second and second.action) == ("delay", "drop")


@pytest.fixture
def http(rest_mock: KrakenHarness) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=rest_mock.url, timeout=30, verify=shared_tls_context()) as client:
        yield client


def test_an_injected_error_answers_krakens_envelope(http: httpx.Client) -> None:
    fault = {"endpoint": "Time", "action": "error", "error": "EService:Unavailable", "times": 1}
    added = http.post("/_mock/faults", json=fault)
    assert added.status_code == 201
    assert added.json()["endpoint"] == "Time"
    assert http.get("/0/public/Time").json() == {"error": ["EService:Unavailable"]}
    assert http.get("/0/public/Time").json()["error"] == []
    entries = http.get("/_mock/requests").json()["requests"]
    assert [e["error"] for e in entries] == ["EService:Unavailable", None]


def test_an_injected_error_wins_over_authentication(
    rest_mock: KrakenHarness, http: httpx.Client
) -> None:
    rest_mock.user(EMAIL)
    client = rest_mock.client(rest_mock.key(EMAIL, "k", {"funds_query"}))
    http.post("/_mock/faults", json={"endpoint": "Balance", "action": "error",
                                     "error": "EService:Busy"})  # fmt: skip
    assert client.private("Balance") == {"error": ["EService:Busy"]}
    assert client.private("Balance")["error"] == []


def test_a_dropped_connection_gets_no_http_answer(http: httpx.Client) -> None:
    http.post("/_mock/faults", json={"endpoint": "Ticker", "action": "drop"})
    with pytest.raises(httpx.RemoteProtocolError):
        http.get("/0/public/Ticker")
    assert http.get("/0/public/Ticker").json()["error"] == []
    entries = http.get("/_mock/requests").json()["requests"]
    assert entries[0]["outcome"] == "error"
    assert "dropped" in entries[0]["error"]


def test_a_delay_holds_the_call_until_cleared(rest_mock: KrakenHarness, http: httpx.Client) -> None:
    http.post("/_mock/faults", json={"endpoint": "Time", "action": "delay", "delay_s": 300})
    answers: list[dict[str, object]] = []

    def slow_call() -> None:
        with httpx.Client(base_url=rest_mock.url, timeout=60, verify=shared_tls_context()) as other:
            answers.append(other.get("/0/public/Time").json())

    caller = threading.Thread(target=slow_call)
    caller.start()
    assert rest_mock.state.faults.wait_until_held(1)
    assert answers == []
    assert http.delete("/_mock/faults").status_code == 200
    caller.join(30)
    assert not caller.is_alive()
    assert answers[0]["error"] == []


def test_a_short_delay_passes_by_itself(http: httpx.Client) -> None:
    http.post("/_mock/faults", json={"endpoint": "Time", "action": "delay", "delay_s": 0.05})
    assert http.get("/0/public/Time").json()["error"] == []


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"endpoint": "Nope", "action": "error"}, "unknown endpoint 'Nope'"),
        ({"endpoint": "Time", "action": "explode"}, "action"),
        ({"endpoint": "Time", "action": "error", "error": "Service down"}, "error"),
        ({"endpoint": "Time", "action": "delay", "delay_s": -1}, "delay_s"),
        ({"endpoint": "Time", "action": "delay", "delay_s": 3600}, "delay_s"),
        ({"endpoint": "Time", "action": "drop", "times": -1}, "times"),
        ({"endpoint": "Time", "action": "drop", "when": "now"}, "when"),
    ],
)
def test_bad_faults_are_refused(http: httpx.Client, body: dict[str, object], fragment: str) -> None:
    answer = http.post("/_mock/faults", json=body)
    assert answer.status_code == 422
    assert fragment in answer.json()["error"]


def test_list_faults(http: httpx.Client) -> None:
    http.post("/_mock/faults", json={"endpoint": "*", "action": "delay", "delay_s": 2, "times": 0})
    [fault] = http.get("/_mock/faults").json()["faults"]
    assert fault == {"id": fault["id"], "endpoint": "*", "action": "delay", "error": None,
                     "delay_s": 2.0, "times": 0, "fired": 0}  # fmt: skip
