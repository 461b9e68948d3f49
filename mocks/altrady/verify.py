"""Connect's check of one key: what Kraken says about it, against what Altrady needs.

A key passes when Kraken knows it, the private key signs for it, it holds every
permission Altrady uses and none that moves money out, and its IP restriction admits all
of Altrady's egress addresses. Its balances come back with it, so a fresh connection shows
them at once.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from mocks.altrady.kraken_client import Credentials, KrakenError, KrakenUnavailableError
from mocks.altrady.kraken_messages import ErrorKind, kind_of, trader_message
from mocks.kraken_facts.permissions import label_of

__all__ = [
    "LIVE_UPDATES_PERMISSION",
    "RECOMMENDED_NONCE_WINDOW",
    "REQUIRED_PERMISSIONS",
    "ApiKeyInfo",
    "Caller",
    "KeyRefusedError",
    "VerifiedKey",
    "check_format",
    "parse_balances",
    "verify_key",
]

# The guide's "as shown": Query Funds, all of Orders & Trades, Query Ledger Entries and
# the WebSocket interface. A key without the WebSocket interface still connects (REST does
# everything else); the account's live updates need it, so Connect warns.
REQUIRED_PERMISSIONS: tuple[str, ...] = (
    "funds_query",
    "trades_query_open",
    "trades_query_closed",
    "trades_modify",
    "trades_close",
    "ledger_query",
)
LIVE_UPDATES_PERMISSION = "websocket"
REFUSED_PERMISSIONS: tuple[str, ...] = ("funds_withdraw",)
UNNEEDED_PERMISSIONS: tuple[str, ...] = ("funds_add", "funds_earn")
RECOMMENDED_NONCE_WINDOW = 5000
EXPIRY_WARNING_S = 7 * 24 * 3600

# Kraken's keys are base64; anything else cannot be sent in a header anyway.
_API_KEY = re.compile(r"[A-Za-z0-9+/=]{16,128}")
_PRIVATE_KEY = re.compile(r"[A-Za-z0-9+/]{20,}={0,2}")

Caller = Callable[[Credentials, str], Awaitable[Any]]


class KeyRefusedError(Exception):
    """The key cannot be connected; ``message`` says why in a trader's words."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class VerifiedKey:
    credentials: Credentials
    name: str  # the key's name on Kraken
    warnings: tuple[str, ...]
    balances: dict[str, str]  # Kraken's Balance answer, strings untouched


class ApiKeyInfo(BaseModel):
    """The parts of ``GetApiKeyInfo`` that Connect looks at."""

    model_config = ConfigDict(extra="ignore")

    apiKeyName: str = ""  # noqa: N815 - Kraken's field name
    permissions: list[str] = []
    ipAllowlist: list[str] = []  # noqa: N815
    nonceWindow: int = 0  # noqa: N815
    validUntil: int = 0  # noqa: N815

    @field_validator("permissions", mode="before")
    @classmethod
    def _granted_fields(cls, value: object) -> object:
        if isinstance(value, dict):  # {"funds_query": true, ...}
            return [name for name, granted in value.items() if granted]
        return value

    @field_validator("ipAllowlist", mode="before")
    @classmethod
    def _entries(cls, value: object) -> object:
        if value is None:
            return []
        if isinstance(value, str):
            return [part for part in re.split(r"[\s,;]+", value) if part]
        return value


def check_format(credentials: Credentials) -> None:
    """Refuse what is plainly not a Kraken key pair, before asking Kraken."""
    if not credentials.api_key:
        raise KeyRefusedError("Paste the API key from Kraken's dialog.")
    if not credentials.private_key:
        raise KeyRefusedError("Paste the Private key from Kraken's dialog.")
    if not _API_KEY.fullmatch(credentials.api_key):
        raise KeyRefusedError(
            "This is not a Kraken API key: copy the API key from Kraken's dialog again."
        )
    if not _PRIVATE_KEY.fullmatch(credentials.private_key) or len(credentials.private_key) % 4:
        raise KeyRefusedError(
            "This private key is incomplete: copy the whole Private key from Kraken's dialog."
        )


