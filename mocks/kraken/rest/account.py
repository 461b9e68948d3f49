"""About the key itself: ``GetApiKeyInfo`` and ``GetWebSocketsToken``."""

from __future__ import annotations

from typing import Any

from mocks.kraken.rest.context import PrivateCall
from mocks.kraken.ws.tokens import TOKENS

__all__ = ["api_key_info", "websockets_token"]


def websockets_token(call: PrivateCall) -> dict[str, Any]:
    token = TOKENS.issue(call.key, call.now)  # the WebSocket endpoints redeem it
    return {"token": token, "expires": call.settings.websocket_token_ttl_s}


def api_key_info(call: PrivateCall) -> dict[str, Any]:
    """The key's own settings (never its secret). Times are unix seconds as strings."""
    key = call.key
    spec = key.spec
    return {
        "apiKeyName": spec.name,
        "apiKey": key.public,
        "nonce": str(key.highest_nonce),
        "nonceWindow": spec.nonce_window,
        "permissions": sorted(spec.permissions),
        "validUntil": str(spec.valid_until),
        "queryFrom": str(spec.query_from),
        "queryTo": str(spec.query_to),
        "createdTime": str(int(key.created)),
        "modifiedTime": str(int(key.modified)),
        "ipAllowlist": list(spec.ip_allowlist),
        "lastUsed": str(int(key.last_used or 0)),
    }
