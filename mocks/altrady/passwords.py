"""Password hashes for Altrady's users (PBKDF2-SHA256, salted)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["hash_password", "password_matches"]

_SCHEME = "pbkdf2_sha256"
# A mock's users are test data; enough rounds to be a real hash, few enough for fast tests.
_ROUNDS = 20_000


def hash_password(password: str) -> str:
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), _ROUNDS)
    return f"{_SCHEME}${_ROUNDS}${salt}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    try:
        scheme, rounds, salt, expected = stored.split("$")
        if scheme != _SCHEME:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), int(rounds))
    except ValueError:
        return False
    return hmac.compare_digest(digest.hex(), expected)
