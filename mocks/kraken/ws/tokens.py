"""The tokens ``GetWebSocketsToken`` issues, and whether one still opens the WebSocket.

Kraken: a token "must be used within 15 minutes of creation", and then stays valid as long
as a subscription made with it is maintained. Here a token is refused (``ESession:Invalid
session``) when it is unknown, when its key was revoked or has expired, or when it is older
than 15 minutes on the mock's clock and no subscription made with it is alive.

Tokens are random and name their key through a weak reference to the key object, so one
registry serves every Kraken mock in the process: a token is honoured only by the state
whose key table still holds that very key.
"""

from __future__ import annotations

import base64
import secrets
import threading
import weakref
from dataclasses import dataclass, field

from mocks.kraken.state import ApiKey, KrakenState
from mocks.kraken_facts.websocket import INVALID_SESSION, TOKEN_FIRST_USE_S

__all__ = ["TOKENS", "TokenGrant", "TokenRefusedError", "TokenRegistry"]


class TokenRefusedError(Exception):
    def __init__(self) -> None:
        super().__init__(INVALID_SESSION)
        self.message = INVALID_SESSION


@dataclass
class TokenGrant:
    public: str  # the key's public half, never its secret
    key: weakref.ref[ApiKey] = field(repr=False)
    issued_at: float
    live_subscriptions: int = 0


class TokenRegistry:
    def __init__(self) -> None:
        self._grants: dict[str, TokenGrant] = {}
        self._lock = threading.Lock()

    def issue(self, key: ApiKey, now: float) -> str:
        token = base64.b64encode(secrets.token_bytes(30)).decode()
        with self._lock:
            self._forget_stale(now)
            self._grants[token] = TokenGrant(key.public, weakref.ref(key), now)
        return token

    def check(self, token: object, state: KrakenState, now: float) -> tuple[ApiKey, TokenGrant]:
        """The key behind ``token`` if it may be used now; :class:`TokenRefusedError` if not."""
        if not isinstance(token, str):
            raise TokenRefusedError()
        with self._lock:
            grant = self._grants.get(token)
        if grant is None:
            raise TokenRefusedError()
        key = grant.key()
        with state.lock:
            current = state.keys.get(grant.public)
        if key is None or current is not key or key.is_expired(now):
            raise TokenRefusedError()
        if now - grant.issued_at > TOKEN_FIRST_USE_S and grant.live_subscriptions <= 0:
            raise TokenRefusedError()
        return key, grant

    def hold(self, grant: TokenGrant) -> None:
        with self._lock:
            grant.live_subscriptions += 1

    def release(self, grant: TokenGrant) -> None:
        with self._lock:
            grant.live_subscriptions = max(0, grant.live_subscriptions - 1)

    def _forget_stale(self, now: float) -> None:
        stale = [
            token
            for token, grant in self._grants.items()
            if grant.key() is None
            or (now - grant.issued_at > TOKEN_FIRST_USE_S and grant.live_subscriptions <= 0)
        ]
        for token in stale:
            del self._grants[token]


TOKENS = TokenRegistry()
