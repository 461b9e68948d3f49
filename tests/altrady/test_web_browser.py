"""The Altrady pages in a real Chromium, against the real Altrady backend and Kraken mock.

Walks the guide's Altrady steps (1 to 3, 8 to 11) through the pages, plus the refusals,
the 10-key limit, Edit, Resync and escaping. Set-up that is not the point of a test
(users, Kraken keys, an already connected account) goes through the control APIs or the
JSON API, so each test drives only the page it is about.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from fixtures.control import KeyPair, KrakenControl
from fixtures.factories import Trader, key_name
from fixtures.servers import MockStack
from mocks.altrady.settings import MAX_KEYS_MESSAGE, MAX_KEYS_PER_ACCOUNT

pytestmark = pytest.mark.browser

# The guide's step 7: Query Funds, all of Orders & Trades, Query Ledger Entries, WebSocket.
GUIDE_PERMISSIONS = (
    "funds_query",
    "trades_query_open",
    "trades_query_closed",
    "trades_modify",
    "trades_close",
    "ledger_query",
    "websocket",
)
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
TIMEOUT_MS = 10_000


# browser: the plugin's (playwright.config.toml), with Altrady as the base URL


@pytest.fixture
def browser_context_args(
    browser_context_args: dict[str, Any], keyflow_mocks: MockStack
) -> dict[str, Any]:
    return {**browser_context_args, "base_url": keyflow_mocks.altrady_url}


@pytest.fixture
def web_page(page: Page) -> Iterator[Page]:
    """An Altrady tab that fails the test on any script error or JS dialog (an XSS alert)."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))

    def on_dialog(dialog: Any) -> None:
        problems.append(f"unexpected JS dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page
    assert problems == [], problems


# data


def guide_key(
    kraken: KrakenControl, mocks: MockStack, trader: Trader, name: str, **changes: Any
) -> KeyPair:
    """A Kraken key made as the guide says (step 7), with ``changes`` to break a rule."""
    settings: dict[str, Any] = {
        "permissions": GUIDE_PERMISSIONS,
        "ip_allowlist": mocks.altrady_app.state.settings.egress_addresses,
        "nonce_window": 5000,
    }
    settings.update(changes)
    return kraken.create_key(trader.email, name, **settings)


def guide_keys(
    kraken: KrakenControl, mocks: MockStack, trader: Trader, count: int, start: int = 1
) -> list[KeyPair]:
    return [guide_key(kraken, mocks, trader, key_name(n)) for n in range(start, start + count)]


def log_in(page: Page, trader: Trader, path: str = "/settings/exchange-accounts") -> None:
    """Signed in through Altrady's session API, then on ``path``.

    The login form has a test of its own here, and the guide's scenarios sign in through it
    at step 1; the other tests only need the session, without a page load for the form.
    """
    credentials = {"email": trader.email, "password": trader.password}
    answer = page.request.post("/api/session", data=credentials)
    assert answer.ok, answer.text()
    page.goto(path)
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


def connect_through_api(page: Page, keys: list[KeyPair], name: str = "Kraken") -> dict[str, Any]:
    body = {"exchange": "kraken", "name": name, "keys": [_key_body(k) for k in keys]}
    answer = page.request.post("/api/accounts", data=body)
    assert answer.status == 201, answer.text()
    account: dict[str, Any] = answer.json()["account"]
    return account


def _key_body(key: KeyPair) -> dict[str, str]:
    return {"api_key": key.key, "private_key": key.secret}


def api_accounts(page: Page) -> list[dict[str, Any]]:
    answer = page.request.get("/api/accounts")
    assert answer.ok, answer.text()
    accounts: list[dict[str, Any]] = answer.json()["accounts"]
    return accounts


def table_rows(table: Locator) -> list[list[str]]:
    body = table.locator("tbody tr")
    return [[cell.strip() for cell in row.locator("td").all_inner_texts()] for row in body.all()]


def open_wizard(page: Page) -> Locator:
    page.get_by_role("button", name="+ Connect Account").click()
    dialog = page.get_by_role("dialog", name="Connect exchange account")
    expect(dialog).to_be_visible()
    return dialog


def fill_key(dialog: Locator, number: int, key: KeyPair) -> None:
    group = dialog.get_by_role("group", name=f"Key {number}", exact=True)
    group.get_by_label("API key", exact=True).fill(key.key)
    group.get_by_label("Private key", exact=True).fill(key.secret)


# the guide's Altrady steps


def test_login_page_refuses_a_wrong_password_then_returns_to_the_page_asked_for(
    web_page: Page, trader: Trader
) -> None:
    web_page.goto("/settings/exchange-accounts")
    expect(web_page).to_have_url(re.compile(r"/login\?next=%2Fsettings%2Fexchange-accounts$"))
    expect(web_page.get_by_role("heading", name="Log in to Altrady")).to_be_visible()
    web_page.get_by_role("textbox", name="Email").fill(trader.email)
    web_page.get_by_label("Password", exact=True).fill(trader.password + "x")
    web_page.get_by_role("button", name="Sign in").click()
    expect(web_page.get_by_role("alert")).to_have_text("Incorrect email or password.")
    web_page.get_by_label("Password", exact=True).fill(trader.password)
    web_page.get_by_role("button", name="Sign in").click()
    expect(web_page).to_have_url(re.compile(r"/settings/exchange-accounts$"))
    expect(web_page.get_by_text("No exchange accounts connected yet.")).to_be_visible()


def test_guide_steps_1_to_3_and_8_to_11(
    web_page: Page, mocks: MockStack, trader: Trader, kraken_control: KrakenControl
) -> None:
    page = web_page
    log_in(page, trader, "/dashboard")

    # Step 1: Settings, Exchange Account API keys, + Connect Account.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Settings", level=1)).to_be_visible()
    settings_nav = page.get_by_role("navigation", name="Settings")
    settings_nav.get_by_role("link", name="Exchange Account API keys").click()
    expect(page.get_by_role("heading", name="Exchange Account API keys", level=1)).to_be_visible()
    dialog = open_wizard(page)

    # Step 2: Kraken shows the key form and the whitelist, exactly as the API has it.
    dialog.get_by_role("combobox", name="Exchange").select_option(label="Kraken")
    whitelist = dialog.get_by_role("region", name="IP whitelist")
    api_whitelist = page.request.get("/api/exchanges/kraken/whitelist").json()
    assert api_whitelist["text"] == ",".join(mocks.altrady_app.state.settings.egress_addresses)
    expect(whitelist.get_by_role("textbox")).to_have_value(api_whitelist["text"])
    expect(dialog.get_by_role("group", name="Key 1")).to_be_visible()
    expect(dialog.get_by_role("textbox", name="Account name")).to_have_value("Kraken")

    # Step 3: the copy icon puts exactly that text on the clipboard.
    whitelist.get_by_role("button", name="Copy IP whitelist").click()
    expect(whitelist.get_by_role("status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == api_whitelist["text"]

    # Step 8: two keys, the second through "++ Add Extra Key", then Connect.
    first, second = guide_keys(kraken_control, mocks, trader, 2)
    fill_key(dialog, 1, first)
    dialog.get_by_role("button", name="++ Add Extra Key").click()
    fill_key(dialog, 2, second)
    dialog.get_by_role("button", name="Connect", exact=True).click()
    verified = dialog.get_by_role("listitem").filter(has_text="Verified")
    expect(verified).to_have_count(2)
    expect(verified.nth(0)).to_contain_text(key_name(1))
    expect(verified.nth(1)).to_contain_text(key_name(2))

    # Step 9: Next says the account is connected, with its balances.
    dialog.get_by_role("button", name="Next").click()
    expect(dialog.get_by_text("Your Kraken account is connected")).to_be_visible()

    # Step 10: Complete closes the wizard; the account is listed.
    dialog.get_by_role("button", name="Complete").click()
    expect(dialog).to_be_hidden()
    card = page.get_by_role("region", name="Kraken", exact=True)
    expect(card.get_by_text("Connected", exact=True)).to_be_visible()
    keys_table = card.get_by_role("table", name="API keys")
    expect(keys_table.locator("tbody tr")).to_have_count(2)

    # Step 11: the balances shown are Kraken's, to the digit.
    (account,) = api_accounts(page)
    assert {b["asset"]: b["amount"] for b in account["balances"]} == trader.balances
    balances = card.get_by_role("table", name="Balances")
    expect(balances.locator("tbody tr")).to_have_count(len(trader.balances))
    shown = {row[0]: row[1] for row in table_rows(balances)}
    assert shown == {b["display"]: b["amount"] for b in account["balances"]}
    expect(
        card.get_by_text(re.compile(r"^Last updated \d+ \w{3} \d{4}, [\d:]{8} UTC"))
    ).to_be_visible()

    # The private keys are gone from the page once Altrady holds them.
    html = page.content()
    assert first.secret not in html
    assert second.secret not in html


def test_a_refused_key_is_named_beside_its_group_and_nothing_typed_is_lost(
    web_page: Page, mocks: MockStack, trader: Trader, kraken_control: KrakenControl
) -> None:
    page = web_page
    log_in(page, trader)
    good = guide_key(kraken_control, mocks, trader, key_name(1))
    weak = guide_key(
        kraken_control,
        mocks,
        trader,
        key_name(2),
        permissions=[p for p in GUIDE_PERMISSIONS if p not in {"ledger_query", "trades_close"}],
    )
    dialog = open_wizard(page)
    dialog.get_by_role("combobox", name="Exchange").select_option(label="Kraken")
    fill_key(dialog, 1, good)
    dialog.get_by_role("button", name="++ Add Extra Key").click()
    fill_key(dialog, 2, weak)
    dialog.get_by_role("button", name="Connect", exact=True).click()

    key_two = dialog.get_by_role("group", name="Key 2")
    expect(key_two.get_by_role("alert")).to_contain_text("Query Ledger Entries")
    expect(key_two.get_by_role("alert")).to_contain_text("Cancel/Close Orders")
    expect(dialog.get_by_role("group", name="Key 1").get_by_role("alert")).to_have_count(0)
    summary = dialog.get_by_role("alert").first
    expect(summary).to_contain_text("Key 2:")
    expect(key_two.get_by_label("API key", exact=True)).to_have_value(weak.key)
    expect(key_two.get_by_label("Private key", exact=True)).to_have_value(weak.secret)
    expect(dialog.get_by_role("group", name="Key 1").get_by_label("API key")).to_have_value(
        good.key
    )
    assert api_accounts(page) == []

    # Fix only the refused key: the rest stays as typed, and Connect goes through.
    fill_key(dialog, 2, guide_key(kraken_control, mocks, trader, key_name(3)))
    dialog.get_by_role("button", name="Connect", exact=True).click()
    expect(dialog.get_by_role("listitem").filter(has_text="Verified")).to_have_count(2)


def test_an_empty_key_field_is_caught_before_asking_kraken(web_page: Page, trader: Trader) -> None:
    page = web_page
    log_in(page, trader)
    dialog = open_wizard(page)
    dialog.get_by_role("combobox", name="Exchange").select_option(label="Kraken")
    dialog.get_by_role("group", name="Key 1").get_by_label("API key").fill("only-the-public-key")
    dialog.get_by_role("button", name="Connect", exact=True).click()
    expect(dialog.get_by_role("group", name="Key 1").get_by_role("alert")).to_have_text(
        "Paste the private key from Kraken."
    )
    assert api_accounts(page) == []


def test_another_exchange_is_not_available_in_this_mock(web_page: Page, trader: Trader) -> None:
    page = web_page
    log_in(page, trader)
    dialog = open_wizard(page)
    exchange = dialog.get_by_role("combobox", name="Exchange")
    exchanges = page.request.get("/api/exchanges").json()["exchanges"]
    other = next(e for e in exchanges if not e["supported"])
    expect(exchange.locator("option")).to_have_count(len(exchanges) + 1)
    exchange.select_option(label=other["name"])
    expect(dialog.get_by_text(f"{other['name']} is not available in this mock.")).to_be_visible()
    expect(dialog.get_by_role("region", name="IP whitelist")).to_be_hidden()
    expect(dialog.get_by_role("button", name="Connect", exact=True)).to_be_disabled()


def test_ten_keys_disable_add_extra_key_with_the_reason(web_page: Page, trader: Trader) -> None:
    page = web_page
    log_in(page, trader)
    dialog = open_wizard(page)
    dialog.get_by_role("combobox", name="Exchange").select_option(label="Kraken")
    add = dialog.get_by_role("button", name="++ Add Extra Key")
    for number in range(2, MAX_KEYS_PER_ACCOUNT + 1):
        add.click()
        expect(dialog.get_by_role("group", name=f"Key {number}", exact=True)).to_be_visible()
    expect(add).to_be_disabled()
    expect(add).to_have_accessible_description(MAX_KEYS_MESSAGE)
    expect(dialog.get_by_text(MAX_KEYS_MESSAGE)).to_be_visible()

    dialog.get_by_role("button", name=f"Remove key {MAX_KEYS_PER_ACCOUNT}").click()
    expect(add).to_be_enabled()
    expect(dialog.get_by_text(MAX_KEYS_MESSAGE)).to_be_hidden()
    expect(add).to_have_accessible_description("")


def test_edit_counts_stored_keys_and_shows_the_servers_409(
    web_page: Page, mocks: MockStack, trader: Trader, kraken_control: KrakenControl
) -> None:
    page = web_page
    log_in(page, trader)
    connect_through_api(page, guide_keys(kraken_control, mocks, trader, 2))
    page.reload()
    page.get_by_role("region", name="Kraken").get_by_role("button", name="Edit").click()
    dialog = page.get_by_role("dialog", name="Edit Kraken", exact=True)
    expect(
        dialog.get_by_role("table", name="Keys already connected").locator("tbody tr")
    ).to_have_count(2)
    add = dialog.get_by_role("button", name="++ Add Extra Key")
    extra = guide_keys(kraken_control, mocks, trader, MAX_KEYS_PER_ACCOUNT - 2, start=3)
    for number, key in enumerate(extra, start=3):
        add.click()
        fill_key(dialog, number, key)
    expect(add).to_be_disabled()
    expect(add).to_have_accessible_description(MAX_KEYS_MESSAGE)

    # Another tab adds a key meanwhile: the server refuses the now eleventh, keeps all ten.
    late = guide_key(kraken_control, mocks, trader, key_name(MAX_KEYS_PER_ACCOUNT + 1))
    account_id = api_accounts(page)[0]["id"]
    added = page.request.post(f"/api/accounts/{account_id}/keys", data={"keys": [_key_body(late)]})
    assert added.ok, added.text()
    dialog.get_by_role("button", name="Connect", exact=True).click()
    expect(dialog.get_by_role("alert").first).to_contain_text(MAX_KEYS_MESSAGE)
    (account,) = api_accounts(page)
    assert len(account["keys"]) == 3


def test_edit_adds_an_extra_key_to_a_connected_account(
    web_page: Page, mocks: MockStack, trader: Trader, kraken_control: KrakenControl
) -> None:
    page = web_page
    log_in(page, trader)
    connect_through_api(page, guide_keys(kraken_control, mocks, trader, 2))
    page.reload()
    card = page.get_by_role("region", name="Kraken")
    card.get_by_role("button", name="Edit").click()
    dialog = page.get_by_role("dialog", name="Edit Kraken", exact=True)
    expect(
        dialog.get_by_role("region", name="IP whitelist").get_by_role("textbox")
    ).not_to_have_value("")
    dialog.get_by_role("button", name="++ Add Extra Key").click()
    fill_key(dialog, 3, guide_key(kraken_control, mocks, trader, key_name(3)))
    dialog.get_by_role("button", name="Connect", exact=True).click()
    verified = dialog.get_by_role("listitem").filter(has_text="Verified")
    expect(verified).to_have_count(1)
    expect(verified).to_contain_text(key_name(3))
    dialog.get_by_role("button", name="Next").click()
    dialog.get_by_role("button", name="Complete").click()
    expect(dialog).to_be_hidden()
    expect(card.get_by_role("table", name="API keys").locator("tbody tr")).to_have_count(3)


def test_edit_removes_a_stored_key_after_confirming(
    web_page: Page, mocks: MockStack, trader: Trader, kraken_control: KrakenControl
) -> None:
    page = web_page
    log_in(page, trader)
    connect_through_api(page, guide_keys(kraken_control, mocks, trader, 2))
    page.reload()
    card = page.get_by_role("region", name="Kraken")
    card.get_by_role("button", name="Edit").click()
    dialog = page.get_by_role("dialog", name="Edit Kraken", exact=True)
    dialog.get_by_role("button", name="Remove stored key 2").click()
    dialog.get_by_role("button", name="Keep stored key 2").click()
    expect(dialog.get_by_role("button", name="Remove stored key 2")).to_be_visible()
    dialog.get_by_role("button", name="Remove stored key 2").click()
    dialog.get_by_role("button", name="Confirm removing stored key 2").click()
    stored = dialog.get_by_role("table", name="Keys already connected").locator("tbody tr")
    expect(stored).to_have_count(1)
    dialog.get_by_role("button", name="Close").click()
    expect(card.get_by_role("table", name="API keys").locator("tbody tr")).to_have_count(1)
    assert len(api_accounts(page)[0]["keys"]) == 1


def test_resync_shows_new_balances_or_says_why_not(
    web_page: Page, mocks: MockStack, trader: Trader, kraken_control: KrakenControl
) -> None:
    page = web_page
    log_in(page, trader)
    connect_through_api(page, guide_keys(kraken_control, mocks, trader, 2))
    page.reload()
    card = page.get_by_role("region", name="Kraken")
    balances = card.get_by_role("table", name="Balances")

    kraken_control.set_balances(trader.email, {"XXBT": "3.1415926535", "ZUSD": "42.0000"})
    card.get_by_role("button", name="Resync").click()
    expect(card.get_by_role("status")).to_have_text("Balances updated.")
    expect(balances.locator("tbody tr")).to_have_count(2)
    assert sorted(amount for _, amount in table_rows(balances)) == ["3.1415926535", "42.0000"]

    kraken_control.add_fault("*", "error", error="EService:Unavailable", times=50)
    card.get_by_role("button", name="Resync").click()
    expect(card.get_by_role("alert")).to_contain_text("Kraken")
    expect(card.get_by_role("alert")).to_contain_text(
        "The balances shown are from the last update."
    )
    assert sorted(amount for _, amount in table_rows(balances)) == ["3.1415926535", "42.0000"]


def test_names_from_users_and_kraken_render_as_text(
    web_page: Page, mocks: MockStack, trader: Trader, kraken_control: KrakenControl
) -> None:
    page = web_page
    log_in(page, trader)
    key = guide_key(kraken_control, mocks, trader, HOSTILE_NAME)
    dialog = open_wizard(page)
    dialog.get_by_role("combobox", name="Exchange").select_option(label="Kraken")
    dialog.get_by_role("textbox", name="Account name").fill(HOSTILE_NAME)
    fill_key(dialog, 1, key)
    dialog.get_by_role("button", name="Connect", exact=True).click()
    expect(dialog.get_by_role("listitem").filter(has_text="Verified")).to_contain_text(HOSTILE_NAME)
    dialog.get_by_role("button", name="Next").click()
    dialog.get_by_role("button", name="Complete").click()
    card = page.get_by_role("region", name=HOSTILE_NAME, exact=True)
    expect(card.get_by_role("heading", name=HOSTILE_NAME)).to_be_visible()
    expect(card.get_by_role("cell", name=HOSTILE_NAME)).to_be_visible()
    expect(page.locator("img")).to_have_count(0)

    card.get_by_role("button", name="Edit").click()
    expect(page.get_by_role("dialog", name=f"Edit {HOSTILE_NAME}", exact=True)).to_be_visible()


def test_dashboard_sums_up_the_connected_accounts(
    web_page: Page, mocks: MockStack, trader: Trader, kraken_control: KrakenControl
) -> None:
    page = web_page
    log_in(page, trader, "/dashboard")
    expect(page.get_by_text("No holdings yet.")).to_be_visible()
    connect_through_api(page, guide_keys(kraken_control, mocks, trader, 2))
    page.reload()
    holdings = page.get_by_role("table", name="Holdings")
    # By the name shown. The live feed's snapshot renders the table again as it arrives:
    # retrying assertions, since reading it cell by cell could straddle two renders.
    shown = {"BTC": "XXBT", "ETH": "XETH", "USD": "ZUSD"}
    assert set(shown.values()) == set(trader.balances)
    expect(holdings.locator("tbody tr td:nth-child(2)")).to_have_text(list(shown))
    expect(holdings.locator("tbody tr td:nth-child(3)")).to_have_text(
        [trader.balances[asset] for asset in shown.values()]
    )


def test_log_out_returns_to_the_login_page(web_page: Page, trader: Trader) -> None:
    page = web_page
    log_in(page, trader, "/dashboard")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in to Altrady")).to_be_visible()
    page.goto("/settings")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fsettings$"))
