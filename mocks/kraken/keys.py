"""An API key's settings as a user chooses them, and the rules the create-key form and the
control API both enforce."""

from __future__ import annotations

from dataclasses import dataclass, field

from mocks.kraken.allowlist import AllowlistError, parse_allowlist
from mocks.kraken_facts.permissions import PERMISSION_FIELDS

__all__ = ["NAME_MAX_LENGTH", "KeySpec", "KeySpecError", "validate_key_spec"]

NAME_MAX_LENGTH = 32


@dataclass(frozen=True)
class KeySpec:
    """What the create-key form or ``POST /_mock/keys`` asks for.

    Times are unix seconds; 0 means "not set" (never expires, unrestricted query window).
    """

    name: str
    permissions: frozenset[str] = frozenset()
    ip_allowlist: tuple[str, ...] = ()
    nonce_window: int = 0
    valid_until: int = 0
    query_from: int = 0
    query_to: int = 0


@dataclass
class KeySpecError(ValueError):
    """Field name -> message, for every field that was refused."""

    errors: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return "; ".join(f"{name}: {message}" for name, message in self.errors.items())


def validate_key_spec(spec: KeySpec, *, existing_names: set[str], now: float) -> KeySpec:
    """Return ``spec`` with its allowlist normalised, or raise :class:`KeySpecError`."""
    errors: dict[str, str] = {}
    name = spec.name.strip()
    if not name:
        errors["name"] = "Enter a name for the key."
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = f"The name can be at most {NAME_MAX_LENGTH} characters."
    elif name in existing_names:
        errors["name"] = "A key with this name already exists."

    unknown = sorted(spec.permissions - PERMISSION_FIELDS)
    if unknown:
        errors["permissions"] = f"Unknown permission: {', '.join(unknown)}."

    allowlist: tuple[str, ...] = ()
    try:
        allowlist = parse_allowlist(spec.ip_allowlist)
    except AllowlistError as exc:
        errors["ip_allowlist"] = f"{exc.entry} is not a valid IP address or range."

    if spec.nonce_window < 0:
        errors["nonce_window"] = "The nonce window cannot be negative."

    if spec.valid_until < 0:
        errors["valid_until"] = "Choose a valid expiration date."
    elif spec.valid_until and spec.valid_until <= now:
        errors["valid_until"] = "The expiration date must be in the future."

    if spec.query_from < 0:
        errors["query_from"] = "Choose a valid start date."
    if spec.query_to < 0:
        errors["query_to"] = "Choose a valid end date."
    elif spec.query_from and spec.query_to and spec.query_to < spec.query_from:
        errors["query_to"] = "The end date must be after the start date."

    if errors:
        raise KeySpecError(errors)
    return KeySpec(
        name=name,
        permissions=frozenset(spec.permissions),
        ip_allowlist=allowlist,
        nonce_window=spec.nonce_window,
        valid_until=spec.valid_until,
        query_from=spec.query_from,
        query_to=spec.query_to,
    )
