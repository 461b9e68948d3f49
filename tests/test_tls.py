"""One TLS context per process (``mocks/tls.py``): as strict as httpx's own, built once."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from typing import Any

import anyio
import pytest

from fixtures.control import KrakenControl
from mocks.altrady.kraken_client import KrakenClient
from mocks.altrady.nonces import NonceSource
from mocks.clock import Clock
from mocks.kraken_facts.client import KrakenRestClient
from mocks.tls import shared_tls_context

ADDRESSES = ("127.0.0.11", "127.0.0.12", "127.0.0.13")
URL = "http://127.0.0.1:9"  # nothing is called


def test_it_verifies_certificates_and_host_names_as_httpx_does() -> None:
    context = shared_tls_context()
    assert context is shared_tls_context()
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    assert context.cert_store_stats()["x509_ca"] > 0, "no trusted roots loaded"


@pytest.fixture
def contexts_built(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Every TLS context built from here on (the shared one is built afresh, once)."""
    built: list[object] = []
    real = ssl.create_default_context

    def counting(*args: Any, **kwargs: Any) -> ssl.SSLContext:
        built.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(ssl, "create_default_context", counting)
    shared_tls_context.cache_clear()
    yield built
    shared_tls_context.cache_clear()  # not one built with the counter in place


def test_altradys_and_the_harness_clients_build_one_between_them(
    contexts_built: list[object],
) -> None:
    async def altrady_clients() -> None:
        for _ in range(2):  # Altrady's client is made again for each Kraken it is given
            client = KrakenClient(URL, ADDRESSES, NonceSource(Clock()))
            for address in ADDRESSES:
                client._client(address)
            await client.aclose()

    anyio.run(altrady_clients)
    for address in ADDRESSES:
        KrakenRestClient(URL, "key", "c2VjcmV0", local_address=address).close()
    KrakenControl(URL).close()
    assert len(contexts_built) == 1
