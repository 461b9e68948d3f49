"""Who is logged in to the Altrady mock: one session key shared by pages and API."""

from __future__ import annotations

from starlette.requests import Request

__all__ = ["SESSION_COOKIE", "SESSION_USER", "current_user", "log_in", "log_out"]

SESSION_COOKIE = "altrady_session"
SESSION_USER = "user_email"


def current_user(request: Request) -> str | None:
    user = request.session.get(SESSION_USER)
    return user if isinstance(user, str) else None


def log_in(request: Request, email: str) -> None:
    request.session.clear()
    request.session[SESSION_USER] = email


def log_out(request: Request) -> None:
    request.session.clear()
