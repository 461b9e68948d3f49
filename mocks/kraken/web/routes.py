"""Placeholder: filled by the Kraken pages work."""

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