async def verify_key(
    call: Caller, credentials: Credentials, *, whitelist: Sequence[str], now: float
) -> VerifiedKey:
    """Ask Kraken about the key and judge it; :class:`KeyRefusedError` when it will not do.

    ``KrakenUnavailableError`` passes through: Kraken not answering is no fault of the key.
    """
    check_format(credentials)
    info = _parse_info(await _ask(call, credentials, "GetApiKeyInfo"))
    problems = _problems(info, whitelist=whitelist, now=now)
    if problems:
        raise KeyRefusedError(" ".join(problems))
    balances = parse_balances(await _ask(call, credentials, "Balance"))
    return VerifiedKey(
        credentials=credentials,
        name=info.apiKeyName or credentials.api_key[:6],
        warnings=tuple(_warnings(info, now=now)),
        balances=balances,
    )


def parse_balances(result: object) -> dict[str, str]:
    """Kraken's ``Balance`` answer as asset -> amount string, rejecting any other shape."""
    if not isinstance(result, dict) or not all(
        isinstance(asset, str) and isinstance(amount, str) for asset, amount in result.items()
    ):
        raise KrakenUnavailableError("Kraken's Balance answer had an unexpected shape")
    return dict(result)


async def _ask(call: Caller, credentials: Credentials, method: str) -> Any:
    try:
        return await call(credentials, method)
    except KrakenError as error:
        if kind_of(error) is ErrorKind.SERVICE:
            # Kraken is down or busy: no fault of the key, and nothing to fix in it.
            raise KrakenUnavailableError("Kraken is busy or in maintenance") from None
        raise KeyRefusedError(trader_message(error)) from None


def _parse_info(result: object) -> ApiKeyInfo:
    try:
        return ApiKeyInfo.model_validate(result)
    except ValidationError:
        reason = "Kraken's GetApiKeyInfo answer had an unexpected shape"
        raise KrakenUnavailableError(reason) from None


def _problems(info: ApiKeyInfo, *, whitelist: Sequence[str], now: float) -> list[str]:
    problems: list[str] = []
    if info.validUntil and info.validUntil <= now:
        problems.append(
            f"This API key expired on {_when(info.validUntil)}: create a new key on Kraken."
        )
    granted = set(info.permissions)
    missing = [label_of(name) for name in REQUIRED_PERMISSIONS if name not in granted]
    if missing:
        problems.append(
            f"This key lacks permissions Altrady needs: {', '.join(missing)}. "
            "Create the key again with them ticked."
        )
    if any(name in granted for name in REFUSED_PERMISSIONS):
        problems.append(
            "This key can withdraw funds: create a key without Withdraw Funds, "
            "Altrady never needs it."
        )
    whitelist_text = ",".join(whitelist)
    if not info.ipAllowlist:
        problems.append(
            "This key has no IP address restriction: enable it and paste Altrady's "
            f"IP whitelist ({whitelist_text})."
        )
    else:
        blocked = [address for address in whitelist if not _admits(info.ipAllowlist, address)]
        if blocked:
            problems.append(
                "This key's IP address restriction does not allow Altrady's "
                f"{_plural(len(blocked), 'address', 'addresses')} {', '.join(blocked)}: "
                f"paste Altrady's IP whitelist ({whitelist_text}) into it."
            )
    return problems


def _warnings(info: ApiKeyInfo, *, now: float) -> list[str]:
    warnings: list[str] = []
    if info.nonceWindow < RECOMMENDED_NONCE_WINDOW:
        warnings.append(
            f"Its Custom Nonce Window is {info.nonceWindow}: set Custom Nonce Window to "
            f"{RECOMMENDED_NONCE_WINDOW} on Kraken, or busy moments may cause nonce errors."
        )
    if LIVE_UPDATES_PERMISSION not in set(info.permissions):
        warnings.append(
            f"It lacks {label_of(LIVE_UPDATES_PERMISSION)}, so it cannot give Altrady live "
            "updates: balances change only when you click Resync or Altrady refreshes them."
        )
    extra = [label_of(name) for name in UNNEEDED_PERMISSIONS if name in set(info.permissions)]
    if extra:
        warnings.append(
            f"It also has {', '.join(extra)}, which Altrady does not need: "
            "consider a key without them."
        )
    if info.validUntil and info.validUntil - now < EXPIRY_WARNING_S:
        warnings.append(f"It expires on {_when(info.validUntil)}: add a new key before then.")
    return warnings


def _admits(allowlist: Sequence[str], address: str) -> bool:
    ip = ipaddress.ip_address(address)
    for entry in allowlist:
        try:
            network = ipaddress.ip_network(entry, strict=False)
        except ValueError:
            continue
        if network.version == ip.version and ip in network:
            return True
    return False


def _when(unix_seconds: int) -> str:
    return datetime.fromtimestamp(unix_seconds, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many
