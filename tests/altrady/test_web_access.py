"""Where the login page may send someone back to, and who gets sent to it."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from mocks.altrady.auth import SESSION_COOKIE, log_in
from mocks.altrady.web.access import DEFAULT_LANDING, login_redirect, safe_next


@pytest.mark.parametrize(
    "target",
    ["/settings", "/settings/exchange-accounts", "/settings/exchange-accounts?tab=keys", "/bots"],
)
def test_safe_next_keeps_paths_on_this_site(target: str) -> None:
    assert safe_next(target) == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "settings",
        "//evil.example/steal",
        "/\\evil.example",
        "http://evil.example/",
        "javascript:alert(1)",
        "/login",
        "/login?next=/settings",
        "/settings\r\nSet-Cookie: x=1",
        "/set\ttings",
    ],
)
def test_safe_next_sends_anything_else_to_the_dashboard(target: str | None) -> None:
    assert safe_next(target) == DEFAULT_LANDING


async def _guarded(request: Request) -> Response:
    return login_redirect(request) or PlainTextResponse("inside")


async def _log_in(request: Request) -> Response:
    log_in(request, "trader@example.com")
    return PlainTextResponse("ok")


@pytest.fixture
def client() -> TestClient:
    app = Starlette(
        routes=[Route("/_test/login", _log_in), Route("/{path:path}", _guarded)],
        middleware=[
            Middleware(SessionMiddleware, secret_key="test", session_cookie=SESSION_COOKIE)
        ],
    )
    return TestClient(app, follow_redirects=False)


def test_login_redirect_carries_the_path_and_query_back(client: TestClient) -> None:
    answer = client.get("/settings/exchange-accounts?tab=keys&x=1")
    assert answer.status_code == 303
    assert (
        answer.headers["location"]
        == "/login?next=%2Fsettings%2Fexchange-accounts%3Ftab%3Dkeys%26x%3D1"
    )


def test_login_redirect_lets_a_logged_in_user_through(client: TestClient) -> None:
    client.get("/_test/login")
    answer = client.get("/settings")
    assert answer.status_code == 200
    assert answer.text == "inside"
