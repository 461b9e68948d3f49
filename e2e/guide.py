"""The guide's steps, in one place.

"How to connect your Kraken exchange account with Altrady", steps 1 to 11. The rendered
guide in ``docs/``, the step report and the screenshots all come from this table; a test
fails when ``docs/`` and this table disagree about which steps exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "GUIDE_KEY_LIMIT_MESSAGE",
    "GUIDE_MAX_KEYS",
    "GUIDE_NONCE_WINDOW",
    "GUIDE_PERMISSIONS",
    "GUIDE_STEPS",
    "GUIDE_TITLE",
    "GuideStep",
    "step_by_number",
]

GUIDE_TITLE = "How to connect your Kraken exchange account with Altrady"

# The guide's own numbers. Scenarios check the mocks against these, never against the
# mocks' constants, so a mock that drifts from the guide fails its scenario.
GUIDE_MAX_KEYS = 10  # "up to 10" keys per Kraken account in Altrady
GUIDE_NONCE_WINDOW = 5000  # "Custom Nonce Window ... set to 5000"
# Step 7, the permissions "as shown", by their labels on Kraken's create-key form: Query
# Funds, all of Orders & Trades, Query Ledger Entries, and the WebSocket interface.
GUIDE_PERMISSIONS = frozenset(
    {
        "Query Funds",
        "Query Open Orders & Trades",
        "Query Closed Orders & Trades",
        "Create & Modify Orders",
        "Cancel/Close Orders",
        "Query Ledger Entries",
        "WebSocket interface",
    }
)
# Step 8, part 4: an 11th key "must be refused with a clear message". Clear here means it
# names the limit: the guide's number, said of keys.
GUIDE_KEY_LIMIT_MESSAGE = re.compile(rf"\b{GUIDE_MAX_KEYS}\b.*\bkeys\b", re.IGNORECASE)


@dataclass(frozen=True)
class GuideStep:
    number: int
    title: str
    where: str  # "Altrady", "Kraken" or "both"
    action: str  # what the user does, in the guide's words
    confirms: str  # what the scenario checks before moving on


GUIDE_STEPS: tuple[GuideStep, ...] = (
    GuideStep(
        1,
        "Open the connect wizard",
        "Altrady",
        "Log in to Altrady, open **Settings**, then **Exchange Account API keys**, "
        "and click **+ Connect Account**.",
        "The connect wizard opens.",
    ),
    GuideStep(
        2,
        "Choose Kraken",
        "Altrady",
        "Pick **Kraken** from the exchange dropdown.",
        "The wizard shows Kraken's key form and Altrady's IP whitelist.",
    ),
    GuideStep(
        3,
        "Copy Altrady's IP whitelist",
        "Altrady",
        "Click the **copy** icon beside the IP whitelist and keep the Altrady tab open.",
        "The clipboard holds exactly the whitelist shown.",
    ),
    GuideStep(
        4,
        "Log in to Kraken",
        "Kraken",
        "In a second tab, log in to your Kraken account.",
        "You are logged in.",
    ),
    GuideStep(
        5,
        "Open Security",
        "Kraken",
        "Click the **profile** button in the navigation bar, then **Security**.",
        "The security page opens.",
    ),
    GuideStep(
        6,
        "Start a new API key",
        "Kraken",
        "Open the **Connections & API** tab and click **Create API Key**.",
        "The create-key form opens.",
    ),
    GuideStep(
        7,
        "Fill in and generate the key",
        "Kraken",
        "Name the key; tick Query Funds, all of Orders & Trades and Query Ledger Entries "
        "(leave Deposit, Withdraw and Earn Funds off); enable **WebSocket interface**; "
        "enable **IP address restriction** and paste Altrady's whitelist; enable "
        "**Custom Nonce Window** and set it to **5000**; click **Generate Key**.",
        "A key is created with exactly those settings.",
    ),
    GuideStep(
        8,
        "Paste the keys into Altrady",
        "both",
        "Paste the **API key** and the **Private key** into Altrady, close the Kraken "
        "dialog, create a second key the same way with the same whitelist, add it with "
        "**++ Add Extra Key**, then click **Connect**.",
        "Both keys are stored and verified against Kraken.",
    ),
    GuideStep(
        9,
        "Confirm the connection",
        "Altrady",
        "Click **Next**.",
        "The account is connected.",
    ),
    GuideStep(
        10,
        "Finish the wizard",
        "Altrady",
        "Click **Complete**.",
        "The wizard closes and the account is listed.",
    ),
    GuideStep(
        11,
        "Check your balances",
        "Altrady",
        "If balances have not appeared yet, update them by hand with **Resync**.",
        "The balances shown equal the Kraken account's balances.",
    ),
)

_BY_NUMBER = {step.number: step for step in GUIDE_STEPS}


def step_by_number(number: int) -> GuideStep:
    return _BY_NUMBER[number]
