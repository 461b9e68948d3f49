"""Sign-in, redirects, the top bar and the Security tabs, over HTTP (Starlette's TestClient)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from mocks.clock import Clock
from mocks.kraken.app import create_app

EMAIL = "ana.trader@example.com"
PASSWORD = "correct horse battery staple"
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    found = CSRF_INPUT.search(html)
    assert found, "the page has no CSRF token"
    return found.group(1)


@pytest.fixture
def web_app() -> Starlette:
    app = create_app(clock=Clock.frozen_at(1_795_000_000))
    app.state.kraken.create_user(
        EMAIL, PASSWORD, balances={"XXBT": Decimal("1.2500000000"), "ZUSD": Decimal("171288.6158")}
    )
    return app


@pytest.fixture
def web_client(web_app: Starlette) -> Iterator[TestClient]:
    with TestClient(web_app, follow_redirects=False) as client:
        yield client


def sign_in(client: TestClient, *, next_target: str | None = None) -> str:
    """Sign in through the form; returns where the server sent the browser."""
    url = "/login" + (f"?next={next_target}" if next_target else "")
    token = csrf_from(client.get(url).text)
    data = {"email": EMAIL, "password": PASSWORD, "csrf_token": token}
    if next_target:
        data["next"] = next_target
    response = client.post("/login", data=data)
    assert response.status_code == 303
    location: str = response.headers["location"]
    return location


@pytest.fixture
def signed_in_client(web_client: TestClient) -> TestClient:
    sign_in(web_client)
    return web_client


# sign-in


def test_login_page_has_the_form_the_guide_uses(web_client: TestClient) -> None:
    response = web_client.get("/login")
    assert response.status_code == 200
    html = response.text
    assert "<h1" in html
    assert "Sign in to Kraken" in html
    assert '<label for="email">Email</label>' in html
    assert '<label for="password">Password</label>' in html
    assert 'id="password" name="password" type="password"' in html
    assert ">Sign in</button>" in html
    assert 'role="alert"' not in html


def test_wrong_password_shows_an_alert_and_keeps_the_email(web_client: TestClient) -> None:
    token = csrf_from(web_client.get("/login").text)
    response = web_client.post(
        "/login", data={"email": EMAIL, "password": "wrong", "csrf_token": token}
    )
    assert response.status_code == 401
    assert re.search(r'role="alert"[^>]*>Incorrect email or password\.<', response.text)
    assert f'value="{EMAIL}"' in response.text
    assert "wrong" not in response.text
    assert web_client.get("/overview").status_code == 303


def test_unknown_email_gets_the_same_message(web_client: TestClient) -> None:
    token = csrf_from(web_client.get("/login").text)
    response = web_client.post(
        "/login", data={"email": "nobody@example.com", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 401
    assert "Incorrect email or password." in response.text


def test_empty_form_is_refused_not_crashed(web_client: TestClient) -> None:
    token = csrf_from(web_client.get("/login").text)
    response = web_client.post("/login", data={"csrf_token": token})
    assert response.status_code == 401
    assert "Incorrect email or password." in response.text


def test_success_lands_on_the_overview(web_client: TestClient) -> None:
    assert sign_in(web_client) == "/overview"
    assert web_client.get("/overview").status_code == 200


def test_email_is_case_insensitive(web_client: TestClient) -> None:
    token = csrf_from(web_client.get("/login").text)
    response = web_client.post(
        "/login", data={"email": EMAIL.upper(), "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 303


def test_success_follows_a_local_next(web_client: TestClient) -> None:
    assert sign_in(web_client, next_target="/settings/security/api") == "/settings/security/api"


def test_success_ignores_a_foreign_next(web_client: TestClient) -> None:
    assert sign_in(web_client, next_target="//evil.example/") == "/overview"
    web_client.cookies.clear()
    assert sign_in(web_client, next_target="https://evil.example/") == "/overview"


def test_login_without_csrf_token_is_refused(web_client: TestClient) -> None:
    web_client.get("/login")
    response = web_client.post("/login", data={"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 403
    assert "This form has expired" in response.text
    assert web_client.get("/overview").status_code == 303


def test_signed_in_visit_to_login_goes_on(signed_in_client: TestClient) -> None:
    response = signed_in_client.get("/login?next=/settings/security")
    assert response.status_code == 303
    assert response.headers["location"] == "/settings/security"


# redirects


@pytest.mark.parametrize(
    "path",
    [
        "/overview",
        "/trade",
        "/funding",
        "/settings",
        "/settings/security",
        "/settings/security/2fa",
        "/settings/security/passkeys",
        "/settings/security/api",
        "/settings/security/api/new",
        "/settings/security/api/created",
    ],
)
def test_signed_out_visits_go_to_login_and_back(web_client: TestClient, path: str) -> None:
    response = web_client.get(path + "?x=1")
    assert response.status_code == 303
    location = urlsplit(response.headers["location"])
    assert location.path == "/login"
    assert parse_qs(location.query) == {"next": [path + "?x=1"]}


def test_signed_out_post_goes_to_login(web_client: TestClient) -> None:
    response = web_client.post("/settings/security/api/revoke", data={"name": "x"})
    assert (response.status_code, response.headers["location"]) == (303, "/login")


def test_root_redirects_by_sign_in_state(web_client: TestClient) -> None:
    assert web_client.get("/").headers["location"] == "/login"
    sign_in(web_client)
    assert web_client.get("/").headers["location"] == "/overview"


def test_a_state_reset_signs_the_user_out(signed_in_client: TestClient, web_app: Starlette) -> None:
    web_app.state.kraken.reset()
    response = signed_in_client.get("/overview")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


# the top bar and pages


def test_every_signed_in_page_has_the_main_nav_and_profile_menu(
    signed_in_client: TestClient,
) -> None:
    for path in ["/overview", "/trade", "/funding", "/settings", "/settings/security"]:
        html = signed_in_client.get(path).text
        assert '<nav class="topbar__inner" aria-label="Main">' in html, path
        for label in ["Overview", "Trade", "Funding"]:
            assert f">{label}</a>" in html, (path, label)
        assert 'aria-haspopup="menu" aria-expanded="false"' in html
        assert '<span class="visually-hidden">Profile</span>' in html
        assert 'role="menu"' in html
        for item in ["Settings", "Security", "Sign out"]:
            assert re.search(rf'role="menuitem"[^>]*>\s*<svg.*?</svg>\s*{item}<', html, re.S), item
        assert 'href="/settings/security"' in html


def test_overview_lists_the_accounts_balances(signed_in_client: TestClient) -> None:
    html = signed_in_client.get("/overview").text
    assert "<h1>Overview</h1>" in html
    assert "BTC" in html
    assert "Bitcoin" in html
    assert "1.2500000000" in html
    assert "USD" in html
    assert "171,288.6158" in html
    assert html.index("171,288.6158") < html.index("1.2500000000")  # cash first


def test_overview_with_no_balances_says_so(web_app: Starlette, web_client: TestClient) -> None:
    web_app.state.kraken.set_balances(EMAIL, {})
    sign_in(web_client)
    assert "Your account holds no assets yet." in web_client.get("/overview").text


def test_sign_out_needs_the_csrf_token(signed_in_client: TestClient) -> None:
    assert signed_in_client.post("/logout").status_code == 403
    assert signed_in_client.get("/overview").status_code == 200
    token = csrf_from(signed_in_client.get("/overview").text)
    response = signed_in_client.post("/logout", data={"csrf_token": token})
    assert (response.status_code, response.headers["location"]) == (303, "/login")
    assert signed_in_client.get("/overview").status_code == 303


# Security tabs

TABS = [
    ("/settings/security", "Overview"),
    ("/settings/security/2fa", "Two-factor authentication"),
    ("/settings/security/passkeys", "Passkeys"),
    ("/settings/security/api", "Connections &amp; API"),
]


@pytest.mark.parametrize(("path", "selected"), TABS)
def test_security_tabs_render_with_the_right_tab_selected(
    signed_in_client: TestClient, path: str, selected: str
) -> None:
    html = signed_in_client.get(path).text
    assert "<h1>Security</h1>" in html
    assert 'role="tablist"' in html
    tabs = re.findall(r'role="tab"[^>]*aria-selected="(true|false)"[^>]*>([^<]+)</a>', html)
    assert [label for _, label in tabs] == [label for _, label in TABS]
    assert [label for flag, label in tabs if flag == "true"] == [selected]
    assert 'role="tabpanel"' in html


def test_api_tab_empty_state(signed_in_client: TestClient) -> None:
    html = signed_in_client.get("/settings/security/api").text
    assert "You have no API keys yet." in html
    assert re.search(r'href="/settings/security/api/new">.*?Create API Key</a>', html, re.S)


def test_pages_forbid_inline_script(signed_in_client: TestClient) -> None:
    response = signed_in_client.get("/settings/security/api")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.text


def test_static_assets_are_served(web_client: TestClient) -> None:
    for path in ["/static/kraken.css", "/static/kraken.js", "/static/favicon.svg"]:
        assert web_client.get(path).status_code == 200, path
