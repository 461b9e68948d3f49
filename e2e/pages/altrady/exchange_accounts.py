"""Altrady's "Exchange Account API keys" settings page and its account sections."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

from e2e.pages.altrady.app import AltradySettingsPage
from e2e.pages.altrady.wizard import ConnectWizard, EditAccountDialog

__all__ = ["AccountSection", "ExchangeAccountsPage", "read_table"]

PATH = "/settings/exchange-accounts"


def read_table(table: Locator) -> list[dict[str, str]]:
    """A table's body rows as {column header: cell text}."""
    headers = [cell.inner_text().strip() for cell in table.get_by_role("columnheader").all()]
    rows: list[dict[str, str]] = []
    for row in table.get_by_role("row").all():
        cells = row.get_by_role("cell").all()
        if not cells:  # the header row
            continue
        rows.append(dict(zip(headers, (cell.inner_text().strip() for cell in cells), strict=False)))
    return rows


class AccountSection:
    """One connected exchange account: a ``section`` named after the account."""

    def __init__(self, page: Page, name: str) -> None:
        self.page = page
        self.name = name
        self.region = page.get_by_role("region", name=name, exact=True)
        self.keys_table = self.region.get_by_role("table", name="API keys")
        self.balances_table = self.region.get_by_role("table", name="Balances")
        self.resync_button = self.region.get_by_role("button", name="Resync", exact=True)
        self.edit_button = self.region.get_by_role("button", name="Edit", exact=True)
        self.resync_status = self.region.get_by_role("status")
        self.error = self.region.get_by_role("alert")
        self.balance_rows = self.balances_table.get_by_role("rowgroup").last.get_by_role("row")

    def balance_amount(self, asset: str) -> Locator:
        """The "Amount" cell of ``asset``'s row (assets as shown: BTC, ETH, USD, ...)."""
        row = self.balance_rows.filter(has=self.page.get_by_role("cell", name=asset, exact=True))
        return row.get_by_role("cell").nth(1)

    def balances(self) -> dict[str, str]:
        """Asset -> amount, as shown now (wait with ``expect`` first: rows arrive late)."""
        return {row["Asset"]: row["Amount"] for row in read_table(self.balances_table)}

    def key_rows(self) -> list[dict[str, str]]:
        return read_table(self.keys_table)

    def resync(self) -> AccountSection:
        self.resync_button.click()
        return self

    def edit(self) -> EditAccountDialog:
        self.edit_button.click()
        return EditAccountDialog(self.page, self.name)


class ExchangeAccountsPage(AltradySettingsPage):
    PATH = PATH

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.heading = page.get_by_role(
            "heading", name="Exchange Account API keys", exact=True, level=1
        )
        self.connect_account_button = page.get_by_role(
            "button", name="+ Connect Account", exact=True
        )
        self.status = page.locator("#accounts-status")

    def expect_loaded(self) -> None:
        """Until the page has shown the accounts it fetched (or why it could not).

        The page says "Loading exchange accounts…" until ``GET /api/accounts`` answers; a
        picture taken before then shows that line instead of the list.
        """
        expect(self.status).to_be_empty()

    @classmethod
    def open(cls, page: Page, base_url: str) -> ExchangeAccountsPage:
        page.goto(base_url.rstrip("/") + PATH)
        return cls(page)

    def connect_account(self) -> ConnectWizard:
        self.connect_account_button.click()
        return ConnectWizard(self.page)

    def account(self, name: str) -> AccountSection:
        return AccountSection(self.page, name)
