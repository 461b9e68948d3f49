from __future__ import annotations

import base64

import pytest

from mocks.kraken_facts.signing import decode_secret, sign, signature_matches, verify

# Kraken's published example (docs.kraken.com, "Authentication").
SECRET = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg=="
NONCE = "1616492376594"
PATH = "/0/private/AddOrder"
BODY = b"nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25"
EXPECTED = (
    "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ=="
)


def test_the_published_vector_signs_as_kraken_says() -> None:
    assert sign(SECRET, PATH, NONCE, BODY) == EXPECTED


def test_the_published_vector_verifies() -> None:
    assert signature_matches(decode_secret(SECRET), PATH.encode(), NONCE.encode(), BODY, EXPECTED)


def test_verify_takes_the_secret_as_issued() -> None:
    assert verify(SECRET, PATH, NONCE, BODY, EXPECTED)
    assert not verify(SECRET, PATH, NONCE, BODY + b"0", EXPECTED)
    assert not verify(base64.b64encode(bytes(64)).decode(), PATH, NONCE, BODY, EXPECTED)


def test_a_secret_that_is_not_base64_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="not base64"):
        sign("not base64!", "/0/private/Balance", "1", b"nonce=1")
    with pytest.raises(ValueError, match="not base64"):
        verify("not base64!", PATH, NONCE, BODY, EXPECTED)


def test_a_changed_body_path_or_nonce_fails() -> None:
    secret = decode_secret(SECRET)
    assert not signature_matches(secret, PATH.encode(), NONCE.encode(), BODY + b"&x=1", EXPECTED)
    assert not signature_matches(secret, b"/0/private/Balance", NONCE.encode(), BODY, EXPECTED)
    assert not signature_matches(secret, PATH.encode(), b"1616492376595", BODY, EXPECTED)


def test_a_wrong_secret_fails() -> None:
    other = bytes(64)
    assert not signature_matches(other, PATH.encode(), NONCE.encode(), BODY, EXPECTED)


def test_the_query_string_is_part_of_the_signed_path() -> None:
    signed = sign(SECRET, PATH + "?x=1", NONCE, BODY)
    secret = decode_secret(SECRET)
    assert signature_matches(secret, (PATH + "?x=1").encode(), NONCE.encode(), BODY, signed)
    assert not signature_matches(secret, PATH.encode(), NONCE.encode(), BODY, signed)


def test_garbage_headers_are_refused_not_raised() -> None:
    secret = decode_secret(SECRET)
    for header in ("", "not base64!", "%%%", base64.b64encode(b"short").decode(), "4/dp" * 30):
        assert not signature_matches(secret, PATH.encode(), NONCE.encode(), BODY, header)


def test_surrounding_whitespace_in_the_header_is_tolerated() -> None:
    assert signature_matches(
        decode_secret(SECRET), PATH.encode(), NONCE.encode(), BODY, f" {EXPECTED} "
    )
