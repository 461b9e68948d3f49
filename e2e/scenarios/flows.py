"""What the scenarios share: the guide's key settings and the guide's walk, step by step.

:class:`GuideWalk` performs one guide step per method, inside ``guide.step(n)``, and
confirms the step's outcome before returning, so each scenario reads as the guide does and
a broken step names itself. Scenarios that only need a connected account use the control
API for the keys the guide would have the user create by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Page, expect

from e2e.guide import GUIDE_NONCE_WINDOW
from e2e.pages.altrady.app import AltradyAppPage
from e2e.pages.altrady.exchange_accounts import AccountSection, ExchangeAccountsPage
from e2e.pages.altrady.login import AltradyLoginPage
from e2e.pages.altrady.wizard import ConnectWizard, EditAccountDialog
from e2e.pages.kraken.account import KrakenAccountPage
from e2e.pages.kraken.create_key import (
    KeySettings,
    KrakenCreateKeyPage,
    KrakenNewKeyDialog,
    NewKey,
)
from e2e.pages.kraken.login import KrakenLoginPage
from e2e.pages.kraken.security import KrakenApiKeysTab, KrakenSecurityPage
from e2e.scenarios.kraken_calls import source_address_in
from e2e.walk import GuideWalker
from fixtures.control import AltradyControl, KeyPair, KrakenControl
from fixtures.factories import Trader, key_name
from fixtures.servers import MockStack
from mocks.kraken_facts.client import KrakenRestClient
from mocks.kraken_facts.permissions import PERMISSIONS

__all__ = [
    "ALTRADY_ASSET_NAMES",
    "GUIDE_NONCE_WINDOW",
    "GUIDE_PERMISSIONS",
    "GUIDE_PERMISSION_FIELDS",
    "KRAKEN_ACCOUNT",
    "GuideWalk",
    "guide_key_settings",
    "split_whitelist",
]

# Step 7, "as shown": Query Funds, all of Orders & Trades, Query Ledger Entries, WebSocket.
GUIDE_PERMISSIONS = frozenset(
    {
        "Query Funds",
        "Query Open Orders & Trades",
        "Query Closed Orders & Trades",
        "Create & Modify Orders",
        "Cancel/Close Orders",
        "Query Ledger Entries",
        "WebSocket interface",
    }
)
# The same permissions by Kraken's field names (what the control API and GetApiKeyInfo use).
GUIDE_PERMISSION_FIELDS = frozenset(
    {
        "funds_query",
        "trades_query_open",
        "trades_query_closed",
        "trades_modify",
        "trades_close",
        "ledger_query",
        "websocket",
    }
)

# How Altrady names Kraken's assets on its pages.
ALTRADY_ASSET_NAMES = {"XXBT": "BTC", "XETH": "ETH", "ZUSD": "USD", "ZEUR": "EUR", "USDT": "USDT"}

KRAKEN_ACCOUNT = "Kraken"  # the account name the wizard proposes


def split_whitelist(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", text.strip()) if part]


def guide_key_settings(name: str, whitelist: str) -> KeySettings:
    """The key the guide tells the user to create in step 7."""
    return KeySettings(
        name=name,
        permissions=GUIDE_PERMISSIONS,
        ip_allowlist=whitelist,
        nonce_window=GUIDE_NONCE_WINDOW,
    )


@dataclass
class GuideWalk:
    """One scenario's walk through the guide, in the two tabs the guide keeps open."""

    guide: GuideWalker
    mocks: MockStack
    trader: Trader
    altrady_page: Page
    kraken_page: Page
    kraken: KrakenControl
    altrady: AltradyControl
    whitelist: str = ""
    keys: list[NewKey] = field(default_factory=list)
    _altrady_logged_in: bool = False

    # Altrady, steps 1 to 3

    def open_connect_wizard(self, part: str = "") -> ConnectWizard:
        """Step 1: log in to Altrady, Settings, Exchange Account API keys, + Connect Account."""
        with self.guide.step(1, part=part):
            accounts = self.open_exchange_accounts()
            self.guide.picture(accounts.connect_account_button, "Click + Connect Account")
            wizard = accounts.connect_account()
            expect(wizard.dialog).to_be_visible()
            expect(wizard.exchange).to_be_visible()
        return wizard

    def open_exchange_accounts(self) -> ExchangeAccountsPage:
        """Settings, then Exchange Account API keys (logging in to Altrady the first time)."""
        app: AltradyAppPage
        if self._altrady_logged_in:
            app = AltradyAppPage(self.altrady_page)
        else:
            login = AltradyLoginPage.open(self.altrady_page, self.mocks.altrady_url)
            expect(login.heading).to_be_visible()
            app = login.log_in(self.trader.email, self.trader.password)
            self._altrady_logged_in = True
        settings = app.open_settings()
        accounts = settings.open_exchange_accounts()
        expect(accounts.heading).to_be_visible()
        return accounts

    def choose_kraken(self, wizard: ConnectWizard, part: str = "") -> None:
        """Step 2: Kraken from the exchange dropdown shows the key form and the whitelist."""
        with self.guide.step(2, part=part):
            self.guide.picture(wizard.exchange, "Pick Kraken from the exchange dropdown")
            wizard.choose_exchange("Kraken")
            expect(wizard.whitelist).to_be_visible()
            expect(wizard.whitelist_text).not_to_have_value("")
            expect(wizard.key_group(1).api_key).to_be_visible()
            expect(wizard.key_group(1).private_key).to_be_visible()
            self.whitelist = wizard.whitelist_shown()

    def copy_whitelist(self, wizard: ConnectWizard, part: str = "") -> str:
        """Step 3: the copy icon puts exactly the whitelist shown on the clipboard."""
        with self.guide.step(3, part=part):
            self.guide.picture(
                wizard.copy_whitelist_button, "The copy icon beside the IP whitelist"
            )
            shown = wizard.copy_whitelist()
            expect(wizard.whitelist.get_by_role("status")).to_have_text("Copied")
            copied = self.clipboard()
            assert copied == shown, f"the clipboard holds {copied!r}, the wizard shows {shown!r}"
            self.whitelist = shown
        return shown

    def clipboard(self) -> str:
        text: Any = self.altrady_page.evaluate("navigator.clipboard.readText()")
        return str(text)

    # Kraken, steps 4 to 7

    def log_in_to_kraken(self, part: str = "") -> KrakenAccountPage:
        """Step 4: sign in to Kraken in the second tab."""
        with self.guide.step(4, part=part):
            login = KrakenLoginPage.open(self.kraken_page, self.mocks.kraken_url)
            expect(login.heading).to_be_visible()
            login.fill(self.trader.email, self.trader.password)
            self.guide.picture(login.sign_in_button, "Kraken's sign-in form, filled in")
            account = login.sign_in(self.trader.email, self.trader.password)
            expect(account.profile_button).to_be_visible()
        return account

    def open_security(self, account: KrakenAccountPage, part: str = "") -> KrakenSecurityPage:
        """Step 5: the profile button, then Security."""
        with self.guide.step(5, part=part):
            account.open_profile_menu()
            self.guide.picture(account.menu_item("Security"), "The profile menu: Security")
            account.menu_item("Security").click()
            security = KrakenSecurityPage(self.kraken_page)
            expect(security.heading).to_be_visible()
            expect(security.tablist).to_be_visible()
        return security

    def start_new_key(self, security: KrakenSecurityPage, part: str = "") -> KrakenCreateKeyPage:
        """Step 6: the Connections & API tab, then Create API Key."""
        with self.guide.step(6, part=part):
            api_tab = security.open_connections_and_api()
            expect(api_tab.tab("Connections & API")).to_have_attribute("aria-selected", "true")
            self.guide.picture(api_tab.create_key_button, "Connections & API: Create API Key")
            form = api_tab.create_api_key()
            expect(form.heading).to_be_visible()
            expect(form.generate_button).to_be_visible()
        return form

    def generate_key(
        self, form: KrakenCreateKeyPage, settings: KeySettings, part: str = ""
    ) -> NewKey:
        """Step 7: fill the form, Generate Key; Kraken holds a key with exactly these settings."""
        with self.guide.step(7, part=part):
            form.fill(settings)
            self.guide.picture(
                None,
                "A name, and the permissions the guide asks for (Deposit, Withdraw and Earn "
                "Funds off)",
                marks=[
                    (1, form.name),
                    (2, form.page.get_by_role("region", name="Permissions")),
                    (3, form.permission("WebSocket interface")),
                ],
            )
            self.guide.picture(
                form.generate_button,
                "Whitelist pasted, nonce window 5000, the optional dates left empty: Generate Key",
                marks=[
                    (4, [form.ip_restriction, form.allowed_ips]),
                    (5, [form.custom_nonce_window, form.nonce_window]),
                    (6, [form.key_expiration, form.query_start, form.query_end]),
                ],
            )
            dialog = form.generate()
            expect(dialog.dialog).to_be_visible()
            key = dialog.read(settings.name)
            self.guide.keep_secret(key.private_key)
            self.assert_kraken_holds(key, settings)
            self.keys.append(key)
        return key

    def assert_kraken_holds(self, key: NewKey, settings: KeySettings) -> None:
        stored = {entry["name"]: entry for entry in self.kraken.keys(self.trader.email)}
        assert settings.name in stored, f"Kraken has no key named {settings.name!r}"
        entry = stored[settings.name]
        assert entry["key"] == key.api_key, "the dialog's API key is not the key Kraken stored"
        expected: dict[str, object] = {
            "permissions": sorted(_fields_of(settings.permissions)),
            "ip_allowlist": split_whitelist(settings.ip_allowlist or ""),
            "nonce_window": settings.nonce_window or 0,
            "valid_until": int(settings.expires_at.timestamp()) if settings.expires_at else 0,
            "query_from": int(settings.query_start.timestamp()) if settings.query_start else 0,
            "query_to": int(settings.query_end.timestamp()) if settings.query_end else 0,
        }
        actual = {
            "permissions": sorted(entry["permissions"]),
            "ip_allowlist": entry["ip_allowlist"],
            "nonce_window": entry["nonce_window"],
            "valid_until": entry["valid_until"],
            "query_from": entry["query_from"],
            "query_to": entry["query_to"],
        }
        assert actual == expected, f"Kraken stored {actual}, the form asked for {expected}"

    def create_key_in_kraken(
        self, security: KrakenSecurityPage, settings: KeySettings, part: str
    ) -> NewKey:
        """Steps 6 and 7 again, from the security page (a second key "the same way")."""
        form = self.start_new_key(security, part=part)
        return self.generate_key(form, settings, part=part)

    def close_new_key_dialog(self) -> KrakenApiKeysTab:
        self.guide.look_at(self.kraken_page)
        api_tab = KrakenNewKeyDialog(self.kraken_page).close()
        expect(api_tab.keys_table).to_be_visible()
        return api_tab

    def two_keys_through_kraken(self, wizard: ConnectWizard) -> tuple[NewKey, NewKey]:
        """Steps 4 to 8 up to Connect: two keys made on Kraken's pages, pasted into Altrady."""
        account = self.log_in_to_kraken()
        security = self.open_security(account)
        form = self.start_new_key(security)
        first = self.generate_key(form, guide_key_settings(key_name(1), self.whitelist))
        with self.guide.step(8):
            self.paste_key(wizard, 1, first)
            api_tab = self.close_new_key_dialog()
        second_settings = guide_key_settings(key_name(2), self.whitelist)
        second = self.create_key_in_kraken(api_tab, second_settings, part="second key")
        with self.guide.step(8, part="second key"):
            self.close_new_key_dialog()
            self.paste_key(wizard, 2, second)
            expect(wizard.key_group(2).api_key).to_have_value(second.api_key)
        return first, second

    def connect_control_keys(self, count: int) -> tuple[AccountSection, list[NewKey]]:
        """Steps 1, 2 and 8 to 10 with ``count`` keys made through the control API.

        For scenarios about what happens once an account is connected, not about Kraken's
        pages. Returns the account's section on the Exchange Account API keys page.
        """
        wizard = self.open_connect_wizard()
        self.choose_kraken(wizard)
        keys = [self.control_key(key_name(number)) for number in range(1, count + 1)]
        with self.guide.step(8):
            for number, key in enumerate(keys, start=1):
                self.paste_key(wizard, number, key)
            self.connect(wizard)
            expect(wizard.next_button).to_be_visible()
        self.confirm_connected(wizard)
        return self.finish(wizard, KRAKEN_ACCOUNT), keys

    # Keys made through the control API (scenarios that are not about steps 4 to 7)

    def control_key(
        self,
        name: str,
        *,
        permissions: frozenset[str] = GUIDE_PERMISSION_FIELDS,
        ip_allowlist: list[str] | None = None,
        nonce_window: int = GUIDE_NONCE_WINDOW,
        valid_until: int = 0,
    ) -> NewKey:
        """A key as step 7 would make it (or with one setting changed), made directly."""
        allowlist = split_whitelist(self.whitelist) if ip_allowlist is None else ip_allowlist
        pair: KeyPair = self.kraken.create_key(
            self.trader.email,
            name,
            permissions=permissions,
            ip_allowlist=allowlist,
            nonce_window=nonce_window,
            valid_until=valid_until,
        )
        self.guide.keep_secret(pair.secret)
        key = NewKey(name=name, api_key=pair.key, private_key=pair.secret)
        self.keys.append(key)
        return key

    # Altrady, steps 8 to 11

    def paste_key(
        self, dialog: ConnectWizard | EditAccountDialog, number: int, key: NewKey
    ) -> None:
        """Paste ``key`` into group "Key <number>", adding the group with ++ Add Extra Key."""
        self.guide.look_at(dialog.page)
        group = dialog.key_group(number)
        if not group.group.is_visible():
            dialog.add_extra_key()
        expect(group.group).to_be_visible()
        group.fill(key.api_key, key.private_key)

    def connect(self, dialog: ConnectWizard | EditAccountDialog) -> None:
        """Connect, and wait for Kraken's verdict on every key (Next shows when all pass)."""
        dialog.connect()
        verdict = dialog.next_button.or_(dialog.dialog.get_by_role("alert"))
        expect(verdict.first).to_be_visible()

    def confirm_connected(self, dialog: ConnectWizard | EditAccountDialog, part: str = "") -> None:
        """Step 9: Next; the account is connected."""
        with self.guide.step(9, part=part):
            self.guide.picture(dialog.next_button, "Keys verified: Next")
            dialog.next()
            expect(dialog.complete_button).to_be_visible()
            expect(dialog.dialog).to_contain_text("is connected")

    def finish(
        self, dialog: ConnectWizard | EditAccountDialog, account_name: str, part: str = ""
    ) -> AccountSection:
        """Step 10: Complete; the wizard closes and the account is listed."""
        with self.guide.step(10, part=part):
            self.guide.picture(dialog.complete_button, "Connected: Complete")
            accounts = dialog.complete()
            expect(dialog.dialog).to_be_hidden()
            section = accounts.account(account_name)
            expect(section.region).to_be_visible()
            expect(section.region).to_contain_text("Connected")
        return section

    def check_balances(self, section: AccountSection, key: NewKey, part: str = "") -> None:
        """Step 11: Resync when needed; the balances shown equal what Kraken holds."""
        with self.guide.step(11, part=part):
            krakens = self.kraken_balances(key)
            self.guide.picture(
                section.resync_button,
                "The account's balances, and Resync if they have not appeared",
            )
            if section.balance_rows.count() != len(krakens):
                section.resync()
            self.assert_balances_shown(section, krakens)

    def kraken_balances(self, key: NewKey) -> dict[str, str]:
        """Kraken's own ``Balance`` answer, asked with ``key`` (the assets Altrady shows)."""
        with self.kraken_client(key) as kraken:
            answer = kraken.private("Balance")
        assert answer["error"] == [], f"Kraken refused Balance: {answer['error']}"
        return {
            asset: amount
            for asset, amount in answer["result"].items()
            if asset in ALTRADY_ASSET_NAMES
        }

    def assert_balances_shown(self, section: AccountSection, balances: dict[str, str]) -> None:
        expect(section.balance_rows).to_have_count(len(balances))
        for asset, amount in balances.items():
            expect(section.balance_amount(ALTRADY_ASSET_NAMES[asset])).to_have_text(amount)

    def account_id(self, name: str) -> str:
        for account in self.altrady.accounts(self.trader.email):
            if account["name"] == name:
                return str(account["id"])
        raise AssertionError(f"Altrady has no account named {name!r}")

    def kraken_client(self, key: NewKey) -> KrakenRestClient:
        """Signed calls with ``key``, from an address in Altrady's whitelist."""
        source = source_address_in(split_whitelist(self.whitelist))
        return KrakenRestClient(
            self.mocks.kraken_url, key.api_key, key.private_key, local_address=source
        )


def _fields_of(labels: frozenset[str]) -> set[str]:
    by_label = {permission.label: permission.field for permission in PERMISSIONS}
    return {by_label[label] for label in labels}
