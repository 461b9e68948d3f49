"""Altrady's side of Kraken's REST API: signed private calls over httpx.

Calls leave from the source addresses of Altrady's IP whitelist, one
``httpx.AsyncClient`` per address (``local_address``), taken in turn. A key whose IP
restriction lacks one of those addresses therefore really fails at Kraken. Signing is
Kraken's protocol, like a client library's: it comes from ``mocks.kraken_facts.signing``.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx

from mocks.altrady.nonces import NonceSource
from mocks.kraken_facts.signing import sign
from mocks.tls import shared_tls_context

__all__ = [
    "Credentials",
    "KrakenClient",
    "KrakenError",
    "KrakenUnavailableError",
    "SignedCall",
]

PRIVATE_PREFIX = "/0/private/"
PUBLIC_PREFIX = "/0/public/"

Params = Mapping[str, str | int]


@dataclass(frozen=True)
class Credentials:
    """One Kraken API key as Altrady holds it. The private key never shows in a repr."""

    api_key: str
    private_key: str = field(repr=False)


class KrakenError(Exception):
    """Kraken answered, and refused: ``errors`` are its own strings (``EAPI:Invalid key``)."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = tuple(errors)
        super().__init__(", ".join(self.errors))

    @property
    def code(self) -> str:
        """The first error without its optional detail (``EGeneral:Invalid arguments``)."""
        category, _, rest = self.errors[0].partition(":")
        message = rest.split(":", 1)[0]
        return f"{category}:{message}" if rest else category


class KrakenUnavailableError(Exception):
    """No usable answer from Kraken: connection refused, timeout, a non-200, not JSON."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class SignedCall:
    """A private call ready to send: its nonce is taken and its signature computed."""

    method: str
    nonce: int
    body: str
    headers: dict[str, str] = field(repr=False)

    @property
    def path(self) -> str:
        return PRIVATE_PREFIX + self.method


class KrakenClient:
    def __init__(
        self,
        base_url: str,
        egress_addresses: Sequence[str],
        nonces: NonceSource,
        *,
        timeout_s: float = 5.0,
    ) -> None:
        if not egress_addresses:
            raise ValueError("Altrady needs at least one egress address")
        self.base_url = base_url.rstrip("/")
        self.egress_addresses = tuple(egress_addresses)
        self._nonces = nonces
        self._timeout_s = timeout_s
        # Made on first use, in the loop that serves the app, and closed by ``aclose``.
        self._clients: dict[str, httpx.AsyncClient] = {}
        self._turns = itertools.cycle(self.egress_addresses)
        self._turns_lock = threading.Lock()

    async def aclose(self) -> None:
        clients, self._clients = self._clients, {}
        for client in clients.values():
            await client.aclose()

    def _client(self, address: str | None) -> httpx.AsyncClient:
        address = address or self._next_address()
        if address not in self.egress_addresses:
            raise ValueError(f"{address} is not one of Altrady's egress addresses")
        client = self._clients.get(address)
        if client is None:
            client = httpx.AsyncClient(
                base_url=self.base_url,
                timeout=self._timeout_s,
                transport=httpx.AsyncHTTPTransport(
                    local_address=address, retries=0, verify=shared_tls_context()
                ),
            )
            self._clients[address] = client
        return client

    def prepare(
        self, credentials: Credentials, method: str, params: Params | None = None
    ) -> SignedCall:
        """Take the key's next nonce and sign the call (raises ``ValueError`` on a bad key)."""
        nonce = self._nonces.next(credentials.api_key)
        # Nonce first, as krakenex does; Kraken hashes the body exactly as sent.
        body = urlencode({"nonce": nonce, **(params or {})})
        signature = sign(
            credentials.private_key, PRIVATE_PREFIX + method, str(nonce), body.encode()
        )
        headers = {
            "API-Key": credentials.api_key,
            "API-Sign": signature,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        return SignedCall(method=method, nonce=nonce, body=body, headers=headers)

    async def send(self, call: SignedCall, *, address: str | None = None) -> Any:
        """Send a prepared call; its ``result`` or :class:`KrakenError`."""
        client = self._client(address)
        request = client.build_request("POST", call.path, content=call.body, headers=call.headers)
        return await _exchange(client, request)

    async def call(
        self,
        credentials: Credentials,
        method: str,
        params: Params | None = None,
        *,
        address: str | None = None,
    ) -> Any:
        return await self.send(self.prepare(credentials, method, params), address=address)

    async def public(self, method: str, params: Params | None = None) -> Any:
        client = self._client(None)
        request = client.build_request("GET", PUBLIC_PREFIX + method, params=dict(params or {}))
        return await _exchange(client, request)

    def _next_address(self) -> str:
        with self._turns_lock:
            return next(self._turns)


async def _exchange(client: httpx.AsyncClient, request: httpx.Request) -> Any:
    try:
        response = await client.send(request)
    except httpx.TimeoutException:
        raise KrakenUnavailableError("Kraken took too long to answer") from None
    except (httpx.RemoteProtocolError, httpx.ReadError):
        # Kraken took the request, then closed or reset the connection without an answer.
        raise KrakenUnavailableError("Kraken closed the connection without answering") from None
    except httpx.TransportError:
        raise KrakenUnavailableError("Kraken could not be reached") from None
    return _result_of(response)


def _result_of(response: httpx.Response) -> Any:
    if response.status_code != 200:
        raise KrakenUnavailableError(f"Kraken answered HTTP {response.status_code}")
    try:
        envelope = response.json()
    except ValueError:
        raise KrakenUnavailableError("Kraken's answer was not JSON") from None
    if not isinstance(envelope, dict) or not isinstance(envelope.get("error", []), list):
        raise KrakenUnavailableError("Kraken's answer had an unexpected shape")
    errors = [str(error) for error in envelope.get("error", [])]
    # Warnings ("W...") ride along with a result; only "E..." entries are refusals.
    refusals = [error for error in errors if not error.startswith("W")]
    if refusals:
        raise KrakenError(refusals)
    if "result" not in envelope:
        raise KrakenUnavailableError("Kraken's answer had no result")
    return envelope["result"]
