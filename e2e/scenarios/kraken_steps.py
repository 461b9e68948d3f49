"""The guide's steps in the Kraken tab: 4 (log in), 5 (Security), 6 (new key), 7 (generate).

Each step is one method that walks it inside ``guide.step(n)`` and confirms its outcome
before returning. Step 7 leaves Kraken's new-key dialog open, as Kraken does; step 8
(:meth:`e2e.scenarios.flows.GuideWalk.paste_keys`) closes it.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from e2e.pages.kraken.account import KrakenAccountPage
from e2e.pages.kraken.create_key import (
    KeySettings,
    KrakenCreateKeyPage,
    KrakenNewKeyDialog,
    NewKey,
)
from e2e.pages.kraken.login import KrakenLoginPage
from e2e.pages.kraken.security import KrakenApiKeysTab, KrakenSecurityPage
from e2e.scenarios.keyring import KeyRing
from e2e.scenarios.oracle import Oracle
from e2e.walk import GuideWalker
from fixtures.factories import Trader

__all__ = ["KrakenSteps"]


class KrakenSteps:
    def __init__(
        self,
        *,
        guide: GuideWalker,
        page: Page,
        kraken_url: str,
        trader: Trader,
        keys: KeyRing,
        oracle: Oracle,
    ) -> None:
        self.guide = guide
        self.page = page
        self._kraken_url = kraken_url
        self._trader = trader
        self._keys = keys
        self._oracle = oracle
        # The key whose one-time dialog step 7 left open, until it is closed.
        self.dialog_open_for: NewKey | None = None

    def log_in(self, part: str = "") -> KrakenAccountPage:
        """Step 4: sign in to Kraken in the second tab."""
        with self.guide.step(4, part=part):
            login = KrakenLoginPage.open(self.page, self._kraken_url)
            expect(login.heading).to_be_visible()
            login.fill(self._trader.email, self._trader.password)
            self.guide.picture(login.sign_in_button, "Kraken's sign-in form, filled in")
            account = login.sign_in(self._trader.email, self._trader.password)
            expect(account.profile_button).to_be_visible()
        return account

    def open_security(self, account: KrakenAccountPage, part: str = "") -> KrakenSecurityPage:
        """Step 5: the profile button, then Security."""
        with self.guide.step(5, part=part):
            account.open_profile_menu()
            self.guide.picture(account.menu_item("Security"), "The profile menu: Security")
            account.menu_item("Security").click()
            security = KrakenSecurityPage(self.page)
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
                form.page.get_by_role("region", name="Permissions"),
                "The permissions the guide asks for (Deposit, Withdraw and Earn Funds off)",
            )
            self.guide.picture(
                form.generate_button, "Whitelist pasted, nonce window 5000: Generate Key"
            )
            dialog = form.generate()
            expect(dialog.dialog).to_be_visible()
            key = self._keys.add(dialog.read(settings.name))
            self._oracle.assert_kraken_holds(key, settings)
            self.dialog_open_for = key
        return key

    def new_key(self, security: KrakenSecurityPage, settings: KeySettings, part: str) -> NewKey:
        """Steps 6 and 7 again, from the security page (a second key "the same way")."""
        form = self.start_new_key(security, part=part)
        return self.generate_key(form, settings, part=part)

    def api_keys_tab(self) -> KrakenApiKeysTab:
        """The Connections & API tab, where a closed new-key dialog leaves the user."""
        return KrakenApiKeysTab(self.page)

    def close_new_key_dialog(self) -> KrakenApiKeysTab:
        """Close the new key's one-time dialog; the key is listed on Connections & API."""
        self.guide.look_at(self.page)
        api_tab = KrakenNewKeyDialog(self.page).close()
        expect(api_tab.keys_table).to_be_visible()
        if self.dialog_open_for is not None:
            expect(api_tab.key_row(self.dialog_open_for.name)).to_be_visible()
        self.dialog_open_for = None
        return api_tab
