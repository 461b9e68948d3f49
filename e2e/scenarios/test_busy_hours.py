"""Guide scenario: the Custom Nonce Window's reason (step 7, part 5), busy hours.

The guide sets the window to 5000 because, with millisecond nonces, it lets requests that
arrive up to 5 seconds out of order through. Altrady numbers a key's calls in order but
sends them at once; when the network holds one back (here Kraken's fault injection holds
the first order of a grid-bot batch for a second), calls numbered after it reach Kraken
first. With the guide's window Kraken still takes the late order; with no window it refuses
it with ``EAPI:Invalid nonce``.
"""

from __future__ import annotations

from typing import Any

import pytest

from e2e.guide import GUIDE_NONCE_WINDOW
from e2e.scenarios.flows import GuideWalk
from fixtures.control import JournalEntry
from fixtures.factories import key_name
from mocks.kraken_facts.errors import INVALID_NONCE

pytestmark = [pytest.mark.guide, pytest.mark.browser]

ORDERS = 10  # one grid-bot batch: sent at once
# How long the network holds the first order back. The batch is numbered at once, so the
# late nonce is only milliseconds below the others whatever the hold: it needs only to let
# the rest of the batch overtake it (they are sent together), and every second of it is
# real time the scenario waits, twice.
HOLD_S = 1.0
ACCOUNTS = {"Kraken window 5000": GUIDE_NONCE_WINDOW, "Kraken window 0": 0}


def _connect(walk: GuideWalk, name: str, window: int, number: int) -> str:
    part = name.removeprefix("Kraken ")
    wizard = walk.in_altrady.open_connect_wizard(part=part)
    walk.in_altrady.choose_kraken(wizard, part=part)
    wizard.account_name.fill(name)
    key = walk.keys.make(key_name(number), nonce_window=window)
    walk.paste_keys(wizard, [key], part=part)
    walk.in_altrady.confirm_connected(wizard, part=part)
    walk.in_altrady.finish(wizard, name, part=part)
    return key.name


def _busy_burst(walk: GuideWalk, account_name: str) -> dict[str, Any]:
    """A grid-bot batch whose first order to reach Kraken is held back on the way."""
    walk.kraken.clear_requests()
    walk.kraken.add_fault("AddOrder", "delay", delay_s=HOLD_S, times=1)
    account_id = walk.oracle.altrady_account_id(account_name)
    answer = walk.altrady_page.request.post(
        f"{walk.mocks.altrady_url}/api/accounts/{account_id}/grid-bot",
        data={"pair": "XBTUSD", "orders": ORDERS},
    )
    assert answer.ok, f"grid bot on {account_name}: HTTP {answer.status} {answer.text()}"
    report: dict[str, Any] = answer.json()
    return report


def _overtaken(journal: list[JournalEntry], key: str) -> list[JournalEntry]:
    """The key's calls that reached Kraken after a call numbered later had been taken."""
    late = []
    highest = 0
    for entry in journal:
        if entry["key_name"] != key or entry["nonce"] is None:
            continue
        if entry["nonce"] < highest:
            late.append(entry)
        if entry["outcome"] == "ok":
            highest = max(highest, entry["nonce"])
    return late


def _calls(entries: list[JournalEntry]) -> list[tuple[str, int | None, str | None]]:
    return [(entry["endpoint"], entry["nonce"], entry["error"]) for entry in entries]


def test_out_of_order_orders_need_the_guides_nonce_window(walk: GuideWalk) -> None:
    """Orders that reach Kraken out of order are taken with window 5000, refused with 0."""
    keys = {
        name: _connect(walk, name, window, number)
        for number, (name, window) in enumerate(ACCOUNTS.items(), start=1)
    }
    guide_account, no_window_account = ACCOUNTS

    expected = (
        f"With Custom Nonce Window {GUIDE_NONCE_WINDOW}, orders that reach Kraken out of "
        f"order are taken; with no window the late one is refused ({INVALID_NONCE})."
    )
    with walk.guide.step(7, part="nonce window in busy hours", expected=expected):
        report = _busy_burst(walk, guide_account)
        late = _overtaken(walk.kraken.requests(), keys[guide_account])
        assert late, "no call reached Kraken out of order: the burst proved nothing"
        assert all(entry["outcome"] == "ok" for entry in late), (
            f"Kraken refused calls that arrived out of order, window {GUIDE_NONCE_WINDOW}: "
            f"{_calls(late)}"
        )
        assert report["ok"], report
        assert report["orders_placed"] == report["orders_cancelled"] == ORDERS, report

        walk.kraken.advance_clock(600)  # the account's trading counter empties meanwhile
        report = _busy_burst(walk, no_window_account)
        late = _overtaken(walk.kraken.requests(), keys[no_window_account])
        assert late, "no call reached Kraken out of order: the burst proved nothing"
        refused = [entry for entry in late if entry["endpoint"] == "AddOrder"]
        assert refused, _calls(late)
        assert all(entry["error"] == INVALID_NONCE for entry in refused), _calls(refused)
        assert not report["ok"], report
        assert report["orders_placed"] < ORDERS, report
        assert str(GUIDE_NONCE_WINDOW) in report["message"], report["message"]
