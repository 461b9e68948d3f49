"""Balances as Altrady shows them, and the background task that keeps them fresh."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from mocks.clock import Clock

__all__ = ["BalanceRefresher", "BalanceRow", "balance_rows", "display_name"]

_log = logging.getLogger(__name__)

# Kraken's legacy asset codes (X for crypto, Z for fiat) and the names traders know.
_LEGACY_NAMES: dict[str, str] = {
    "XXBT": "BTC",
    "XBT": "BTC",
    "XXDG": "DOGE",
    "XDG": "DOGE",
    "XETH": "ETH",
    "XETC": "ETC",
    "XLTC": "LTC",
    "XMLN": "MLN",
    "XREP": "REP",
    "XXLM": "XLM",
    "XXMR": "XMR",
    "XXRP": "XRP",
    "XZEC": "ZEC",
    "ZUSD": "USD",
    "ZEUR": "EUR",
    "ZGBP": "GBP",
    "ZCAD": "CAD",
    "ZJPY": "JPY",
    "ZAUD": "AUD",
    "ZCHF": "CHF",
}


def display_name(asset: str) -> str:
    """``XXBT`` -> ``BTC``; suffixed balances keep their suffix (``XBT.F`` -> ``BTC.F``)."""
    base, dot, suffix = asset.partition(".")
    return _LEGACY_NAMES.get(base, base) + dot + suffix


@dataclass(frozen=True)
class BalanceRow:
    asset: str  # Kraken's code
    display: str
    amount: str  # exactly Kraken's string


def balance_rows(balances: Mapping[str, str]) -> list[BalanceRow]:
    """One row an asset, by the name shown: Kraken's REST answer and its live feed's
    snapshot list the assets in different orders, and a table that reordered itself each
    time the other one arrived would jump under the reader's eyes."""
    rows = [BalanceRow(asset, display_name(asset), amount) for asset, amount in balances.items()]
    return sorted(rows, key=lambda row: (row.display, row.asset))


class BalanceRefresher:
    """Refreshes balances that are older than the interval, measured on the mocks' clock.

    The task wakes every ``tick_s`` seconds of real time (or at once when stopped) and asks
    ``refresh_due(now)`` to refresh whatever is due. Due-ness reads the clock, so a test
    that advances a frozen clock sees the refresh on the next tick. ``rounds`` counts
    finished checks; :meth:`wait_for_rounds` lets a test wait on that condition.
    """

    def __init__(
        self,
        clock: Clock,
        refresh_due: Callable[[float], Awaitable[object]],
        *,
        tick_s: float,
    ) -> None:
        if tick_s <= 0:
            raise ValueError("tick_s must be positive")
        self._clock = clock
        self._refresh_due = refresh_due
        self._tick_s = tick_s
        self._stop = asyncio.Event()
        self._changed = asyncio.Condition()
        self.rounds = 0
        self.running = asyncio.Event()

    async def run(self) -> None:
        self.running.set()
        while not self._stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=self._tick_s)
            if self._stop.is_set():
                break
            try:
                await self._refresh_due(self._clock.now())
            except Exception as exc:  # one bad round must not end the task
                # The type only: a message could quote a request, and requests carry keys.
                _log.warning("balance refresh failed: %s", type(exc).__name__)
            async with self._changed:
                self.rounds += 1
                self._changed.notify_all()

    def stop(self) -> None:
        self._stop.set()

    async def wait_for_rounds(self, count: int) -> None:
        async with self._changed:
            await self._changed.wait_for(lambda: self.rounds >= count)
