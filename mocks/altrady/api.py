"""Placeholder: filled by the Altrady backend work."""

from starlette.routing import BaseRoute

routes: list[BaseRoute] = []
