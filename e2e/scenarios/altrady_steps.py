"""The guide's steps in the Altrady tab: 1 (wizard), 2 (Kraken), 3 (copy the whitelist),
9 (Next), 10 (Complete) and 11 (balances), with the two actions step 8 is made of.

Each step is one method that walks it inside ``guide.step(n)`` and confirms its outcome
before returning. Step 8 happens in both tabs: :meth:`e2e.scenarios.flows.GuideWalk.paste_keys`
walks it with :meth:`AltradySteps.paste_key` and :meth:`AltradySteps.connect`.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from e2e.pages.altrady.app import AltradyAppPage
from e2e.pages.altrady.exchange_accounts import AccountSection, ExchangeAccountsPage
from e2e.pages.altrady.login import AltradyLoginPage
from e2e.pages.altrady.wizard import ConnectWizard, EditAccountDialog
from e2e.pages.kraken.create_key import NewKey
from e2e.scenarios.oracle import ALTRADY_ASSET_NAMES, Oracle
from e2e.walk import GuideWalker
from fixtures.factories import Trader

__all__ = ["KRAKEN_ACCOUNT", "AltradySteps", "KeysDialog"]

KRAKEN_ACCOUNT = "Kraken"  # the account name the wizard proposes

KeysDialog = ConnectWizard | EditAccountDialog


class AltradySteps:
    def __init__(
        self,
        *,
        guide: GuideWalker,
        page: Page,
        altrady_url: str,
        trader: Trader,
        oracle: Oracle,
    ) -> None:
        self.guide = guide
        self.page = page
        self._altrady_url = altrady_url
        self._trader = trader
        self._oracle = oracle
        self._logged_in = False
        self.whitelist = ""  # as step 2 shows it (and step 3 copies it)

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
        if self._logged_in:
            app = AltradyAppPage(self.page)
        else:
            login = AltradyLoginPage.open(self.page, self._altrady_url)
            expect(login.heading).to_be_visible()
            app = login.log_in(self._trader.email, self._trader.password)
            self._logged_in = True
        settings = app.open_settings()
        accounts = settings.open_exchange_accounts()
        expect(accounts.heading).to_be_visible()
        accounts.expect_loaded()
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
        text: Any = self.page.evaluate("navigator.clipboard.readText()")
        return str(text)

    # Step 8's two actions in Altrady (GuideWalk.paste_keys walks the step)

    def paste_key(self, dialog: KeysDialog, number: int, key: NewKey) -> None:
        """Paste ``key`` into group "Key <number>", adding the group with ++ Add Extra Key."""
        self.guide.look_at(dialog.page)
        group = dialog.key_group(number)
        if not group.group.is_visible():
            dialog.add_extra_key()
        expect(group.group).to_be_visible()
        group.fill(key.api_key, key.private_key)

    def connect(self, dialog: KeysDialog) -> None:
        """Connect, and wait for Kraken's verdict on every key (Next shows when all pass)."""
        dialog.connect()
        verdict = dialog.next_button.or_(dialog.dialog.get_by_role("alert"))
        expect(verdict.first).to_be_visible()

    # Steps 9 to 11

    def confirm_connected(self, dialog: KeysDialog, part: str = "") -> None:
        """Step 9: Next; the account is connected."""
        with self.guide.step(9, part=part):
            self.guide.picture(dialog.next_button, "Keys verified: Next")
            dialog.next()
            expect(dialog.complete_button).to_be_visible()
            expect(dialog.dialog).to_contain_text("is connected")

    def finish(self, dialog: KeysDialog, account_name: str, part: str = "") -> AccountSection:
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
            krakens = self._oracle.kraken_balances(key)
            self.guide.picture(
                section.resync_button,
                "The account's balances, and Resync if they have not appeared",
            )
            if section.balance_rows.count() != len(krakens):
                section.resync()
            self.assert_balances_shown(section, krakens)

    def assert_balances_shown(self, section: AccountSection, balances: dict[str, str]) -> None:
        expect(section.balance_rows).to_have_count(len(balances))
        for asset, amount in balances.items():
            expect(section.balance_amount(ALTRADY_ASSET_NAMES[asset])).to_have_text(amount)
