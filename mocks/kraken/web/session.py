"""Who is signed in to the Kraken pages, and the small things a session carries.

The session cookie (``kraken_session``, signed by the app's middleware) holds the user's
email, a CSRF token, one flash message and, right after a key is generated, the token
that opens the one-time secret stash. It never holds a secret.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlencode, urlsplit

from starlette.requests import Request

from mocks.kraken.state import Account, KrakenState

__all__ = [
    "CSRF_FIELD",
    "Flash",
    "csrf_token",
    "current_account",
    "is_valid_csrf",
    "kraken_state",
    "log_in",
    "log_out",
    "login_url",
    "pop_flash",
    "safe_next",
    "set_flash",
]

CSRF_FIELD = "csrf_token"
DEFAULT_LANDING = "/overview"

_USER = "user_email"
_CSRF = "csrf"
_FLASH = "flash"


@dataclass(frozen=True)
class Flash:
    kind: Literal["success", "error"]
    message: str


def kraken_state(request: Request) -> KrakenState:
    state: KrakenState = request.app.state.kraken
    return state


def current_account(request: Request) -> Account | None:
    """The signed-in account, or None (also when the account vanished in a state reset)."""
    email = request.session.get(_USER)
    if not isinstance(email, str):
        return None
    account = kraken_state(request).accounts.get(email.strip().lower())
    if account is None:
        request.session.pop(_USER, None)
    return account


def log_in(request: Request, account: Account) -> None:
    request.session.clear()
    request.session[_USER] = account.email
    request.session[_CSRF] = secrets.token_urlsafe(32)


def log_out(request: Request) -> None:
    request.session.clear()


def csrf_token(request: Request) -> str:
    token = request.session.get(_CSRF)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[_CSRF] = token
    return token


def is_valid_csrf(request: Request, submitted: object) -> bool:
    expected = request.session.get(_CSRF)
    if not isinstance(expected, str) or not isinstance(submitted, str):
        return False
    return hmac.compare_digest(expected.encode(), submitted.encode())


def set_flash(request: Request, flash: Flash) -> None:
    request.session[_FLASH] = {"kind": flash.kind, "message": flash.message}


def pop_flash(request: Request) -> Flash | None:
    stored = request.session.pop(_FLASH, None)
    if not isinstance(stored, dict):
        return None
    kind, message = stored.get("kind"), stored.get("message")
    if kind not in ("success", "error") or not isinstance(message, str):
        return None
    return Flash(kind, message)


def safe_next(target: object) -> str:
    """``target`` when it is a path on this site, else the default landing page.

    Refuses anything that could leave the site: absolute URLs, scheme-relative ``//host``
    and backslash tricks that some browsers read as ``//``.
    """
    if not isinstance(target, str) or not target.startswith("/") or "\\" in target:
        return DEFAULT_LANDING
    if target.startswith("//") or any(ord(char) < 0x20 for char in target):
        return DEFAULT_LANDING
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path.startswith("/login"):
        return DEFAULT_LANDING
    return target


def login_url(request: Request) -> str:
    """``/login?next=<this page>`` for a signed-out visitor."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/login?" + urlencode({"next": here})
