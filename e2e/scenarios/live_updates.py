"""What the live-update scenarios share: the account card's live line, a deposit on
Kraken, and waiting for balances on screen within the 2 s the issue allows, with no click."""

from __future__ import annotations

import re
from decimal import Decimal

from playwright.sync_api import Locator, expect

from e2e.guide import step_by_number
from e2e.pages.altrady.exchange_accounts import AccountSection
from e2e.scenarios.flows import ALTRADY_ASSET_NAMES, GuideWalk

__all__ = [
    "LIVE_OFF",
    "LIVE_ON",
    "LIVE_RECONNECTING",
    "LIVE_WITHIN_MS",
    "WEBSOCKET_PERMISSION",
    "assert_balances_arrive",
    "deposit",
    "live_line",
]

LIVE_WITHIN_MS = 2000
# What the card's live line says (Altrady's words).
LIVE_ON = re.compile(r"^Live updates on\b")
LIVE_OFF = re.compile(r"^Live updates are off\b")
LIVE_RECONNECTING = re.compile(r"^Live updates: .*reconnecting")
# The permission step 7 asks for, in the guide's own words.
WEBSOCKET_PERMISSION = "WebSocket interface"
assert f"**{WEBSOCKET_PERMISSION}**" in step_by_number(7).action


def live_line(section: AccountSection) -> Locator:
    """The card's line that says whether live updates are on."""
    return section.region.get_by_text(re.compile(r"^Live updates"))


def deposit(walk: GuideWalk, balances: dict[str, str], asset: str, amount: str) -> dict[str, str]:
    """Put ``amount`` more ``asset`` on the Kraken account (its control API books the entry);
    the balances Kraken then holds, as its ``Balance`` writes them."""
    after = dict(balances)
    decimals = len(balances[asset].partition(".")[2])
    total = Decimal(balances[asset]) + Decimal(amount)
    after[asset] = f"{total:.{decimals}f}"
    walk.kraken.set_balances(walk.trader.email, after)
    return after


def assert_balances_arrive(
    walk: GuideWalk, section: AccountSection, balances: dict[str, str], timeout_ms: float
) -> None:
    expect(section.balance_rows).to_have_count(len(balances), timeout=timeout_ms)
    for asset, amount in balances.items():
        expect(section.balance_amount(ALTRADY_ASSET_NAMES[asset])).to_have_text(
            amount, timeout=timeout_ms
        )
