"""Placeholder: filled by the Kraken REST work."""

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
