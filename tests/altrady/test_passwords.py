from __future__ import annotations

from mocks.altrady.passwords import hash_password, password_matches


def test_a_hash_matches_its_password_only() -> None:
    stored = hash_password("correct horse")
    assert "correct horse" not in stored
    assert password_matches("correct horse", stored)
    assert not password_matches("Correct horse", stored)


def test_the_same_password_hashes_differently_each_time() -> None:
    assert hash_password("pw") != hash_password("pw")


def test_a_malformed_hash_matches_nothing() -> None:
    assert not password_matches("pw", "")
    assert not password_matches("pw", "md5$1$00$00")
    assert not password_matches("pw", "pbkdf2_sha256$many$zz$00")
