"""Order entry over the authenticated WebSocket: add_order, amend_order, edit_order,
cancel_order, cancel_all, cancel_all_orders_after, batch_add and batch_cancel, through the
trading engine's service, as REST's AddOrder and friends go."""

from __future__ import annotations

from mocks.kraken.ws.hub import WsHub

__all__ = ["install"]


def install(hub: WsHub) -> None:
    """Register the order methods on ``hub`` (none until the trading service exists)."""
    del hub
