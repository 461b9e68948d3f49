"""Any signed-in Kraken page, through its top bar: ``nav`` "Main" with the profile menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from playwright.sync_api import Locator, Page

if TYPE_CHECKING:
    from e2e.pages.kraken.login import KrakenLoginPage
    from e2e.pages.kraken.security import KrakenSecurityPage

__all__ = ["KrakenAccountPage"]


class KrakenAccountPage:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.main_nav = page.get_by_role("navigation", name="Main")
        self.profile_button = self.main_nav.get_by_role("button", name="Profile")
        self.profile_menu = page.get_by_role("menu")

    def menu_item(self, name: str) -> Locator:
        return self.profile_menu.get_by_role("menuitem", name=name, exact=True)

    def open_profile_menu(self) -> Locator:
        self.profile_button.click()
        return self.profile_menu

    def open_security(self) -> KrakenSecurityPage:
        from e2e.pages.kraken.security import KrakenSecurityPage  # noqa: PLC0415 (cycle)

        self.open_profile_menu()
        self.menu_item("Security").click()
        return KrakenSecurityPage(self.page)

    def sign_out(self) -> KrakenLoginPage:
        from e2e.pages.kraken.login import KrakenLoginPage  # noqa: PLC0415 (cycle)

        self.open_profile_menu()
        self.menu_item("Sign out").click()
        return KrakenLoginPage(self.page)
