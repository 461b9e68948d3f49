"""The links of the top bar and of the settings side navigation, in one place.

Templates draw them and tests walk them; their labels are the accessible names the page
objects and the guide use.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MAIN_LINKS", "SETTINGS_LINKS", "NavLink"]


@dataclass(frozen=True)
class NavLink:
    key: str  # which page marks this link as current
    label: str
    href: str


MAIN_LINKS: tuple[NavLink, ...] = (
    NavLink("dashboard", "Dashboard", "/dashboard"),
    NavLink("trading", "Trading", "/trading"),
    NavLink("bots", "Bots", "/bots"),
    NavLink("settings", "Settings", "/settings"),
)

SETTINGS_LINKS: tuple[NavLink, ...] = (
    NavLink("profile", "Profile", "/settings/profile"),
    NavLink("exchange-accounts", "Exchange Account API keys", "/settings/exchange-accounts"),
    NavLink("notifications", "Notifications", "/settings/notifications"),
    NavLink("subscription", "Subscription", "/settings/subscription"),
)
