"""Kraken's request signature.

``API-Sign = base64(HMAC-SHA512(base64decode(secret), urlpath + SHA256(nonce + body)))``,
where ``urlpath`` is the request path as sent (plus ``?query`` when there is one) and
``body`` the raw body bytes as received: clients order their fields differently, so the
mock never re-encodes what it was sent.

This is the project's one implementation of the scheme: the mock verifies with it, and every
client here (Altrady's, the scenarios', the benchmark's, the test doubles) signs with it.
Kraken's published vector is its test.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

__all__ = [
    "SIGNATURE_BYTES",
    "decode_secret",
    "sign",
    "signature_digest",
    "signature_matches",
    "verify",
]

SIGNATURE_BYTES = 64  # an HMAC-SHA512 digest


def decode_secret(secret_b64: str) -> bytes:
    """The secret's bytes; ``ValueError`` when it is not base64."""
    try:
        return base64.b64decode(secret_b64, validate=True)
    except binascii.Error:
        raise ValueError("the secret is not base64") from None


def signature_digest(secret: bytes, urlpath: bytes, nonce: bytes, body: bytes) -> bytes:
    """The raw HMAC-SHA512 digest a correct ``API-Sign`` header encodes."""
    message = urlpath + hashlib.sha256(nonce + body).digest()
    return hmac.new(secret, message, hashlib.sha512).digest()


def sign(secret_b64: str, urlpath: str, nonce: str, body: bytes) -> str:
    """The ``API-Sign`` header a client sends; ``ValueError`` when the secret is not base64."""
    digest = signature_digest(decode_secret(secret_b64), urlpath.encode(), nonce.encode(), body)
    return base64.b64encode(digest).decode()


def signature_matches(
    secret: bytes, urlpath: bytes, nonce: bytes, body: bytes, api_sign: str
) -> bool:
    """True when ``api_sign`` is valid base64 of the expected digest (constant-time)."""
    try:
        presented = base64.b64decode(api_sign.strip(), validate=True)
    except (binascii.Error, ValueError):
        return False
    if len(presented) != SIGNATURE_BYTES:
        return False
    return hmac.compare_digest(presented, signature_digest(secret, urlpath, nonce, body))


def verify(secret_b64: str, urlpath: str, nonce: str, body: bytes, api_sign: str) -> bool:
    """:func:`signature_matches` for a secret as issued (base64), like :func:`sign` takes it."""
    return signature_matches(
        decode_secret(secret_b64), urlpath.encode(), nonce.encode(), body, api_sign
    )
