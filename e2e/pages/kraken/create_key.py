"""Kraken's create-key form (guide step 7) and the dialog that shows the new key (step 8)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from playwright.sync_api import Locator, Page

from e2e.pages.kraken.account import KrakenAccountPage
from mocks.kraken_facts.permissions import PERMISSIONS

if TYPE_CHECKING:
    from e2e.pages.kraken.security import KrakenApiKeysTab

__all__ = [
    "PERMISSION_LABELS",
    "KeySettings",
    "KrakenCreateKeyPage",
    "KrakenNewKeyDialog",
    "NewKey",
]

# The permission checkboxes, as labelled on the page, in the page's order: Kraken's
# published labels.
PERMISSION_LABELS = tuple(permission.label for permission in PERMISSIONS)


@dataclass(frozen=True)
class KeySettings:
    """What a user enters on the form. ``None`` leaves an optional setting switched off."""

    name: str
    permissions: frozenset[str] = field(default_factory=frozenset)  # labels, as on the page
    ip_allowlist: str | None = None
    nonce_window: int | None = None
    expires_at: datetime | None = None
    query_start: datetime | None = None
    query_end: datetime | None = None

    def __post_init__(self) -> None:
        unknown = self.permissions - set(PERMISSION_LABELS)
        if unknown:
            raise ValueError(f"not a permission on Kraken's form: {sorted(unknown)}")


@dataclass(frozen=True)
class NewKey:
    """A generated key as the dialog shows it, once. Keep ``private_key`` out of output."""

    name: str
    api_key: str
    private_key: str = field(repr=False)


def _datetime_local(moment: datetime) -> str:
    """A ``datetime-local`` value; the form reads it as UTC."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")


class KrakenCreateKeyPage(KrakenAccountPage):
    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.heading = page.get_by_role("heading", name="Create API key", exact=True)
        self.name = page.get_by_role("textbox", name="Name", exact=True)
        self.ip_restriction = page.get_by_role("checkbox", name="IP address restriction")
        self.allowed_ips = page.get_by_role("textbox", name="Allowed IP addresses")
        self.custom_nonce_window = page.get_by_role("checkbox", name="Custom Nonce Window")
        self.nonce_window = page.get_by_role("spinbutton", name="Nonce window", exact=True)
        self.key_expiration = page.get_by_role("checkbox", name="Key expiration")
        self.expiration = page.get_by_label("Expiration date/time")
        self.query_start = page.get_by_label("Query start date/time")
        self.query_end = page.get_by_label("Query end date/time")
        self.generate_button = page.get_by_role("button", name="Generate Key", exact=True)
        self.form_alert = page.get_by_role("alert")

    def permission(self, label: str) -> Locator:
        return self.page.get_by_role("checkbox", name=label, exact=True)

    def fill(self, settings: KeySettings) -> KrakenCreateKeyPage:
        self.name.fill(settings.name)
        for label in PERMISSION_LABELS:
            self.permission(label).set_checked(label in settings.permissions)
        self._toggle(self.ip_restriction, self.allowed_ips, settings.ip_allowlist)
        window = None if settings.nonce_window is None else str(settings.nonce_window)
        self._toggle(self.custom_nonce_window, self.nonce_window, window)
        expires = None if settings.expires_at is None else _datetime_local(settings.expires_at)
        self._toggle(self.key_expiration, self.expiration, expires)
        if settings.query_start is not None:
            self.query_start.fill(_datetime_local(settings.query_start))
        if settings.query_end is not None:
            self.query_end.fill(_datetime_local(settings.query_end))
        return self

    @staticmethod
    def _toggle(switch: Locator, revealed: Locator, value: str | None) -> None:
        switch.set_checked(value is not None)
        if value is not None:
            revealed.fill(value)

    def generate(self) -> KrakenNewKeyDialog:
        self.generate_button.click()
        return KrakenNewKeyDialog(self.page)

    def generate_refused(self) -> KrakenCreateKeyPage:
        """Submit a form Kraken is expected to refuse; the form comes back with errors.

        Each refused field names its error in its accessible description: assert with
        ``expect(form.nonce_window).to_have_accessible_description(...)``.
        """
        self.generate_button.click()
        return KrakenCreateKeyPage(self.page)


class KrakenNewKeyDialog:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.dialog = page.get_by_role("dialog", name="Your new API key")
        self.api_key = self.dialog.get_by_role("textbox", name="API key", exact=True)
        self.private_key = self.dialog.get_by_role("textbox", name="Private key", exact=True)
        self.copy_api_key_button = self.dialog.get_by_role("button", name="Copy API key")
        self.copy_private_key_button = self.dialog.get_by_role("button", name="Copy Private key")
        self.close_button = self.dialog.get_by_role("button", name="Close", exact=True)

    def read(self, name: str) -> NewKey:
        return NewKey(
            name=name,
            api_key=self.api_key.input_value(),
            private_key=self.private_key.input_value(),
        )

    def close(self) -> KrakenApiKeysTab:
        from e2e.pages.kraken.security import KrakenApiKeysTab  # noqa: PLC0415 (cycle)

        self.close_button.click()
        return KrakenApiKeysTab(self.page)
