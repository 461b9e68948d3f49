from __future__ import annotations

import threading

from mocks.kraken.harness import KrakenHarness
from mocks.kraken_facts.client import KrakenRestClient, NonceSource


def test_nonces_strictly_increase_across_threads() -> None:
    source = NonceSource(start=10)
    seen: list[int] = []
    lock = threading.Lock()

    def take() -> None:
        for _ in range(200):
            n = source()
            with lock:
                seen.append(n)

    threads = [threading.Thread(target=take) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(seen)) == 800
    assert min(seen) >= 10


def test_the_repr_never_shows_the_secret(rest_mock: KrakenHarness) -> None:
    rest_mock.user("a@example.test")
    key = rest_mock.key("a@example.test", "k")
    with KrakenRestClient(rest_mock.url, key.public, key.secret) as client:
        assert key.secret not in repr(client)
        assert client.private("GetApiKeyInfo")["error"] == []
