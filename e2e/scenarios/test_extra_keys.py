"""Guide scenario: what a second and third key really buy (step 8, part 3), on Kraken's model.

The guide adds extra keys "to avoid rate limit errors" when Altrady places and cancels many
orders at once. Kraken documents two counters ("Spot REST rate limits", "Spot Trading
Limits"):

- the **REST call counter is per API key**: a grid bot's status checks (``QueryOrders``,
  ``OpenOrders``, ``Balance``) overflow one key's counter (``EAPI:Rate limit exceeded``)
  and fit when spread over three keys; the keys also carry their own nonces, so calls run at
  once without one key's nonce order serialising them. This the extra keys buy.
- the **trading counter is one per account and pair**, shared by every key: the same burst
  meets ``EOrder:Rate limit exceeded`` on the same cancels with three keys as with one.
  This they do not buy, and Altrady must back the pair off on every key rather than hop
  from key to key: each refused cancel is refused as often with three keys as with one.

Both accounts are keys of one Kraken account, so Kraken's clock stands still during each
burst (counters neither decay nor depend on the machine's speed) and moves on 10 minutes
between them, which empties the counters.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from e2e.pages.kraken.create_key import NewKey
from e2e.scenarios.flows import GuideWalk
from fixtures.control import JournalEntry
from fixtures.factories import key_name
from mocks.kraken_facts.errors import INVALID_NONCE, ORDER_RATE_LIMIT, REST_RATE_LIMIT

pytestmark = [pytest.mark.guide, pytest.mark.browser]

ACCOUNTS = {"Kraken one key": 1, "Kraken three keys": 3}
ORDERS = 20  # placed at once, then cancelled at once: more than one trading counter holds
# The burst's answer waits for Altrady's back-off rounds (under 2 s for each refused call,
# several of them one after another on one key): longer than a page's default timeout.
BURST_TIMEOUT_MS = 30_000
STATUS_CHECKS = {"QueryOrders", "OpenOrders", "Balance"}
ORDER_CALLS = {"AddOrder", "CancelOrder"}


def _connect(walk: GuideWalk, name: str, numbers: range) -> list[NewKey]:
    """Steps 1, 2 and 8 to 10 for account ``name``, with keys made as step 7 says."""
    part = name.removeprefix("Kraken ")
    wizard = walk.in_altrady.open_connect_wizard(part=part)
    walk.in_altrady.choose_kraken(wizard, part=part)
    wizard.account_name.fill(name)
    keys = [walk.keys.make(key_name(number)) for number in numbers]
    walk.paste_keys(wizard, keys, part=part)
    walk.in_altrady.confirm_connected(wizard, part=part)
    walk.in_altrady.finish(wizard, name, part=part)
    return keys


def _burst(walk: GuideWalk, account_name: str) -> tuple[dict[str, Any], list[JournalEntry]]:
    """The grid bot's burst on the account, and what Kraken journaled of it."""
    walk.kraken.clear_requests()
    account_id = walk.oracle.altrady_account_id(account_name)
    answer = walk.altrady_page.request.post(
        f"{walk.mocks.altrady_url}/api/accounts/{account_id}/grid-bot",
        data={"pair": "XBTUSD", "orders": ORDERS},
        timeout=BURST_TIMEOUT_MS,
    )
    assert answer.ok, f"grid bot on {account_name}: HTTP {answer.status} {answer.text()}"
    report: dict[str, Any] = answer.json()
    return report, walk.kraken.requests()


def _errors(journal: list[JournalEntry], endpoints: set[str]) -> Counter[str | None]:
    return Counter(entry["error"] for entry in journal if entry["endpoint"] in endpoints)


def _per_key(journal: list[JournalEntry], endpoint: str) -> Counter[str | None]:
    return Counter(entry["key_name"] for entry in journal if entry["endpoint"] == endpoint)


def test_extra_keys_split_the_rest_counter_but_share_the_trading_counter(
    walk: GuideWalk,
) -> None:
    """Three keys split the REST counter of a burst's checks; its trading limit stays one."""
    keys: dict[str, list[NewKey]] = {}
    first = 1
    for name, count in ACCOUNTS.items():
        keys[name] = _connect(walk, name, range(first, first + count))
        first += count
    one_key, three_keys = ACCOUNTS

    expected = (
        "Extra keys split Kraken's per-key REST counter (the status checks fit on three "
        f"keys, not on one: {REST_RATE_LIMIT}) but share its one trading counter per "
        f"account and pair: the same cancels meet {ORDER_RATE_LIMIT} with three keys as with "
        "one, each refused as often, never retried on every key."
    )
    with walk.guide.step(8, part="extra keys under a grid-bot burst", expected=expected):
        walk.kraken.freeze_clock()
        one, one_journal = _burst(walk, one_key)
        walk.kraken.advance_clock(600)
        three, three_journal = _burst(walk, three_keys)

        # What extra keys buy: the REST counter and the nonces are the key's own.
        assert _errors(one_journal, STATUS_CHECKS)[REST_RATE_LIMIT] > 0, (
            f"one key's status checks never met Kraken's REST counter: {one}"
        )
        assert _errors(three_journal, STATUS_CHECKS | ORDER_CALLS)[REST_RATE_LIMIT] == 0, (
            f"three keys still met Kraken's REST counter: {three}"
        )
        names = {key.name for key in keys[three_keys]}
        for endpoint in ("QueryOrders", "AddOrder"):
            assert set(_per_key(three_journal, endpoint)) == names, (
                f"{endpoint} did not use every key: {_per_key(three_journal, endpoint)}"
            )
        assert all(entry["error"] != INVALID_NONCE for entry in three_journal)

        # What they do not buy: the account's trading counter for XBTUSD is one.
        assert one["orders_placed"] == three["orders_placed"] == ORDERS, (one, three)
        assert three["orders_cancelled"] < three["orders_placed"], (
            f"three keys cancelled every order, as if each had its own counter: {three}"
        )
        assert three["orders_cancelled"] == one["orders_cancelled"], (one, three)
        refused_one = _errors(one_journal, ORDER_CALLS)[ORDER_RATE_LIMIT]
        refused_three = _errors(three_journal, ORDER_CALLS)[ORDER_RATE_LIMIT]
        left_open = three["orders_placed"] - three["orders_cancelled"]
        assert refused_three == refused_one, (
            f"{ORDER_RATE_LIMIT}: {refused_three} refusals for {left_open} cancels on three "
            f"keys against {refused_one} on one key: the pool tried the pair on every key"
        )
