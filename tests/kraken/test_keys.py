from __future__ import annotations

import pytest

from mocks.kraken.keys import KeySpec, KeySpecError, validate_key_spec

NOW = 1_800_000_000.0


def valid(**changes: object) -> KeySpec:
    spec = KeySpec(name="Altrady 1", **changes)  # type: ignore[arg-type]
    return validate_key_spec(spec, existing_names={"Taken"}, now=NOW)


def refused(**changes: object) -> dict[str, str]:
    with pytest.raises(KeySpecError) as caught:
        validate_key_spec(
            KeySpec(**{"name": "k", **changes}),  # type: ignore[arg-type]
            existing_names={"Taken"},
            now=NOW,
        )
    return caught.value.errors


def test_a_valid_spec_is_normalised() -> None:
    spec = valid(
        permissions=frozenset({"funds_query"}),
        ip_allowlist=("10.0.0.7/24", "10.0.0.7/24", "1.2.3.4/32"),
        nonce_window=5000,
        valid_until=int(NOW) + 1,
    )
    assert spec.ip_allowlist == ("10.0.0.0/24", "1.2.3.4")
    assert spec.nonce_window == 5000


def test_names() -> None:
    assert valid().name == "Altrady 1"
    assert validate_key_spec(KeySpec(name="  x  "), existing_names=set(), now=NOW).name == "x"
    assert "name" in refused(name="")
    assert "name" in refused(name="x" * 33)
    assert refused(name="Taken") == {"name": "A key with this name already exists."}
    assert validate_key_spec(KeySpec(name="x" * 32), existing_names=set(), now=NOW)


def test_each_refused_field_is_named() -> None:
    errors = refused(
        permissions=frozenset({"funds_fly"}),
        ip_allowlist=("nope",),
        nonce_window=-1,
        valid_until=int(NOW),
        query_from=-1,
    )
    assert set(errors) == {
        "permissions",
        "ip_allowlist",
        "nonce_window",
        "valid_until",
        "query_from",
    }
    assert "nope" in errors["ip_allowlist"]


def test_query_window_order() -> None:
    assert "query_to" in refused(query_from=200, query_to=100)
    assert valid(query_from=100, query_to=100).query_to == 100
    assert "valid_until" in refused(valid_until=-5)
    assert "query_to" in refused(query_to=-5)


def test_the_error_reads_as_one_line() -> None:
    assert str(KeySpecError({"name": "bad", "nonce_window": "worse"})) == (
        "name: bad; nonce_window: worse"
    )
