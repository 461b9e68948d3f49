"""A one-time, server-side stash for a new key's private key.

Kraken shows a key's private key once, right after it is generated. The create form
posts, the server stashes the secret under a random token, keeps only that token in the
session and redirects (POST-redirect-GET); the next page pops the entry and shows it.
After that the secret lives only in the key store, never in a cookie, a URL or a page.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field

from starlette.requests import Request

from mocks.clock import Clock

__all__ = ["NewKeyReveal", "SecretStash", "stash_of"]

STASH_TTL_S = 15 * 60  # an unclaimed secret is dropped after this long


@dataclass(frozen=True)
class NewKeyReveal:
    """What the "Your new API key" dialog shows, once."""

    owner_email: str
    key_name: str
    public_key: str
    private_key: str = field(repr=False)


@dataclass
class _Entry:
    reveal: NewKeyReveal
    stored_at: float


class SecretStash:
    def __init__(self, clock: Clock, *, ttl_s: float = STASH_TTL_S) -> None:
        self._clock = clock
        self._ttl_s = ttl_s
        self._lock = threading.Lock()
        self._entries: dict[str, _Entry] = {}

    def put(self, reveal: NewKeyReveal) -> str:
        """Keep ``reveal`` and return the token that claims it."""
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._drop_expired()
            self._entries[token] = _Entry(reveal, self._clock.now())
        return token

    def pop(self, token: str, *, owner_email: str) -> NewKeyReveal | None:
        """Claim and forget the entry; None when unknown, expired or someone else's."""
        with self._lock:
            self._drop_expired()
            entry = self._entries.get(token)
            if entry is None or entry.reveal.owner_email != owner_email:
                return None
            del self._entries[token]
            return entry.reveal

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def _drop_expired(self) -> None:
        cutoff = self._clock.now() - self._ttl_s
        for token in [t for t, e in self._entries.items() if e.stored_at <= cutoff]:
            del self._entries[token]


_APP_ATTRIBUTE = "kraken_secret_stash"


def stash_of(request: Request) -> SecretStash:
    """The app's stash, made on first use (the app factory need not know about it)."""
    stash = getattr(request.app.state, _APP_ATTRIBUTE, None)
    if not isinstance(stash, SecretStash):
        stash = SecretStash(request.app.state.clock)
        setattr(request.app.state, _APP_ATTRIBUTE, stash)
    return stash
