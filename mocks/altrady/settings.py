"""Settings of the Altrady mock."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DEFAULT_EGRESS_ADDRESSES",
    "MAX_KEYS_MESSAGE",
    "MAX_KEYS_PER_ACCOUNT",
    "AltradySettings",
]

# Altrady's IP whitelist: the source addresses its backend calls Kraken from. Linux
# lets a process bind any address in 127.0.0.0/8, so these are real egress addresses.
DEFAULT_EGRESS_ADDRESSES: tuple[str, ...] = ("127.0.0.11", "127.0.0.12", "127.0.0.13")

MAX_KEYS_PER_ACCOUNT = 10


@dataclass(frozen=True)
class AltradySettings:
    kraken_url: str
    # Kraken's authenticated WebSocket (``ws://HOST:PORT/v2``); None: no live updates.
    kraken_ws_auth_url: str | None = None
    egress_addresses: tuple[str, ...] = DEFAULT_EGRESS_ADDRESSES
    # Balances refresh by themselves this often (seconds); 0 turns it off.
    refresh_interval_s: float = 30.0
    # How often (real seconds) the refresh task reads the clock to see what is due; a test
    # that advances a frozen clock sees the refresh within one tick.
    refresh_tick_s: float = 1.0
    # The Kraken tier the key pool assumes when it estimates each key's rate counters
    # ("Starter", "Intermediate" or "Pro"); Kraken does not tell Altrady the real one.
    assumed_kraken_tier: str = "Starter"
    kraken_timeout_s: float = 5.0
    # Where accounts and keys are kept; None keeps them in memory only.
    database_path: str | None = None


# Shown by the page beside the disabled "++ Add Extra Key" button and returned by the API
# (HTTP 409) for a request that tries to go past the limit.
MAX_KEYS_MESSAGE = (
    f"An exchange account can have at most {MAX_KEYS_PER_ACCOUNT} API keys. "
    "Remove a key before adding another."
)
