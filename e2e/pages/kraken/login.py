"""Kraken's sign-in page (guide step 4)."""

from __future__ import annotations

from playwright.sync_api import Page

from e2e.pages.kraken.account import KrakenAccountPage

__all__ = ["KrakenLoginPage"]


class KrakenLoginPage:
    PATH = "/login"

    def __init__(self, page: Page) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", name="Sign in to Kraken")
        self.email = page.get_by_role("textbox", name="Email", exact=True)
        self.password = page.get_by_label("Password", exact=True)
        self.sign_in_button = page.get_by_role("button", name="Sign in", exact=True)
        self.error = page.get_by_role("alert")

    @classmethod
    def open(cls, page: Page, base_url: str) -> KrakenLoginPage:
        page.goto(base_url.rstrip("/") + cls.PATH)
        return cls(page)

    def fill(self, email: str, password: str) -> KrakenLoginPage:
        self.email.fill(email)
        self.password.fill(password)
        return self

    def sign_in(self, email: str, password: str) -> KrakenAccountPage:
        self.fill(email, password)
        self.sign_in_button.click()
        return KrakenAccountPage(self.page)

    def sign_in_refused(self, email: str, password: str) -> KrakenLoginPage:
        """Submit credentials Kraken is expected to refuse; the page stays."""
        self.fill(email, password)
        self.sign_in_button.click()
        return self
