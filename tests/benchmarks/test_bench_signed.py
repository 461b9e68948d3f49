"""The benchmark signs its calls itself: it must sign exactly as Kraken documents."""

from __future__ import annotations

from benchmarks.signed import api_sign

# Kraken's published test vector.
SECRET = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg=="
NONCE = "1616492376594"
BODY = b"nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25"
SIGNATURE = (
    "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ=="
)


def test_signature_matches_krakens_test_vector() -> None:
    assert api_sign(SECRET, "/0/private/AddOrder", NONCE, BODY) == SIGNATURE


def test_signature_covers_the_path_and_the_body() -> None:
    assert api_sign(SECRET, "/0/private/Balance", NONCE, BODY) != SIGNATURE
    assert api_sign(SECRET, "/0/private/AddOrder", NONCE, BODY + b"0") != SIGNATURE
