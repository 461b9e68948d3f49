"""Any logged-in Altrady page, through its top bar (``nav`` "Main") and settings side bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import Page

if TYPE_CHECKING:
    from e2e.pages.altrady.exchange_accounts import ExchangeAccountsPage

__all__ = ["AltradyAppPage", "AltradySettingsPage"]


class AltradyAppPage:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.main_nav = page.get_by_role("navigation", name="Main")
        self.settings_link = self.main_nav.get_by_role("link", name="Settings", exact=True)

    def open_settings(self) -> AltradySettingsPage:
        self.settings_link.click()
        return AltradySettingsPage(self.page)


class AltradySettingsPage(AltradyAppPage):
    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.settings_nav = page.get_by_role("navigation", name="Settings")
        self.exchange_accounts_link = self.settings_nav.get_by_role(
            "link", name="Exchange Account API keys", exact=True
        )

    def open_exchange_accounts(self) -> ExchangeAccountsPage:
        from e2e.pages.altrady.exchange_accounts import (  # noqa: PLC0415 (cycle)
            ExchangeAccountsPage,
        )

        self.exchange_accounts_link.click()
        return ExchangeAccountsPage(self.page)
