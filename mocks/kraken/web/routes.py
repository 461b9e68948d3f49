"""The Kraken mock's web pages: sign-in, overview, Settings -> Security -> Connections &
API, and the create-key flow of guide steps 4 to 8."""

from __future__ import annotations

from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from mocks.kraken.web import account_pages, key_pages, login_pages, security_pages
from mocks.kraken.web.templating import STATIC_DIR

__all__ = ["routes"]

routes: list[BaseRoute] = [
    Route("/", login_pages.home, methods=["GET"]),
    Route("/login", login_pages.show_login, methods=["GET"]),
    Route("/login", login_pages.submit_login, methods=["POST"]),
    Route("/logout", login_pages.sign_out, methods=["POST"]),
    Route("/overview", account_pages.overview, methods=["GET"]),
    Route("/trade", account_pages.trade, methods=["GET"]),
    Route("/funding", account_pages.funding, methods=["GET"]),
    Route("/settings", account_pages.account_settings, methods=["GET"]),
    Route("/settings/security", security_pages.overview_tab, methods=["GET"]),
    Route("/settings/security/2fa", security_pages.two_factor_tab, methods=["GET"]),
    Route("/settings/security/passkeys", security_pages.passkeys_tab, methods=["GET"]),
    Route(security_pages.API_KEYS_PATH, security_pages.api_tab, methods=["GET"]),
    Route("/settings/security/api/revoke", security_pages.revoke, methods=["POST"]),
    Route(key_pages.NEW_KEY_PATH, key_pages.show_form, methods=["GET"]),
    Route(key_pages.NEW_KEY_PATH, key_pages.submit_form, methods=["POST"]),
    Route(key_pages.SHOW_KEY_PATH, key_pages.show_new_key, methods=["GET"]),
    Mount("/static", StaticFiles(directory=STATIC_DIR), name="kraken_static"),
]
