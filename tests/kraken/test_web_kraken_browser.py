"""Guide steps 4 to 8 on the Kraken side, in a real Chromium against a real server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from playwright.sync_api import Dialog, Page, expect
from starlette.applications import Starlette

from mocks.clock import Clock
from mocks.kraken.app import create_app
from mocks.kraken.keys import KeySpec
from mocks.kraken.state import ApiKey, KrakenState
from mocks.server import RunningServer, serving

pytestmark = pytest.mark.browser

EMAIL = "ana.trader@example.com"
PASSWORD = "correct horse battery staple"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
WHITELIST = "127.0.0.2, 127.0.0.3\n127.0.0.4"
GUIDE_PERMISSION_LABELS = [
    "Query Funds",
    "Query Open Orders & Trades",
    "Query Closed Orders & Trades",
    "Create & Modify Orders",
    "Cancel/Close Orders",
    "Query Ledger Entries",
    "WebSocket interface",
]
LEFT_OFF_LABELS = ["Deposit Funds", "Withdraw Funds", "Earn Funds", "Export Data"]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def web_kraken_app() -> Starlette:
    return create_app(clock=Clock.frozen_at(NOW.timestamp()))


@pytest.fixture(scope="module")
def web_kraken_server(web_kraken_app: Starlette) -> Iterator[RunningServer]:
    with serving(web_kraken_app, name="kraken-web") as server:
        yield server


@pytest.fixture
def web_kraken_state(web_kraken_app: Starlette) -> KrakenState:
    state: KrakenState = web_kraken_app.state.kraken
    state.reset()
    state.create_user(EMAIL, PASSWORD)
    return state


@pytest.fixture
def js_dialogs() -> list[str]:
    """Messages of JavaScript dialogs (alert, confirm) the page opened: none expected."""
    return []


@pytest.fixture
def browser_context_args(
    browser_context_args: dict[str, Any], web_kraken_server: RunningServer
) -> dict[str, Any]:
    """The plugin's (playwright.config.toml), with this module's Kraken as the base URL."""
    return {**browser_context_args, "base_url": web_kraken_server.url}


@pytest.fixture
def web_tab(page: Page, web_kraken_state: KrakenState, js_dialogs: list[str]) -> Page:
    del web_kraken_state  # reset, with its user, before the tab opens

    def record(dialog: Dialog) -> None:
        js_dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return page


def sign_in(tab: Page) -> None:
    tab.goto("/settings/security")
    expect(tab).to_have_url(re.compile(r"/login\?next=%2Fsettings%2Fsecurity$"))
    expect(tab.get_by_role("heading", name="Sign in to Kraken")).to_be_visible()
    tab.get_by_role("textbox", name="Email").fill(EMAIL)
    tab.get_by_role("textbox", name="Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab).to_have_url(re.compile(r"/settings/security$"))


def the_key(state: KrakenState, name: str) -> ApiKey:
    return state.account(EMAIL).keys[name]


def test_sign_in_refuses_a_wrong_password(web_tab: Page) -> None:
    web_tab.goto("/login")
    web_tab.get_by_role("textbox", name="Email").fill(EMAIL)
    web_tab.get_by_role("textbox", name="Password").fill("wrong")
    web_tab.get_by_role("button", name="Sign in").click()
    expect(web_tab.get_by_role("alert")).to_have_text("Incorrect email or password.")
    expect(web_tab.get_by_role("textbox", name="Email")).to_have_value(EMAIL)


def test_profile_menu_opens_closes_and_leads_to_security(web_tab: Page) -> None:
    sign_in(web_tab)
    web_tab.goto("/overview")
    nav = web_tab.get_by_role("navigation", name="Main")
    profile = nav.get_by_role("button", name="Profile")
    menu = web_tab.get_by_role("menu")
    expect(profile).to_have_attribute("aria-haspopup", "menu")
    expect(profile).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()

    profile.click()
    expect(menu).to_be_visible()
    expect(profile).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("menuitem")).to_have_text(["Settings", "Security", "Sign out"])
    web_tab.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(profile).to_have_attribute("aria-expanded", "false")
    expect(profile).to_be_focused()

    profile.click()
    expect(menu).to_be_visible()
    web_tab.get_by_role("heading", name="Overview").click()
    expect(menu).to_be_hidden()

    profile.click()
    menu.get_by_role("menuitem", name="Security").click()
    expect(web_tab).to_have_url(re.compile(r"/settings/security$"))
    expect(web_tab.get_by_role("heading", level=1)).to_have_text("Security")
    expect(web_tab.get_by_role("tab", name="Overview")).to_have_attribute("aria-selected", "true")


def test_create_a_key_as_the_guide_says_and_copy_its_private_key(
    web_tab: Page, web_kraken_state: KrakenState
) -> None:
    sign_in(web_tab)  # step 4
    web_tab.get_by_role("navigation", name="Main").get_by_role("button", name="Profile").click()
    web_tab.get_by_role("menuitem", name="Security").click()  # step 5
    expect(web_tab.get_by_role("heading", name="Security", level=1)).to_be_visible()

    tab = web_tab.get_by_role("tab", name="Connections & API")  # step 6
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    expect(web_tab.get_by_role("tabpanel")).to_contain_text("You have no API keys yet.")
    web_tab.get_by_role("link", name="Create API Key").click()
    expect(web_tab.get_by_role("heading", name="Create API key")).to_be_visible()

    # step 7: every control by its role and label
    web_tab.get_by_role("textbox", name="Name").fill("Altrady 1")
    for label in GUIDE_PERMISSION_LABELS:
        web_tab.get_by_role("checkbox", name=label, exact=True).check()
    websocket = web_tab.get_by_role("group", name="WebSocket")
    expect(websocket.get_by_role("checkbox", name="WebSocket interface")).to_be_checked()

    allowlist = web_tab.get_by_role("textbox", name="Allowed IP addresses")
    expect(allowlist).to_be_hidden()
    web_tab.get_by_role("checkbox", name="IP address restriction").check()
    expect(allowlist).to_be_visible()
    allowlist.fill(WHITELIST)

    window = web_tab.get_by_role("spinbutton", name="Nonce window")
    expect(window).to_be_hidden()
    web_tab.get_by_role("checkbox", name="Custom Nonce Window").check()
    window.fill("5000")

    expiry = web_tab.get_by_label("Expiration date/time")
    expect(expiry).to_be_hidden()
    web_tab.get_by_role("checkbox", name="Key expiration").check()
    expiry.fill("2027-01-01T00:00")
    web_tab.get_by_label("Query start date/time").fill("2026-01-01T00:00")
    web_tab.get_by_label("Query end date/time").fill("2026-12-31T23:59")
    web_tab.get_by_role("button", name="Generate Key").click()

    # step 8: the one-time dialog
    dialog = web_tab.get_by_role("dialog", name="Your new API key")
    expect(dialog).to_be_visible()
    key = the_key(web_kraken_state, "Altrady 1")
    api_key = dialog.get_by_role("textbox", name="API key")
    private_key = dialog.get_by_role("textbox", name="Private key")
    expect(api_key).to_have_value(key.public)
    expect(private_key).to_have_value(key.secret)
    expect(private_key).not_to_be_editable()
    expect(dialog).to_contain_text("Your private key is shown only once.")

    dialog.get_by_role("button", name="Copy Private key").click()
    expect(dialog.get_by_text("Copied")).to_be_visible()
    assert web_tab.evaluate("navigator.clipboard.readText()") == key.secret
    dialog.get_by_role("button", name="Copy API key").click()
    expect(dialog.get_by_text("Copied")).to_have_count(2)
    assert web_tab.evaluate("navigator.clipboard.readText()") == key.public

    dialog.get_by_role("button", name="Close").click()
    expect(web_tab).to_have_url(re.compile(r"/settings/security/api$"))
    expect(dialog).to_be_hidden()
    table = web_tab.get_by_role("table", name="API keys")
    row = table.get_by_role("row").filter(has_text="Altrady 1")
    expect(row).to_contain_text(key.public[:6] + "…")
    expect(row).to_contain_text("2027-01-01 00:00 UTC")
    for label in GUIDE_PERMISSION_LABELS:
        expect(row).to_contain_text(label)
    for label in LEFT_OFF_LABELS:
        expect(row).not_to_contain_text(label)
    expect(row.get_by_role("button", name="Revoke Altrady 1")).to_be_visible()

    assert key.spec == KeySpec(
        name="Altrady 1",
        permissions=frozenset(
            {
                "funds_query",
                "trades_query_open",
                "trades_query_closed",
                "trades_modify",
                "trades_close",
                "ledger_query",
                "websocket",
            }
        ),
        ip_allowlist=("127.0.0.2", "127.0.0.3", "127.0.0.4"),
        nonce_window=5000,
        valid_until=int(datetime(2027, 1, 1, tzinfo=UTC).timestamp()),
        query_from=int(datetime(2026, 1, 1, tzinfo=UTC).timestamp()),
        query_to=int(datetime(2026, 12, 31, 23, 59, tzinfo=UTC).timestamp()),
    )

    # Never again: going back to the dialog's address lands on the list, secret-free.
    web_tab.goto("/settings/security/api/created")
    expect(web_tab).to_have_url(re.compile(r"/settings/security/api$"))
    expect(web_tab.get_by_role("dialog")).to_have_count(0)
    assert key.secret not in web_tab.content()


def test_a_refused_field_is_marked_and_described(web_tab: Page) -> None:
    sign_in(web_tab)
    web_tab.goto("/settings/security/api/new")
    web_tab.get_by_role("checkbox", name="Custom Nonce Window").check()
    web_tab.get_by_role("spinbutton", name="Nonce window").fill("-5")
    web_tab.get_by_role("button", name="Generate Key").click()

    expect(web_tab.get_by_role("alert")).to_contain_text("The key was not created.")
    name = web_tab.get_by_role("textbox", name="Name")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_accessible_description(re.compile("Enter a name for the key."))
    window = web_tab.get_by_role("spinbutton", name="Nonce window")
    expect(window).to_be_visible()
    expect(window).to_have_value("-5")
    expect(window).to_have_accessible_description(
        re.compile("The nonce window cannot be negative.")
    )


def test_a_hostile_key_name_is_shown_as_text(web_tab: Page, js_dialogs: list[str]) -> None:
    hostile = "<img src=x onerror=alert(1)>"
    sign_in(web_tab)
    web_tab.goto("/settings/security/api/new")
    web_tab.get_by_role("textbox", name="Name").fill(hostile)
    web_tab.get_by_role("button", name="Generate Key").click()
    web_tab.get_by_role("dialog", name="Your new API key").get_by_role(
        "button", name="Close"
    ).click()
    expect(web_tab.get_by_role("table", name="API keys")).to_contain_text(hostile)
    expect(web_tab.locator("img")).to_have_count(0)
    assert js_dialogs == []


def test_revoke_asks_first_then_removes_the_key(
    web_tab: Page, web_kraken_state: KrakenState
) -> None:
    web_kraken_state.create_key(
        EMAIL, KeySpec(name="Altrady 1", permissions=frozenset({"funds_query"}))
    )
    web_kraken_state.create_key(
        EMAIL, KeySpec(name="Altrady 2", permissions=frozenset({"funds_query"}))
    )
    sign_in(web_tab)
    web_tab.get_by_role("tab", name="Connections & API").click()
    table = web_tab.get_by_role("table", name="API keys")
    revoke = table.get_by_role("button", name="Revoke Altrady 1")
    confirm = web_tab.get_by_role("dialog", name="Revoke API key?")

    revoke.click()
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("Altrady 1")
    confirm.get_by_role("button", name="Cancel").click()
    expect(confirm).to_be_hidden()
    expect(revoke).to_be_focused()
    assert "Altrady 1" in web_kraken_state.account(EMAIL).keys

    revoke.click()
    confirm.get_by_role("button", name="Revoke key").click()
    expect(web_tab.get_by_role("status")).to_have_text("API key “Altrady 1” was revoked.")
    expect(table.get_by_role("button", name="Revoke Altrady 1")).to_have_count(0)
    expect(table.get_by_role("button", name="Revoke Altrady 2")).to_be_visible()
    assert set(web_kraken_state.account(EMAIL).keys) == {"Altrady 2"}
