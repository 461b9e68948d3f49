"""The Altrady pages as HTML: who may see them, what they contain, what they escape."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from markupsafe import escape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from mocks.altrady.app import create_app
from mocks.altrady.auth import SESSION_COOKIE, log_in
from mocks.altrady.settings import MAX_KEYS_MESSAGE, MAX_KEYS_PER_ACCOUNT, AltradySettings
from mocks.altrady.web import routes as web
from mocks.altrady.web.navigation import MAIN_LINKS, SETTINGS_LINKS
from mocks.altrady.web.pages import LOGGED_IN_PAGES, PageSpec

VOID_TAGS = frozenset(
    {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
)
XSS_EMAIL = '"><img src=x onerror=alert(1)>@example.com'


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return " ".join(" ".join(parts).split())

    def iter(self) -> list[Element]:
        found: list[Element] = []
        for child in self.children:
            if isinstance(child, Element):
                found.append(child)
                found.extend(child.iter())
        return found

    def find_all(self, tag: str, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.iter()
            if e.tag == tag and all(e.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def find(self, tag: str, **attrs: str) -> Element:
        matches = self.find_all(tag, **attrs)
        assert len(matches) == 1, f"expected one <{tag} {attrs}>, found {len(matches)}"
        return matches[0]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID_TAGS:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(markup: str) -> Element:
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root


async def _test_login(request: Request) -> Response:
    log_in(request, request.query_params["email"])
    return PlainTextResponse("logged in")


def _pages_app() -> Starlette:
    """The pages alone, with a test-only way in (the real login belongs to the API)."""
    return Starlette(
        routes=[Route("/_test/login", _test_login), *web.routes],
        middleware=[
            Middleware(SessionMiddleware, secret_key="test", session_cookie=SESSION_COOKIE)
        ],
    )


@pytest.fixture
def anonymous() -> TestClient:
    return TestClient(_pages_app(), follow_redirects=False)


def logged_in_as(email: str) -> TestClient:
    client = TestClient(_pages_app(), follow_redirects=False)
    assert client.get("/_test/login", params={"email": email}).status_code == 200
    return client


@pytest.fixture
def trader_client() -> TestClient:
    return logged_in_as("trader@example.com")


LOGGED_IN_PATHS = [spec.path for spec in LOGGED_IN_PAGES]


@pytest.mark.parametrize("path", LOGGED_IN_PATHS)
def test_every_page_but_login_needs_a_login(anonymous: TestClient, path: str) -> None:
    answer = anonymous.get(path)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/login?next={quote(path, safe='')}"


def test_the_real_app_mounts_the_pages() -> None:
    app = create_app(AltradySettings(kraken_url="http://127.0.0.1:9"))
    client = TestClient(app, follow_redirects=False)
    assert client.get("/settings/exchange-accounts").headers["location"] == (
        "/login?next=%2Fsettings%2Fexchange-accounts"
    )
    assert client.get("/login").status_code == 200
    assert client.get("/static/js/wizard.js").status_code == 200


def test_home_goes_to_login_or_dashboard(anonymous: TestClient, trader_client: TestClient) -> None:
    assert anonymous.get("/").headers["location"] == "/login"
    assert trader_client.get("/").headers["location"] == "/dashboard"


def test_login_page_has_the_guides_labels(anonymous: TestClient) -> None:
    answer = anonymous.get("/login", params={"next": "/settings/exchange-accounts"})
    assert answer.status_code == 200
    page = parse(answer.text)
    assert page.find("h1").text == "Log in to Altrady"
    labels = {label.attrs["for"]: label.text for label in page.find_all("label")}
    inputs = {i.attrs["id"]: i.attrs["type"] for i in page.find_all("input")}
    assert {labels[i]: t for i, t in inputs.items()} == {"Email": "email", "Password": "password"}
    assert page.find("button", type="submit").text == "Sign in"
    assert page.find("p", role="alert").attrs.get("hidden") is not None
    assert page.find("form").attrs["data-next"] == "/settings/exchange-accounts"


def test_login_page_escapes_and_refuses_a_foreign_next(anonymous: TestClient) -> None:
    hostile = anonymous.get("/login", params={"next": '/x"><script>alert(1)</script>'})
    assert "<script>alert(1)" not in hostile.text
    assert parse(hostile.text).find("form").attrs["data-next"] == '/x"><script>alert(1)</script>'
    foreign = anonymous.get("/login", params={"next": "//evil.example/"})
    assert parse(foreign.text).find("form").attrs["data-next"] == "/dashboard"


def test_login_page_sends_a_logged_in_user_on(trader_client: TestClient) -> None:
    answer = trader_client.get("/login", params={"next": "/settings"})
    assert answer.status_code == 303
    assert answer.headers["location"] == "/settings"


@pytest.mark.parametrize("path", LOGGED_IN_PATHS)
def test_every_logged_in_page_has_the_main_navigation(trader_client: TestClient, path: str) -> None:
    answer = trader_client.get(path)
    assert answer.status_code == 200
    page = parse(answer.text)
    nav = page.find("nav", aria_label="Main")
    links = {a.text: a.attrs["href"] for a in nav.find_all("a")}
    for link in MAIN_LINKS:
        assert links[link.label] == link.href
    logout = page.find("form", action="/logout")
    assert logout.attrs["method"] == "post"
    assert logout.find("button").text == "Log out"
    assert len(page.find_all("h1")) == 1


@pytest.mark.parametrize("spec", [s for s in LOGGED_IN_PAGES if s.section == "settings"])
def test_settings_pages_have_the_side_navigation(trader_client: TestClient, spec: PageSpec) -> None:
    path = spec.path
    page = parse(trader_client.get(path).text)
    nav = page.find("nav", aria_label="Settings")
    anchors = nav.find_all("a")
    assert [(a.text, a.attrs["href"]) for a in anchors] == [
        (link.label, link.href) for link in SETTINGS_LINKS
    ]
    current = [a.attrs["href"] for a in anchors if a.attrs.get("aria-current") == "page"]
    assert current == ([] if path == "/settings" else [path])
    main_current = page.find("nav", aria_label="Main").find("a", aria_current="page")
    assert main_current.text == "Settings"


def test_settings_heading(trader_client: TestClient) -> None:
    assert parse(trader_client.get("/settings").text).find("h1").text == "Settings"


def test_exchange_accounts_page_shell(trader_client: TestClient) -> None:
    page = parse(trader_client.get("/settings/exchange-accounts").text)
    assert page.find("h1").text == "Exchange Account API keys"
    assert page.find("button", id="connect-account").text == "+ Connect Account"
    assert page.find("p", id="accounts-empty").text == "No exchange accounts connected yet."
    root = page.find("div", id="exchange-accounts")
    assert root.attrs["data-max-keys"] == str(MAX_KEYS_PER_ACCOUNT)
    assert root.attrs["data-max-keys-message"] == MAX_KEYS_MESSAGE
    dialog = page.find("dialog", id="account-wizard")
    assert dialog.find("h2", id=dialog.attrs["aria-labelledby"]).text == "Connect exchange account"
    whitelist = dialog.find("section", aria_labelledby="whitelist-title")
    assert whitelist.find("h3").text == "IP whitelist"
    assert whitelist.find("button", aria_label="Copy IP whitelist")
    assert whitelist.find("input").attrs.get("readonly") is not None
    buttons = {b.text for b in dialog.find_all("button")}
    assert {"++ Add Extra Key", "Connect", "Next", "Complete", "Cancel"} <= buttons


def test_key_group_template_has_the_guides_labels(trader_client: TestClient) -> None:
    markup = trader_client.get("/settings/exchange-accounts").text
    template = parse(markup).find("template", id="key-group-template")
    group = template.find("fieldset")
    assert group.find("legend").text == "Key 1"
    labels = [label.text for label in group.find_all("label")]
    assert labels == ["API key", "Private key"]
    assert [i.attrs["type"] for i in group.find_all("input")] == ["text", "password"]
    assert group.find("p", role="alert")


def test_user_email_is_escaped() -> None:
    client = logged_in_as(XSS_EMAIL)
    for path in ("/dashboard", "/settings/profile"):
        markup = client.get(path).text
        assert "<img src=x" not in markup
        assert str(escape(XSS_EMAIL)) in markup


def test_logout_ends_the_session(trader_client: TestClient) -> None:
    assert trader_client.get("/logout").status_code == 405
    answer = trader_client.post("/logout")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login"
    assert trader_client.get("/dashboard").status_code == 303


@pytest.mark.parametrize("path", ["/login", *LOGGED_IN_PATHS])
def test_pages_forbid_inline_script(
    trader_client: TestClient, anonymous: TestClient, path: str
) -> None:
    answer = (anonymous if path == "/login" else trader_client).get(path)
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert answer.headers["cache-control"] == "no-store"
    page = parse(answer.text)
    assert all(s.attrs.get("src", "").startswith("/static/") for s in page.find_all("script"))
    assert not re.search(r"\son[a-z]+\s*=", answer.text), "inline event handlers break under CSP"
    assert " style=" not in answer.text, "inline styles break under CSP"
