from __future__ import annotations

import asyncio

import anyio
import pytest

from mocks.altrady.balances import BalanceRefresher, balance_rows, display_name
from mocks.clock import Clock
from tests.altrady.conftest import T0


@pytest.mark.parametrize(
    ("asset", "shown"),
    [
        ("XXBT", "BTC"),
        ("XBT.F", "BTC.F"),
        ("XETH", "ETH"),
        ("ZUSD", "USD"),
        ("ZEUR", "EUR"),
        ("XXDG", "DOGE"),
        ("USDT", "USDT"),
        ("DOT", "DOT"),
        ("ETH2.S", "ETH2.S"),
    ],
)
def test_display_names(asset: str, shown: str) -> None:
    assert display_name(asset) == shown


def test_rows_keep_krakens_strings_in_the_order_of_their_names() -> None:
    rows = balance_rows(
        {"ZUSD": "171288.6158", "XXBT": "1011.1908877900", "XETH": "3.1", "XBT.F": "0.5"}
    )
    assert [(r.asset, r.display, r.amount) for r in rows] == [
        ("XXBT", "BTC", "1011.1908877900"),
        ("XBT.F", "BTC.F", "0.5"),
        ("XETH", "ETH", "3.1"),
        ("ZUSD", "USD", "171288.6158"),
    ]


def test_the_order_does_not_depend_on_which_answer_came_last() -> None:
    """REST's Balance and the live feed's snapshot list the same assets differently."""
    from_rest = {"ZUSD": "1.0000", "XXBT": "2.0000000000", "XETH": "3.0000000000"}
    from_feed = dict(sorted(from_rest.items()))
    assert list(from_rest) != list(from_feed)
    assert balance_rows(from_rest) == balance_rows(from_feed)


class Due:
    """Records the clock readings the refresher passes; fails on demand."""

    def __init__(self) -> None:
        self.seen: list[float] = []
        self.fail_next = False

    async def __call__(self, now: float) -> None:
        self.seen.append(now)
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("boom")


@pytest.mark.anyio
async def test_each_round_reads_the_clock_and_stop_ends_the_task() -> None:
    clock = Clock.frozen_at(T0)
    due = Due()
    refresher = BalanceRefresher(clock, due, tick_s=0.001)
    task = asyncio.create_task(refresher.run())
    with anyio.fail_after(5):
        await refresher.wait_for_rounds(1)
        clock.advance(30)
        seen = refresher.rounds
        await refresher.wait_for_rounds(seen + 1)
    assert due.seen[0] == T0
    assert due.seen[-1] == T0 + 30
    refresher.stop()
    with anyio.fail_after(5):
        await task


@pytest.mark.anyio
async def test_a_failing_round_does_not_end_the_task() -> None:
    due = Due()
    due.fail_next = True
    refresher = BalanceRefresher(Clock.frozen_at(T0), due, tick_s=0.001)
    task = asyncio.create_task(refresher.run())
    with anyio.fail_after(5):
        await refresher.wait_for_rounds(2)
    assert len(due.seen) >= 2
    refresher.stop()
    await task


@pytest.mark.anyio
async def test_stop_wakes_a_long_tick_at_once() -> None:
    due = Due()
    refresher = BalanceRefresher(Clock.frozen_at(T0), due, tick_s=3600)
    task = asyncio.create_task(refresher.run())
    with anyio.fail_after(5):
        await refresher.running.wait()
    refresher.stop()
    with anyio.fail_after(5):
        await task
    assert due.seen == []


def test_a_tick_must_be_positive() -> None:
    async def nothing(now: float) -> None:
        return None

    with pytest.raises(ValueError, match="positive"):
        BalanceRefresher(Clock(), nothing, tick_s=0)
