from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.datastructures import FormData

from mocks.kraken.keys import KeySpec, KeySpecError
from mocks.kraken.web.key_form import (
    DATETIME_HINT,
    NONCE_WINDOW_MAX,
    KeyFormValues,
    build_key_spec,
    parse_utc_datetime,
)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC).timestamp()
# The fields the form has an error slot for (``<field>-error``).
FORM_FIELDS = {
    "name",
    "permissions",
    "ip_allowlist",
    "nonce_window",
    "valid_until",
    "query_from",
    "query_to",
}

GUIDE_PERMISSIONS = frozenset(
    {
        "funds_query",
        "trades_query_open",
        "trades_query_closed",
        "trades_modify",
        "trades_close",
        "ledger_query",
        "websocket",
    }
)


def build(values: KeyFormValues, existing: set[str] | None = None) -> KeySpec:
    return build_key_spec(values, existing_names=existing or set(), now=NOW)


def errors_of(values: KeyFormValues, existing: set[str] | None = None) -> dict[str, str]:
    with pytest.raises(KeySpecError) as refused:
        build(values, existing)
    return refused.value.errors


def test_reads_every_field_from_a_submitted_form() -> None:
    form = FormData(
        [
            ("name", "Altrady 1"),
            *[("permissions", p) for p in sorted(GUIDE_PERMISSIONS)],
            ("ip_restriction", "on"),
            ("ip_allowlist", "127.0.0.2, 127.0.0.3"),
            ("nonce_window_enabled", "on"),
            ("nonce_window", "5000"),
            ("expiration_enabled", "on"),
            ("valid_until", "2027-01-01T00:00"),
            ("query_from", "2026-01-01T00:00"),
            ("query_to", ""),
        ]
    )
    values = KeyFormValues.from_form(form)
    assert values.permissions == GUIDE_PERMISSIONS
    assert values.ip_restriction
    assert values.nonce_window_enabled
    assert values.expiration_enabled
    assert values.valid_until == "2027-01-01T00:00"
    assert not KeyFormValues.from_form(FormData([("name", "x")])).ip_restriction


def test_the_guides_settings_become_a_spec() -> None:
    spec = build(
        KeyFormValues(
            name="Altrady 1",
            permissions=GUIDE_PERMISSIONS,
            ip_restriction=True,
            ip_allowlist="127.0.0.2, 127.0.0.3\n127.0.0.4 10.0.0.0/8",
            nonce_window_enabled=True,
            nonce_window="5000",
        )
    )
    assert spec == KeySpec(
        name="Altrady 1",
        permissions=GUIDE_PERMISSIONS,
        ip_allowlist=("127.0.0.2", "127.0.0.3", "127.0.0.4", "10.0.0.0/8"),
        nonce_window=5000,
    )


def test_dates_are_read_as_utc() -> None:
    spec = build(
        KeyFormValues(
            name="k",
            expiration_enabled=True,
            valid_until="2027-01-01T00:00",
            query_from="2026-01-01T00:00",
            query_to="2026-06-30T23:59:30",
        )
    )
    assert spec.valid_until == int(datetime(2027, 1, 1, tzinfo=UTC).timestamp())
    assert spec.query_from == int(datetime(2026, 1, 1, tzinfo=UTC).timestamp())
    assert spec.query_to == int(datetime(2026, 6, 30, 23, 59, 30, tzinfo=UTC).timestamp())


