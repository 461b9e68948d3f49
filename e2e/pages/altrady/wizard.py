"""Altrady's "Connect exchange account" wizard (guide steps 1 to 3 and 8 to 10) and the
"Edit <account>" dialog that adds keys to a connected account later."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from playwright.sync_api import Locator, Page

if TYPE_CHECKING:
    from e2e.pages.altrady.exchange_accounts import ExchangeAccountsPage

__all__ = ["ConnectWizard", "EditAccountDialog", "KeyGroup"]


class KeyGroup:
    """One "Key N" group of the wizard: "API key", "Private key" and its error alert."""

    def __init__(self, group: Locator) -> None:
        self.group = group
        self.api_key = group.get_by_label("API key", exact=True)
        # A password field: no textbox role, so found by its label.
        self.private_key = group.get_by_label("Private key", exact=True)
        self.error = group.get_by_role("alert")

    def fill(self, api_key: str, private_key: str) -> KeyGroup:
        self.api_key.fill(api_key)
        self.private_key.fill(private_key)
        return self


class _KeysDialog:
    def __init__(self, page: Page, dialog: Locator) -> None:
        self.page = page
        self.dialog = dialog
        self.whitelist = dialog.get_by_role("region", name="IP whitelist")
        self.whitelist_text = self.whitelist.get_by_role("textbox")
        self.copy_whitelist_button = self.whitelist.get_by_role("button", name="Copy IP whitelist")
        self.add_extra_key_button = dialog.get_by_role("button", name="++ Add Extra Key")
        self.connect_button = dialog.get_by_role("button", name="Connect", exact=True)
        self.next_button = dialog.get_by_role("button", name="Next", exact=True)
        self.complete_button = dialog.get_by_role("button", name="Complete", exact=True)
        self.cancel_button = dialog.get_by_role("button", name="Cancel", exact=True)

    def key_group(self, number: int) -> KeyGroup:
        return KeyGroup(self.dialog.get_by_role("group", name=f"Key {number}", exact=True))

    def whitelist_shown(self) -> str:
        return self.whitelist_text.input_value()

    def copy_whitelist(self) -> str:
        """Click the copy icon; returns the whitelist the wizard shows."""
        self.copy_whitelist_button.click()
        return self.whitelist_shown()

    def add_extra_key(self) -> Self:
        """Click "++ Add Extra Key"; fill the new group with ``key_group(number)``."""
        self.add_extra_key_button.click()
        return self

    def connect(self) -> Self:
        self.connect_button.click()
        return self

    def next(self) -> Self:
        self.next_button.click()
        return self

    def cancel(self) -> ExchangeAccountsPage:
        from e2e.pages.altrady.exchange_accounts import (  # noqa: PLC0415 (cycle)
            ExchangeAccountsPage,
        )

        self.cancel_button.click()
        return ExchangeAccountsPage(self.page)

    def complete(self) -> ExchangeAccountsPage:
        from e2e.pages.altrady.exchange_accounts import (  # noqa: PLC0415 (cycle)
            ExchangeAccountsPage,
        )

        self.complete_button.click()
        return ExchangeAccountsPage(self.page)


class ConnectWizard(_KeysDialog):
    TITLE = "Connect exchange account"

    def __init__(self, page: Page) -> None:
        super().__init__(page, page.get_by_role("dialog", name=self.TITLE))
        self.exchange = self.dialog.get_by_role("combobox", name="Exchange")
        self.account_name = self.dialog.get_by_role("textbox", name="Account name")

    def choose_exchange(self, name: str) -> Self:
        self.exchange.select_option(label=name)
        return self


class EditAccountDialog(_KeysDialog):
    def __init__(self, page: Page, account_name: str) -> None:
        super().__init__(page, page.get_by_role("dialog", name=f"Edit {account_name}", exact=True))
        self.account_name = account_name
