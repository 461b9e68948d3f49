"""Signed calls to Kraken's private REST API, made by a scenario itself.

Scenarios use it to ask Kraken what it holds (step 11's balances) and to send nonces out of
order (the nonce-window warning), from one of Altrady's whitelisted source addresses so
the key's IP restriction lets the call through. The signature is computed here, from
Kraken's documented scheme, independently of the mock's own code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import time
import urllib.parse
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

import httpx

__all__ = ["KrakenAnswer", "KrakenPrivateClient", "source_address_in"]


def source_address_in(whitelist: list[str]) -> str:
    """A local address inside the whitelist to send from (Linux binds any of 127/8)."""
    for entry in whitelist:
        network = ipaddress.ip_network(entry, strict=False)
        if network.is_loopback:
            hosts = [network.network_address] if network.num_addresses == 1 else network.hosts()
            return str(next(iter(hosts)))
    raise AssertionError(f"no loopback address to send from in the whitelist {whitelist}")


def sign(path: str, body: str, nonce: int, secret: str) -> str:
    digest = hashlib.sha256((str(nonce) + body).encode()).digest()
    mac = hmac.new(base64.b64decode(secret), path.encode() + digest, hashlib.sha512)
    return base64.b64encode(mac.digest()).decode()


@dataclass(frozen=True)
class KrakenAnswer:
    error: list[str]
    result: Any


@dataclass
class KrakenPrivateClient:
    base_url: str
    api_key: str
    secret: str = field(repr=False)
    source_address: str = "127.0.0.1"

    def __post_init__(self) -> None:
        transport = httpx.HTTPTransport(local_address=self.source_address)
        self._http = httpx.Client(base_url=self.base_url, transport=transport, timeout=10.0)
        self._last_nonce = 0

    def next_nonce(self) -> int:
        """Milliseconds, like krakenex and ccxt, and always above the last one sent."""
        self._last_nonce = max(time.time_ns() // 1_000_000, self._last_nonce + 1)
        return self._last_nonce

    def call(self, method: str, nonce: int | None = None, **params: str) -> KrakenAnswer:
        if nonce is None:
            nonce = self.next_nonce()
        path = f"/0/private/{method}"
        body = urllib.parse.urlencode({"nonce": str(nonce), **params})
        response = self._http.post(
            path,
            content=body,
            headers={
                "API-Key": self.api_key,
                "API-Sign": sign(path, body, nonce, self.secret),
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        assert response.status_code == 200, f"Kraken answered HTTP {response.status_code}"
        envelope = response.json()
        return KrakenAnswer(error=list(envelope.get("error", [])), result=envelope.get("result"))

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
