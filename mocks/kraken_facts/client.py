"""A small signed client for the Kraken REST API (the mock's or any base URL), over httpx.

It signs exactly as Kraken documents and lets a test or a QA script step outside the
happy path on purpose: choose the nonce, the body encoding, the source address, or send
a call unsigned. Answers are Kraken's raw envelopes (``{"error": [...], "result": ...}``).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Literal, Self
from urllib.parse import urlencode

import httpx

from mocks.kraken_facts.signing import sign
from mocks.tls import shared_tls_context

__all__ = ["Encoding", "KrakenRestClient", "NonceSource"]

Encoding = Literal["form", "json"]


class NonceSource:
    """Strictly increasing millisecond nonces, safe across threads, never repeated even
    when two calls fall in the same millisecond."""

    def __init__(self, start: int | None = None) -> None:
        self._lock = threading.Lock()
        self._last = (start if start is not None else int(time.time() * 1000)) - 1

    def __call__(self) -> int:
        with self._lock:
            self._last = max(self._last + 1, int(time.time() * 1000))
            return self._last


class KrakenRestClient:
    def __init__(
        self,
        base_url: str,
        key: str = "",
        secret: str = "",
        *,
        local_address: str | None = None,
        nonces: NonceSource | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.key = key
        self._secret = secret
        self.next_nonce = nonces or NonceSource()
        tls = shared_tls_context()
        transport = (
            httpx.HTTPTransport(local_address=local_address, verify=tls) if local_address else None
        )
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"), timeout=timeout, transport=transport, verify=tls
        )

    def __repr__(self) -> str:
        return f"KrakenRestClient({str(self._http.base_url)!r}, key={self.key[:6]!r}...)"

    def public(
        self, method: str, params: Mapping[str, str] | None = None, *, http_method: str = "GET"
    ) -> dict[str, Any]:
        response = self._http.request(http_method, f"/0/public/{method}", params=params)
        return self._envelope(response)

    def private(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        nonce: int | str | None = None,
        encoding: Encoding = "form",
        signed: bool = True,
        headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """POST ``/0/private/<method>`` with a fresh nonce (or the one given), signed."""
        fields: dict[str, Any] = {"nonce": nonce if nonce is not None else self.next_nonce()}
        fields.update(params or {})
        path = f"/0/private/{method}"
        if encoding == "json":
            body = json.dumps(fields).encode()
            content_type = "application/json"
        else:
            body = urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        sent = {"Content-Type": content_type, "API-Key": self.key}
        if signed:
            sent["API-Sign"] = sign(self._secret, path, str(fields["nonce"]), body)
        sent.update(headers or {})
        response = self._http.post(path, content=body, headers=sent)
        return self._envelope(response)

    def raw(
        self,
        http_method: str,
        path: str,
        *,
        content: bytes = b"",
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Send exactly these bytes and headers (for malformed-input tests)."""
        return self._http.request(http_method, path, content=content, headers=headers)

    @staticmethod
    def _envelope(response: httpx.Response) -> dict[str, Any]:
        response.raise_for_status()
        answer: dict[str, Any] = response.json()
        return answer

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