def test_values_behind_an_unticked_option_are_ignored() -> None:
    spec = build(
        KeyFormValues(
            name="k",
            ip_allowlist="not an address",
            nonce_window="-1",
            valid_until="2000-01-01T00:00",
        )
    )
    assert (spec.ip_allowlist, spec.nonce_window, spec.valid_until) == ((), 0, 0)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (KeyFormValues(name=""), "name", "Enter a name for the key."),
        (KeyFormValues(name="   "), "name", "Enter a name for the key."),
        (KeyFormValues(name="x" * 33), "name", "The name can be at most 32 characters."),
        (
            KeyFormValues(name="k", ip_restriction=True, ip_allowlist="1.2.3.4, 1.2.3.x"),
            "ip_allowlist",
            "1.2.3.x is not a valid IP address or range.",
        ),
        (
            KeyFormValues(name="k", ip_restriction=True, ip_allowlist=" \n "),
            "ip_allowlist",
            "Enter at least one IP address or range.",
        ),
        (
            KeyFormValues(name="k", nonce_window_enabled=True, nonce_window="-1"),
            "nonce_window",
            "The nonce window cannot be negative.",
        ),
        (
            KeyFormValues(name="k", nonce_window_enabled=True, nonce_window="5e3"),
            "nonce_window",
            "The nonce window must be a whole number.",
        ),
        (
            KeyFormValues(name="k", nonce_window_enabled=True, nonce_window=""),
            "nonce_window",
            "Enter a nonce window.",
        ),
        (
            KeyFormValues(
                name="k", nonce_window_enabled=True, nonce_window=str(NONCE_WINDOW_MAX + 1)
            ),
            "nonce_window",
            "The nonce window is too large.",
        ),
        (
            KeyFormValues(name="k", nonce_window_enabled=True, nonce_window="9" * 5000),
            "nonce_window",
            "The nonce window is too large.",
        ),
        (
            KeyFormValues(name="k", expiration_enabled=True, valid_until="2026-11-25T11:59"),
            "valid_until",
            "The expiration date must be in the future.",
        ),
        (
            KeyFormValues(name="k", expiration_enabled=True, valid_until=""),
            "valid_until",
            "Choose when the key expires.",
        ),
        (
            KeyFormValues(name="k", expiration_enabled=True, valid_until="tomorrow"),
            "valid_until",
            DATETIME_HINT,
        ),
        (
            KeyFormValues(name="k", query_from="2026-02-01T00:00", query_to="2026-01-01T00:00"),
            "query_to",
            "The end date must be after the start date.",
        ),
        (KeyFormValues(name="k", query_from="01/02/2026"), "query_from", DATETIME_HINT),
        (
            KeyFormValues(name="k", permissions=frozenset({"funds_query", "moon"})),
            "permissions",
            "Unknown permission: moon.",
        ),
    ],
)
def test_refuses_bad_input_with_a_message_for_the_field(
    values: KeyFormValues, field: str, message: str
) -> None:
    assert errors_of(values) == {field: message}


def test_a_duplicate_name_is_refused() -> None:
    assert errors_of(KeyFormValues(name="Altrady 1"), {"Altrady 1"}) == {
        "name": "A key with this name already exists."
    }


def test_every_bad_field_is_reported_at_once() -> None:
    errors = errors_of(
        KeyFormValues(
            name="",
            ip_restriction=True,
            ip_allowlist="nope",
            nonce_window_enabled=True,
            nonce_window="-5",
            expiration_enabled=True,
            valid_until="2020-01-01T00:00",
            query_from="2026-02-01T00:00",
            query_to="2026-01-01T00:00",
        )
    )
    assert set(errors) == {"name", "ip_allowlist", "nonce_window", "valid_until", "query_to"}


def test_parse_utc_datetime_converts_offsets() -> None:
    assert parse_utc_datetime("2026-01-01T02:00+02:00") == datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_utc_datetime("2026-13-01T00:00") is None


@given(
    name=st.text(max_size=40),
    allowlist=st.text(max_size=60),
    window=st.text(max_size=30),
    moment=st.text(max_size=30),
    toggles=st.tuples(st.booleans(), st.booleans(), st.booleans()),
)
def test_any_input_gives_a_spec_or_field_messages_never_a_crash(
    name: str, allowlist: str, window: str, moment: str, toggles: tuple[bool, bool, bool]
) -> None:
    values = KeyFormValues(
        name=name,
        ip_restriction=toggles[0],
        ip_allowlist=allowlist,
        nonce_window_enabled=toggles[1],
        nonce_window=window,
        expiration_enabled=toggles[2],
        valid_until=moment,
        query_from=moment,
        query_to=moment,
    )
    errors: dict[str, str] = {}
    try:
        build(values)
    except KeySpecError as refused:
        errors = refused.errors
        assert errors
    assert set(errors) <= FORM_FIELDS
    assert all(isinstance(message, str) and message for message in errors.values())
