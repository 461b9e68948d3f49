"""Tunable rules of the Kraken mock (the undocumented ones get a documented default)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KrakenSettings"]


@dataclass(frozen=True)
class KrakenSettings:
    # Temporary lockout: this many invalid nonces or signatures for one key within
    # ``lockout_window_s`` lock the key out for ``lockout_duration_s``. Kraken does not
    # publish its threshold.
    lockout_threshold: int = 10
    lockout_window_s: float = 60.0
    lockout_duration_s: float = 15.0
    # Largest private request body accepted; larger gets EGeneral:Invalid arguments.
    max_body_bytes: int = 64 * 1024
    # Trust X-Forwarded-For only from loopback peers, for platforms where the Altrady
    # mock cannot bind its whitelist's source addresses.
    trust_forwarded_for_from_loopback: bool = False
    # GetWebSocketsToken: how long a token is valid, in seconds (Kraken answers 900).
    websocket_token_ttl_s: int = 900
