"""Decorators that stand in front of the pages: sign-in required, CSRF checked on POST."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from mocks.kraken.state import Account
from mocks.kraken.web.session import CSRF_FIELD, current_account, is_valid_csrf, login_url
from mocks.kraken.web.templating import render

__all__ = ["Page", "SignedInPage", "csrf_checked", "csrf_refused", "read_form", "signed_in"]

Page = Callable[[Request], Awaitable[Response]]
SignedInPage = Callable[[Request, Account], Awaitable[Response]]


async def read_form(request: Request) -> FormData:
    """The request's form fields. No page takes uploads, so any file sent is closed at once
    (its temporary file would otherwise linger until garbage collection)."""
    form = await request.form()
    await form.close()
    return form


def csrf_refused(request: Request) -> Response:
    return render(request, "form_expired.html", status_code=403)


async def _has_valid_csrf(request: Request) -> bool:
    form = await read_form(request)
    return is_valid_csrf(request, form.get(CSRF_FIELD))


def csrf_checked(page: Page) -> Page:
    """Refuse a POST whose form lacks this session's CSRF token."""

    @functools.wraps(page)
    async def checked(request: Request) -> Response:
        if request.method == "POST" and not await _has_valid_csrf(request):
            return csrf_refused(request)
        return await page(request)

    return checked


def signed_in(page: SignedInPage) -> Page:
    """Send a signed-out visitor to the sign-in page (back here afterwards, for a GET)."""

    @functools.wraps(page)
    async def guarded(request: Request) -> Response:
        account = current_account(request)
        if account is None:
            target = login_url(request) if request.method == "GET" else "/login"
            return RedirectResponse(target, status_code=303)
        if request.method == "POST" and not await _has_valid_csrf(request):
            return csrf_refused(request)
        return await page(request, account)

    return guarded
