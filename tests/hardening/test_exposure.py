"""The mocks listen on loopback unless told otherwise, and say so when they do not."""

from __future__ import annotations

import pytest

from fixtures.servers import exposure_warning, is_loopback_host, start_mocks


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.11", "localhost", "LOCALHOST", "::1"])
def test_loopback_hosts_need_no_warning(host: str) -> None:
    assert is_loopback_host(host)
    assert exposure_warning(host) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "", "192.168.1.20", "mocks.example"])
def test_any_other_host_is_announced_as_reachable_from_the_network(host: str) -> None:
    warning = exposure_warning(host)
    assert warning is not None
    assert "reachable from the network" in warning
    assert (host or "0.0.0.0") in warning


def test_the_default_binds_loopback_and_stays_quiet() -> None:
    warnings: list[str] = []
    with start_mocks(warn=warnings.append) as stack:
        assert (stack.kraken.host, stack.altrady.host) == ("127.0.0.1", "127.0.0.1")
    assert warnings == []
