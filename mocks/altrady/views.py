"""The JSON shapes the Altrady API answers with. No private key ever enters them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from mocks.altrady.balances import balance_rows
from mocks.altrady.live_stream import LiveStatus
from mocks.altrady.settings import MAX_KEYS_PER_ACCOUNT
from mocks.altrady.store import StoredAccount, StoredKey

__all__ = ["account_view", "iso_utc", "key_view", "masked_key"]


def masked_key(api_key: str) -> str:
    """Enough of the API key to recognise it: ``AbCdEf…wXyZ``."""
    if len(api_key) <= 12:
        return "…" + api_key[-2:]
    return f"{api_key[:6]}…{api_key[-4:]}"


def iso_utc(unix_seconds: float | None) -> str | None:
    if unix_seconds is None:
        return None
    moment = datetime.fromtimestamp(unix_seconds, UTC).replace(microsecond=0)
    return moment.isoformat().replace("+00:00", "Z")


def key_view(key: StoredKey) -> dict[str, Any]:
    return {
        "id": key.id,
        "position": key.position,
        "name": key.name,
        "masked_key": masked_key(key.api_key),
        "status": key.status,
        "warnings": list(key.warnings),
    }


def account_view(account: StoredAccount, *, live: LiveStatus | None = None) -> dict[str, Any]:
    """``live``: whether balances arrive by themselves (None: Altrady runs without them)."""
    live = live or LiveStatus("off", "Live updates are off.")
    return {
        "id": account.id,
        "exchange": account.exchange,
        "name": account.name,
        "status": account.status,
        "status_message": account.status_message,
        "max_keys": MAX_KEYS_PER_ACCOUNT,
        "keys": [key_view(key) for key in account.keys],
        "balances": [
            {"asset": row.asset, "display": row.display, "amount": row.amount}
            for row in balance_rows(dict(account.balances))
        ],
        "balances_updated_at": iso_utc(account.balances_updated_at),
        "live": live.as_json(),
    }
