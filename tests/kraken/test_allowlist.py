"""IP allowlists: parsing and matching, then the rule itself over real loopback sources."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mocks.clock import Clock
from mocks.kraken.allowlist import (
    AllowlistError,
    is_allowed,
    parse_allowlist,
    split_allowlist_text,
)
from mocks.kraken.harness import KrakenHarness
from mocks.kraken_facts.client import KrakenRestClient

EMAIL = "ann@example.test"


def test_split_on_commas_semicolons_spaces_and_lines() -> None:
    text = " 1.2.3.4, 5.6.7.8;\n10.0.0.0/8  ::1 "
    assert split_allowlist_text(text) == ["1.2.3.4", "5.6.7.8", "10.0.0.0/8", "::1"]
    assert split_allowlist_text("   ") == []


def test_parse_normalises_deduplicates_and_keeps_order() -> None:
    entries = ["10.0.0.7/24", "1.2.3.4/32", "1.2.3.4", "2001:DB8::1", " ", "2001:db8::/32"]
    assert parse_allowlist(entries) == ("10.0.0.0/24", "1.2.3.4", "2001:db8::1", "2001:db8::/32")


@pytest.mark.parametrize("entry", ["1.2.3", "300.1.1.1", "10.0.0.0/33", "example.com", "::g"])
def test_parse_refuses_what_is_not_an_address(entry: str) -> None:
    with pytest.raises(AllowlistError) as caught:
        parse_allowlist(["1.1.1.1", entry])
    assert caught.value.entry == entry
    assert entry in str(caught.value)


@pytest.mark.parametrize(
    ("address", "allowlist", "allowed"),
    [
        ("203.0.113.9", [], True),  # empty: any address
        ("203.0.113.9", ["203.0.113.9"], True),
        ("203.0.113.10", ["203.0.113.9"], False),
        ("203.0.113.200", ["203.0.113.0/24"], True),
        ("203.0.114.1", ["203.0.113.0/24"], False),
        ("2001:db8::5", ["2001:db8::/64"], True),
        ("2001:db9::5", ["2001:db8::/64"], False),
        ("::ffff:203.0.113.9", ["203.0.113.9"], True),  # v4-mapped counts as IPv4
        ("::ffff:203.0.113.9", ["::ffff:203.0.113.9"], False),
        ("203.0.113.9", ["2001:db8::/32"], False),  # no cross-family match
        ("not an ip", ["0.0.0.0/0"], False),
        ("", ["0.0.0.0/0"], False),
    ],
)
def test_is_allowed(address: str, allowlist: list[str], allowed: bool) -> None:
    assert is_allowed(address, allowlist) is allowed


# The rule over real connections: Linux lets a client bind any 127.0.0.0/8 source.


@pytest.fixture
def kraken(rest_mock: KrakenHarness) -> KrakenHarness:
    rest_mock.user(EMAIL, balances={"ZUSD": "5"})
    return rest_mock


def balance_error(kraken: KrakenHarness, allowlist: list[str], source: str) -> list[str]:
    key = kraken.key(
        EMAIL, f"key {len(kraken.state.keys)}", {"funds_query"}, ip_allowlist=allowlist
    )
    error: list[str] = kraken.client(key, local_address=source).private("Balance")["error"]
    return error


def test_an_allowed_source_passes(kraken: KrakenHarness) -> None:
    assert balance_error(kraken, ["127.0.0.5"], "127.0.0.5") == []
    assert kraken.state.journal.entries()[-1].source_ip == "127.0.0.5"


def test_another_source_is_denied(kraken: KrakenHarness) -> None:
    assert balance_error(kraken, ["127.0.0.5"], "127.0.0.6") == ["EGeneral:Permission denied"]


def test_cidr_edges(kraken: KrakenHarness) -> None:
    allowlist = ["127.0.0.64/30"]
    assert balance_error(kraken, allowlist, "127.0.0.64") == []
    assert balance_error(kraken, allowlist, "127.0.0.67") == []
    assert balance_error(kraken, allowlist, "127.0.0.63") == ["EGeneral:Permission denied"]
    assert balance_error(kraken, allowlist, "127.0.0.68") == ["EGeneral:Permission denied"]


def test_an_empty_allowlist_allows_any_source(kraken: KrakenHarness) -> None:
    assert balance_error(kraken, [], "127.0.0.99") == []


def test_forwarded_for_is_ignored_unless_trusted(kraken: KrakenHarness) -> None:
    key = kraken.key(EMAIL, "k", {"funds_query"}, ip_allowlist=["198.51.100.7"])
    client = kraken.client(key)
    forwarded = {"X-Forwarded-For": "198.51.100.7"}
    assert client.private("Balance", headers=forwarded)["error"] == ["EGeneral:Permission denied"]
    kraken.configure(trust_forwarded_for_from_loopback=True)
    assert client.private("Balance", headers=forwarded)["error"] == []
    assert kraken.state.journal.entries()[-1].source_ip == "198.51.100.7"
    spoofed = {"X-Forwarded-For": "198.51.100.8"}
    assert client.private("Balance", headers=spoofed)["error"] == ["EGeneral:Permission denied"]


@pytest.fixture(scope="module", params=["::1", "::ffff:127.0.0.1"], ids=["ipv6", "v4-mapped"])
def dual_stack(request: pytest.FixtureRequest) -> Iterator[tuple[KrakenHarness, str]]:
    """A mock on an IPv6 socket; clients reach it over ::1, or over IPv4 (v4-mapped)."""
    host: str = request.param
    with KrakenHarness.start(clock=Clock(), host=host) as harness:
        url = harness.url if host == "::1" else f"http://127.0.0.1:{harness.server.port}"
        yield harness, url


def test_ipv6_and_v4_mapped_sources(dual_stack: tuple[KrakenHarness, str]) -> None:
    harness, url = dual_stack
    harness.reset()
    harness.user(EMAIL)
    v6 = harness.key(EMAIL, "v6", {"funds_query"}, ip_allowlist=["::1"])
    v4 = harness.key(EMAIL, "v4", {"funds_query"}, ip_allowlist=["127.0.0.0/28"])
    source = "127.0.0.9" if "127.0.0.1" in url else None
    results = {}
    for key in (v6, v4):
        with KrakenRestClient(url, key.public, key.secret, local_address=source) as client:
            results[key.name] = client.private("Balance")["error"]
    if source is None:  # over ::1
        assert results == {"v6": [], "v4": ["EGeneral:Permission denied"]}
    else:  # the peer is ::ffff:127.0.0.9, matched as 127.0.0.9
        assert harness.state.journal.entries()[-1].source_ip == "::ffff:127.0.0.9"
        assert results == {"v6": ["EGeneral:Permission denied"], "v4": []}
