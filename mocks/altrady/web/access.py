"""Who may see a page, and where the login page may send someone afterwards."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import RedirectResponse

from mocks.altrady.auth import current_user

__all__ = ["DEFAULT_LANDING", "LOGIN_PATH", "login_redirect", "safe_next"]

LOGIN_PATH = "/login"
DEFAULT_LANDING = "/dashboard"


def safe_next(target: str | None) -> str:
    """``target`` if it is a path on this site, else the dashboard.

    Only a path that starts with a single ``/`` is kept: ``//host``, ``/\\host``, a scheme
    or a host would turn the login page into an open redirect.
    """
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return DEFAULT_LANDING
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ch in target for ch in "\r\n\t\\"):
        return DEFAULT_LANDING
    if parts.path == LOGIN_PATH:
        return DEFAULT_LANDING
    return target


def login_redirect(request: Request) -> RedirectResponse | None:
    """A redirect to the login page when nobody is logged in, else None."""
    if current_user(request) is not None:
        return None
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"{LOGIN_PATH}?{urlencode({'next': here})}", status_code=303)
