"""Reading a ``subscribe``/``unsubscribe`` request: which channel, which symbols, which
options, and Kraken's error for each thing wrong with it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mocks.kraken.market import AssetPair
from mocks.kraken.ws.feeds import find_symbol
from mocks.kraken_facts.websocket import (
    BOOK_DEPTHS,
    INVALID_ARGUMENTS,
    OHLC_INTERVALS,
    PRIVATE_CHANNELS,
    PUBLIC_CHANNELS,
    SUBSCRIPTION_DEPTH_NOT_SUPPORTED,
    SUBSCRIPTION_NAME_INVALID,
    SUBSCRIPTION_OHLC_INTERVAL_NOT_SUPPORTED,
    SUBSCRIPTION_OHLC_REQUIRES_INTERVAL,
)

__all__ = ["SYMBOL_CHANNELS", "RequestError", "SubscriptionRequest", "read_request"]

SYMBOL_CHANNELS = ("ticker", "book", "trade", "ohlc")
_FIELDS: dict[str, frozenset[str]] = {
    "ticker": frozenset({"channel", "symbol", "event_trigger", "snapshot"}),
    "book": frozenset({"channel", "symbol", "depth", "snapshot"}),
    "trade": frozenset({"channel", "symbol", "snapshot"}),
    "ohlc": frozenset({"channel", "symbol", "interval", "snapshot"}),
    "instrument": frozenset({"channel", "snapshot", "include_tokenized_assets"}),
    "heartbeat": frozenset({"channel"}),
    "executions": frozenset(
        {"channel", "token", "snap_orders", "snap_trades", "order_status", "ratecounter"}
    ),
    "balances": frozenset({"channel", "token", "snapshot"}),
}
# Defaults as Kraken's docs give them; trade alone sends no snapshot unless asked.
_SNAPSHOT_DEFAULT = {"trade": False}


class RequestError(ValueError):
    def __init__(self, message: str, symbol: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.symbol = symbol


@dataclass(frozen=True)
class SubscriptionRequest:
    channel: str
    symbols: tuple[str, ...] = ()
    pairs: dict[str, AssetPair] = field(default_factory=dict)
    snapshot: bool = True
    depth: int = 10
    interval: int = 1
    event_trigger: str = "trades"
    snap_orders: bool = True
    snap_trades: bool = False
    token: object = None

    @property
    def private(self) -> bool:
        return self.channel in PRIVATE_CHANNELS


def _bool(params: dict[str, Any], name: str, default: bool) -> bool:
    value = params.get(name, default)
    if not isinstance(value, bool):
        raise RequestError(f"{INVALID_ARGUMENTS}:{name}")
    return value


def read_request(params: object, *, authenticated: bool) -> SubscriptionRequest:
    if not isinstance(params, dict):
        raise RequestError(INVALID_ARGUMENTS)
    channel = params.get("channel")
    known = (*PUBLIC_CHANNELS, "heartbeat", *(PRIVATE_CHANNELS if authenticated else ()))
    if not isinstance(channel, str) or channel not in known:
        raise RequestError(SUBSCRIPTION_NAME_INVALID)
    for name in params:
        if name not in _FIELDS[channel]:
            raise RequestError(f"Unsupported field: '{name}' for the given msg type: {channel}")
    fields: dict[str, Any] = {"channel": channel}
    if channel in SYMBOL_CHANNELS:
        fields.update(_symbols(params))
    fields.update(_options(channel, params))
    if "snapshot" in _FIELDS[channel]:
        fields["snapshot"] = _bool(params, "snapshot", _SNAPSHOT_DEFAULT.get(channel, True))
    if channel in PRIVATE_CHANNELS:
        fields["token"] = params.get("token")
    return SubscriptionRequest(**fields)


def _symbols(params: dict[str, Any]) -> dict[str, Any]:
    symbols = params.get("symbol")
    if not isinstance(symbols, list) or not symbols or not all(isinstance(s, str) for s in symbols):
        raise RequestError(f"{INVALID_ARGUMENTS}:symbol")
    unique = tuple(dict.fromkeys(symbols))
    pairs = {s: p for s in unique if (p := find_symbol(s)) is not None}
    return {"symbols": unique, "pairs": pairs}


def _int_option(params: dict[str, Any], name: str, allowed: tuple[int, ...], error: str) -> int:
    value = params[name]
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        raise RequestError(error)
    return value


def _options(channel: str, params: dict[str, Any]) -> dict[str, Any]:
    if channel == "book":
        if "depth" not in params:
            return {}
        return {
            "depth": _int_option(params, "depth", BOOK_DEPTHS, SUBSCRIPTION_DEPTH_NOT_SUPPORTED)
        }
    if channel == "ohlc":
        if "interval" not in params:
            raise RequestError(SUBSCRIPTION_OHLC_REQUIRES_INTERVAL)
        interval = _int_option(
            params, "interval", OHLC_INTERVALS, SUBSCRIPTION_OHLC_INTERVAL_NOT_SUPPORTED
        )
        return {"interval": interval}
    if channel == "ticker":
        trigger = params.get("event_trigger", "trades")
        if trigger not in ("bbo", "trades"):
            raise RequestError(f"{INVALID_ARGUMENTS}:event_trigger")
        return {"event_trigger": trigger}
    if channel == "executions":
        return {
            "snap_orders": _bool(params, "snap_orders", True),
            "snap_trades": _bool(params, "snap_trades", False),
        }
    return {}
