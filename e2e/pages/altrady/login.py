"""Altrady's log-in page (guide step 1)."""

from __future__ import annotations

from playwright.sync_api import Page

from e2e.pages.altrady.app import AltradyAppPage

__all__ = ["AltradyLoginPage"]


class AltradyLoginPage:
    PATH = "/login"

    def __init__(self, page: Page) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", name="Log in to Altrady")
        self.email = page.get_by_role("textbox", name="Email", exact=True)
        self.password = page.get_by_label("Password", exact=True)
        self.sign_in_button = page.get_by_role("button", name="Sign in", exact=True)
        self.error = page.get_by_role("alert")

    @classmethod
    def open(cls, page: Page, base_url: str) -> AltradyLoginPage:
        page.goto(base_url.rstrip("/") + cls.PATH)
        return cls(page)

    def fill(self, email: str, password: str) -> AltradyLoginPage:
        self.email.fill(email)
        self.password.fill(password)
        return self

    def log_in(self, email: str, password: str) -> AltradyAppPage:
        self.fill(email, password)
        self.sign_in_button.click()
        return AltradyAppPage(self.page)

    def log_in_refused(self, email: str, password: str) -> AltradyLoginPage:
        self.fill(email, password)
        self.sign_in_button.click()
        return self
