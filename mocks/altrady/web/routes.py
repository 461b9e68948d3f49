"""Placeholder: filled by the Altrady pages work."""

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
