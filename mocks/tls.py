"""One TLS context per process for every HTTP client the project builds.

httpx builds a new ``ssl.SSLContext`` for each client and each transport, and building one
loads certifi's CA bundle: about 15 ms of CPU, far more on a busy machine. Altrady builds a
client per egress address for every Kraken it is pointed at, the harness and the tests many
more; that was an eighth of the fast tests' CPU, for clients that speak plain HTTP to a mock
on loopback. The context here is the one httpx would build (certificates verified against
certifi's roots), built once, when first asked for; a context is safe to share between
threads.
"""

from __future__ import annotations

import functools
import ssl

import httpx

__all__ = ["shared_tls_context"]


@functools.cache
def shared_tls_context() -> ssl.SSLContext:
    return httpx.create_ssl_context()
