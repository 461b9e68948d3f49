"""The create-key form: what the user typed, and how it becomes a :class:`KeySpec`.

The form's own rules (a ticked option needs its value, a date must be a date) are checked
here; the key rules themselves (name, addresses, window, dates in order) belong to
``mocks.kraken.keys.validate_key_spec``, whose messages are shown as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from starlette.datastructures import FormData

from mocks.kraken.allowlist import split_allowlist_text
from mocks.kraken.keys import KeySpec, KeySpecError, validate_key_spec

__all__ = ["NONCE_WINDOW_MAX", "KeyFormValues", "build_key_spec", "parse_utc_datetime"]

# Nonces are unsigned 64-bit integers, so no wider window means anything.
NONCE_WINDOW_MAX = 2**64 - 1

DATETIME_HINT = "Enter a date and time as YYYY-MM-DDTHH:MM (UTC)."


@dataclass(frozen=True)
class KeyFormValues:
    """The form's fields as submitted (strings kept verbatim, to re-render them)."""

    name: str = ""
    permissions: frozenset[str] = frozenset()
    ip_restriction: bool = False
    ip_allowlist: str = ""
    nonce_window_enabled: bool = False
    nonce_window: str = ""
    expiration_enabled: bool = False
    valid_until: str = ""
    query_from: str = ""
    query_to: str = ""

    @classmethod
    def from_form(cls, form: FormData) -> KeyFormValues:
        def text(key: str) -> str:
            value = form.get(key)
            return value if isinstance(value, str) else ""

        return cls(
            name=text("name"),
            permissions=frozenset(p for p in form.getlist("permissions") if isinstance(p, str)),
            ip_restriction=bool(text("ip_restriction")),
            ip_allowlist=text("ip_allowlist"),
            nonce_window_enabled=bool(text("nonce_window_enabled")),
            nonce_window=text("nonce_window"),
            expiration_enabled=bool(text("expiration_enabled")),
            valid_until=text("valid_until"),
            query_from=text("query_from"),
            query_to=text("query_to"),
        )


@dataclass
class _Parsed:
    errors: dict[str, str] = field(default_factory=dict)

    def timestamp(self, field_name: str, raw: str, *, required_message: str | None) -> int:
        if not raw.strip():
            if required_message:
                self.errors[field_name] = required_message
            return 0
        moment = parse_utc_datetime(raw)
        if moment is None:
            self.errors[field_name] = DATETIME_HINT
            return 0
        return int(moment.timestamp())

    def nonce_window(self, raw: str) -> int:
        text = raw.strip()
        if not text:
            self.errors["nonce_window"] = "Enter a nonce window."
            return 0
        try:
            window = int(text) if len(text) <= 32 else NONCE_WINDOW_MAX + 1
        except ValueError:
            self.errors["nonce_window"] = "The nonce window must be a whole number."
            return 0
        if window > NONCE_WINDOW_MAX:
            self.errors["nonce_window"] = "The nonce window is too large."
            return 0
        return window

    def allowlist(self, raw: str) -> tuple[str, ...]:
        entries = tuple(split_allowlist_text(raw))
        if not entries:
            self.errors["ip_allowlist"] = "Enter at least one IP address or range."
        return entries


def parse_utc_datetime(raw: str) -> datetime | None:
    """A ``datetime-local`` value read as UTC; one with an offset is converted to UTC."""
    try:
        moment = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _spec_from(values: KeyFormValues, parsed: _Parsed) -> KeySpec:
    return KeySpec(
        name=values.name,
        permissions=values.permissions,
        ip_allowlist=parsed.allowlist(values.ip_allowlist) if values.ip_restriction else (),
        nonce_window=(
            parsed.nonce_window(values.nonce_window) if values.nonce_window_enabled else 0
        ),
        valid_until=(
            parsed.timestamp(
                "valid_until",
                values.valid_until,
                required_message="Choose when the key expires.",
            )
            if values.expiration_enabled
            else 0
        ),
        query_from=parsed.timestamp("query_from", values.query_from, required_message=None),
        query_to=parsed.timestamp("query_to", values.query_to, required_message=None),
    )


def build_key_spec(values: KeyFormValues, *, existing_names: set[str], now: float) -> KeySpec:
    """The spec the form asks for; raises :class:`KeySpecError` naming every bad field.

    The result still goes through ``KrakenState.create_key``, which validates again under
    its lock (a key of the same name may have appeared meanwhile).
    """
    parsed = _Parsed()
    spec = _spec_from(values, parsed)
    try:
        validate_key_spec(spec, existing_names=existing_names, now=now)
        rule_errors: dict[str, str] = {}
    except KeySpecError as exc:
        rule_errors = exc.errors
    # A field the form could not read was sent on as 0, so its own message wins.
    errors = {**rule_errors, **parsed.errors}
    if errors:
        raise KeySpecError(errors)
    return spec
