"""Kraken's spot REST API: ``/0/public/<Method>`` and ``/0/private/<Method>``."""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from mocks.kraken.rest.endpoint import RestEndpoint
from mocks.kraken.rest.private import PRIVATE_METHODS
from mocks.kraken.rest.public import PUBLIC_METHODS
from mocks.kraken_facts.errors import UNKNOWN_METHOD

__all__ = ["PRIVATE_METHODS", "PUBLIC_METHODS", "UNKNOWN_METHOD", "routes"]

# Endpoints are plain ASGI apps, so Starlette leaves every HTTP method to them: a GET on a
# private method gets Kraken's envelope, not a 405 page. Any other path under /0/ (no
# method name, an unknown section) is an unknown method, and so is /0 itself, which
# Starlette would otherwise redirect to /0/ with an empty body.
routes: list[BaseRoute] = [
    Route("/0/public/{method}", RestEndpoint(private=False)),
    Route("/0/private/{method}", RestEndpoint(private=True)),
    Route("/0/{rest:path}", RestEndpoint(private=False)),
    Route("/0", RestEndpoint(private=False)),
]
