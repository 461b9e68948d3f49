"""Kraken's published facts about its Spot WebSocket API v2.

From docs.kraken.com ("Spot WebSocket v2": ``status``, ``heartbeat``, ``ping``, ``book``
and its checksum guide, ``ohlc``, ``executions``, ``balances``, the authentication guide)
and the error strings Kraken's v2 endpoints send, as the public clients (ccxt's pro
``kraken``, python-kraken-sdk) list and match them.
"""

from __future__ import annotations

__all__ = [
    "ALREADY_SUBSCRIBED",
    "API_VERSION",
    "BOOK_DEPTHS",
    "CHECKSUM_LEVELS",
    "EVENT_NOT_FOUND",
    "HEARTBEAT_INTERVAL_S",
    "INVALID_ARGUMENTS",
    "INVALID_SESSION",
    "MALFORMED_REQUEST",
    "OHLC_INTERVALS",
    "ORDER_METHODS",
    "PRIVATE_CHANNELS",
    "PUBLIC_CHANNELS",
    "SUBSCRIPTION_DEPTH_NOT_SUPPORTED",
    "SUBSCRIPTION_NAME_INVALID",
    "SUBSCRIPTION_NOT_FOUND",
    "SUBSCRIPTION_OHLC_INTERVAL_NOT_SUPPORTED",
    "SUBSCRIPTION_OHLC_REQUIRES_INTERVAL",
    "TOKEN_FIRST_USE_S",
    "V2_ASSET_NAMES",
    "WS_PATH",
    "pair_not_supported",
]

API_VERSION = "v2"
# ws.kraken.com/v2 and ws-auth.kraken.com/v2: the path on both of Kraken's hosts.
WS_PATH = "/" + API_VERSION
# "Heartbeat messages are sent approximately once every second in the absence of any other
# channel updates", once the connection has a subscription.
HEARTBEAT_INTERVAL_S = 1.0
# GetWebSocketsToken: "the token must be used within 15 minutes of creation", then it stays
# valid while the subscription it was used for is maintained.
TOKEN_FIRST_USE_S = 900
# The book channel's depths, and the checksum always over the top 10 levels of each side.
BOOK_DEPTHS: tuple[int, ...] = (10, 25, 100, 500, 1000)
CHECKSUM_LEVELS = 10
# The ohlc channel's intervals, in minutes.
OHLC_INTERVALS: tuple[int, ...] = (1, 5, 15, 30, 60, 240, 1440, 10080, 21600)

PUBLIC_CHANNELS: tuple[str, ...] = ("instrument", "ticker", "book", "trade", "ohlc")
PRIVATE_CHANNELS: tuple[str, ...] = ("executions", "balances")
ORDER_METHODS: tuple[str, ...] = (
    "add_order",
    "amend_order",
    "edit_order",
    "cancel_order",
    "cancel_all",
    "cancel_all_orders_after",
    "batch_add",
    "batch_cancel",
)

# v2 names assets by their common codes, not the REST API's legacy X/Z codes.
V2_ASSET_NAMES: dict[str, str] = {
    "XXBT": "BTC",
    "XETH": "ETH",
    "ZUSD": "USD",
    "ZEUR": "EUR",
    "USDT": "USDT",
}

MALFORMED_REQUEST = "Malformed request"
EVENT_NOT_FOUND = "Event(s) not found"
ALREADY_SUBSCRIBED = "Already subscribed"
SUBSCRIPTION_NOT_FOUND = "Subscription Not Found"
SUBSCRIPTION_NAME_INVALID = "Subscription name invalid"
SUBSCRIPTION_DEPTH_NOT_SUPPORTED = "Subscription depth not supported"
SUBSCRIPTION_OHLC_INTERVAL_NOT_SUPPORTED = "Subscription ohlc interval not supported"
SUBSCRIPTION_OHLC_REQUIRES_INTERVAL = "Subscription ohlc requires interval"
INVALID_ARGUMENTS = "EGeneral:Invalid arguments"
# A token that is unknown, expired, or whose key was revoked or has expired.
INVALID_SESSION = "ESession:Invalid session"


def pair_not_supported(symbol: str) -> str:
    return f"Currency pair not supported {symbol}"
