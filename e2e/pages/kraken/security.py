"""Kraken's Security page (guide steps 5 and 6) and its "Connections & API" tab."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

from e2e.pages.kraken.account import KrakenAccountPage
from e2e.pages.kraken.create_key import KrakenCreateKeyPage

__all__ = ["KrakenApiKeysTab", "KrakenSecurityPage"]

SECURITY_TABS = ("Overview", "Two-factor authentication", "Passkeys", "Connections & API")

_REVOKE_PREFIX = "Revoke "


class KrakenSecurityPage(KrakenAccountPage):
    PATH = "/settings/security"

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.heading = page.get_by_role("heading", name="Security", exact=True, level=1)
        self.tablist = page.get_by_role("tablist")

    def tab(self, name: str) -> Locator:
        return self.tablist.get_by_role("tab", name=name, exact=True)

    def open_connections_and_api(self) -> KrakenApiKeysTab:
        self.tab("Connections & API").click()
        return KrakenApiKeysTab(self.page)


class KrakenApiKeysTab(KrakenSecurityPage):
    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.keys_table = page.get_by_role("table", name="API keys")
        self.no_keys_note = page.get_by_text("You have no API keys yet.")
        self.create_key_button = page.get_by_role("link", name="Create API Key", exact=True).or_(
            page.get_by_role("button", name="Create API Key", exact=True)
        )
        self.revoke_dialog = page.get_by_role("dialog", name="Revoke API key?")

    def create_api_key(self) -> KrakenCreateKeyPage:
        self.create_key_button.click()
        return KrakenCreateKeyPage(self.page)

    def revoke_button(self, key_name: str) -> Locator:
        return self.keys_table.get_by_role("button", name=_REVOKE_PREFIX + key_name, exact=True)

    def key_row(self, key_name: str) -> Locator:
        revoke = self.page.get_by_role("button", name=_REVOKE_PREFIX + key_name, exact=True)
        return self.keys_table.get_by_role("row").filter(has=revoke)

    def key_names(self) -> list[str]:
        """The keys listed, by name, in the table's order (none when the table is absent)."""
        buttons = self.page.get_by_role("button", name=re.compile(f"^{_REVOKE_PREFIX}"))
        names = [button.get_attribute("aria-label") or "" for button in buttons.all()]
        return [name.removeprefix(_REVOKE_PREFIX) for name in names]

    def revoke(self, key_name: str) -> KrakenApiKeysTab:
        self.revoke_button(key_name).click()
        self.revoke_dialog.get_by_role("button", name="Revoke key", exact=True).click()
        return KrakenApiKeysTab(self.page)
