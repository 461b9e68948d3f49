"""Signing in and out (guide step 4)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from mocks.kraken.state import Account
from mocks.kraken.web.guards import csrf_checked, read_form, signed_in
from mocks.kraken.web.session import (
    current_account,
    kraken_state,
    log_in,
    log_out,
    safe_next,
)
from mocks.kraken.web.templating import render

__all__ = ["home", "show_login", "sign_out", "submit_login"]

WRONG_CREDENTIALS = "Incorrect email or password."


async def home(request: Request) -> Response:
    target = "/overview" if current_account(request) else "/login"
    return RedirectResponse(target, status_code=303)


def _login_form(
    request: Request, *, email: str, next_target: str, error: str | None, status_code: int
) -> Response:
    context = {"email": email, "next": next_target, "error": error}
    return render(request, "login.html", context, status_code=status_code)


async def show_login(request: Request) -> Response:
    next_target = safe_next(request.query_params.get("next"))
    if current_account(request) is not None:
        return RedirectResponse(next_target, status_code=303)
    return _login_form(request, email="", next_target=next_target, error=None, status_code=200)


@csrf_checked
async def submit_login(request: Request) -> Response:
    form = await read_form(request)
    email, password = form.get("email"), form.get("password")
    next_target = safe_next(form.get("next"))
    email = email.strip() if isinstance(email, str) else ""
    password = password if isinstance(password, str) else ""
    account = kraken_state(request).authenticate(email, password) if email else None
    if account is None:
        return _login_form(
            request, email=email, next_target=next_target, error=WRONG_CREDENTIALS, status_code=401
        )
    log_in(request, account)
    return RedirectResponse(next_target, status_code=303)


@signed_in
async def sign_out(request: Request, _: Account) -> Response:
    log_out(request)
    return RedirectResponse("/login", status_code=303)
