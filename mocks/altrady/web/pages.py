"""Handlers of the Altrady pages. Each one renders a shell; the JSON API fills it in."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from mocks.altrady.auth import current_user, log_out
from mocks.altrady.web.access import LOGIN_PATH, login_redirect, safe_next
from mocks.altrady.web.templating import render

__all__ = ["LOGGED_IN_PAGES", "PageSpec", "home", "login_page", "logout", "page_handler"]

Handler = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class PageSpec:
    """A page behind the login: where it lives, what it draws, what it marks current."""

    path: str
    template: str
    title: str
    section: str  # the top bar link marked current
    settings_page: str = ""  # the settings side link marked current


LOGGED_IN_PAGES: tuple[PageSpec, ...] = (
    PageSpec("/dashboard", "dashboard.html", "Dashboard", "dashboard"),
    PageSpec("/trading", "trading.html", "Trading", "trading"),
    PageSpec("/bots", "bots.html", "Bots", "bots"),
    PageSpec("/settings", "settings/overview.html", "Settings", "settings"),
    PageSpec("/settings/profile", "settings/profile.html", "Profile", "settings", "profile"),
    PageSpec(
        "/settings/exchange-accounts",
        "settings/exchange_accounts.html",
        "Exchange Account API keys",
        "settings",
        "exchange-accounts",
    ),
    PageSpec(
        "/settings/notifications",
        "settings/notifications.html",
        "Notifications",
        "settings",
        "notifications",
    ),
    PageSpec(
        "/settings/subscription",
        "settings/subscription.html",
        "Subscription",
        "settings",
        "subscription",
    ),
)


def page_handler(spec: PageSpec) -> Handler:
    async def handle(request: Request) -> Response:
        redirect = login_redirect(request)
        if redirect is not None:
            return redirect
        return render(
            request,
            spec.template,
            {"title": spec.title, "section": spec.section, "settings_page": spec.settings_page},
        )

    handle.__name__ = f"page_{spec.path.strip('/').replace('/', '_').replace('-', '_')}"
    return handle


async def home(request: Request) -> Response:
    target = "/dashboard" if current_user(request) else LOGIN_PATH
    return RedirectResponse(target, status_code=303)


async def login_page(request: Request) -> Response:
    next_path = safe_next(request.query_params.get("next"))
    if current_user(request) is not None:
        return RedirectResponse(next_path, status_code=303)
    return render(request, "login.html", {"title": "Log in", "next_path": next_path})


async def logout(request: Request) -> Response:
    log_out(request)
    return RedirectResponse(LOGIN_PATH, status_code=303)
