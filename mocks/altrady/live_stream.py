"""One exchange account's live connection to Kraken's authenticated WebSocket (v2).

It takes a token from ``GetWebSocketsToken`` with the first of the account's keys that has
the WebSocket interface permission, subscribes to ``balances`` and ``executions``, writes
each balance Kraken sends into the store, and reconnects with backoff when Kraken drops the
connection, with a fresh token and so a fresh snapshot that catches up what it missed.
Altrady knows Kraken's WebSocket from its documentation only: the message shapes and
error strings in ``mocks.kraken_facts``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

from mocks.altrady.kraken_client import (
    Credentials,
    KrakenClient,
    KrakenError,
    KrakenUnavailableError,
)
from mocks.altrady.kraken_messages import ErrorKind, kind_of
from mocks.altrady.store import Store
from mocks.clock import Clock
from mocks.kraken_facts.permissions import label_of
from mocks.kraken_facts.websocket import V2_ASSET_NAMES

__all__ = ["DEFAULT_BACKOFF_S", "LiveState", "LiveStatus", "LiveStream"]

_log = logging.getLogger(__name__)

LiveState = Literal["connecting", "on", "reconnecting", "off"]
DEFAULT_BACKOFF_S: tuple[float, ...] = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0)
_REST_CODES = {v2: rest for rest, v2 in V2_ASSET_NAMES.items()}

NO_WEBSOCKET_KEY = (
    "Live updates are off: none of this account's API keys has the "
    f"{label_of('websocket')} permission. Enable {label_of('websocket')} on a key "
    "(step 7 of the guide) and add it with Edit; until then, click Resync to update."
)


@dataclass(frozen=True)
class LiveStatus:
    state: LiveState
    message: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"state": self.state, "message": self.message}


class _NoWebSocketKeyError(Exception):
    pass


class LiveStream:
    def __init__(
        self,
        account_id: str,
        *,
        url: str,
        store: Store,
        client: KrakenClient,
        clock: Clock,
        on_change: Callable[[str], None],
        backoff_s: Sequence[float] = DEFAULT_BACKOFF_S,
        channels: Sequence[str] = ("balances", "executions"),
    ) -> None:
        self.account_id = account_id
        self.url = url
        self.store = store
        self.client = client
        self.clock = clock
        self._on_change = on_change
        self._backoff_s = tuple(backoff_s)
        self._channels = tuple(channels)
        self._stop = asyncio.Event()
        self.status = LiveStatus("connecting")
        self.connections = 0

    def stop(self) -> None:
        self._stop.set()

    def _set(self, status: LiveStatus) -> None:
        if status != self.status:
            self.status = status
            self._on_change(self.account_id)

    async def run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                token = await self._token()
            except _NoWebSocketKeyError:
                self._set(LiveStatus("off", NO_WEBSOCKET_KEY))
                return
            except (KrakenError, KrakenUnavailableError):
                token = None
            if token is not None:
                with contextlib.suppress(OSError, WebSocketException, TimeoutError):
                    if await self._session(token):
                        failures = 0
            if self._stop.is_set():
                return
            self._set(
                LiveStatus(
                    "reconnecting", "Live updates: Kraken closed the connection, reconnecting…"
                )
            )
            delay = self._backoff_s[min(failures, len(self._backoff_s) - 1)]
            failures += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=delay)

    async def _token(self) -> str:
        account = self.store.account(self.account_id)
        if account is None:
            self._stop.set()
            raise _NoWebSocketKeyError()
        denied = 0
        for key in account.keys:
            credentials = Credentials(key.api_key, key.private_key)
            try:
                result = await self.client.call(credentials, "GetWebSocketsToken")
            except KrakenError as error:
                if kind_of(error) is ErrorKind.KEY_PROBLEM:
                    denied += 1
                    continue
                raise
            token = result.get("token") if isinstance(result, dict) else None
            if isinstance(token, str):
                return token
        if denied == len(account.keys):
            raise _NoWebSocketKeyError()
        raise KrakenUnavailableError("Kraken gave no WebSocket token")

    async def _session(self, token: str) -> bool:
        """One connection, until Kraken closes it; True if balances arrived on it."""
        got_balances = False
        async with connect(self.url, open_timeout=5, max_size=2**22) as ws:
            self.connections += 1
            for req_id, channel in enumerate(self._channels, start=1):
                params: dict[str, Any] = {"channel": channel, "token": token}
                if channel == "executions":
                    params["snap_orders"] = True
                await ws.send(
                    json.dumps({"method": "subscribe", "params": params, "req_id": req_id})
                )
            async for raw in ws:
                if self._stop.is_set():
                    return got_balances
                try:
                    message = json.loads(raw, parse_float=Decimal)
                except ValueError:
                    continue
                if not isinstance(message, dict):
                    continue
                if message.get("method") == "subscribe" and message.get("success") is False:
                    _log.warning("Kraken refused a live subscription: %s", message.get("error"))
                    return got_balances
                if message.get("channel") == "balances":
                    self._apply_balances(message)
                    if not got_balances:
                        got_balances = True
                        self._set(LiveStatus("on"))
        return got_balances

    def _apply_balances(self, message: dict[str, Any]) -> None:
        data = message.get("data")
        if not isinstance(data, list):
            return
        account = self.store.account(self.account_id)
        if account is None:
            return
        previous = dict(account.balances)
        balances = dict(previous)
        if message.get("type") == "snapshot":
            balances = {}
        for row in data:
            if not isinstance(row, dict):
                continue
            asset, value = row.get("asset"), row.get("balance")
            if not isinstance(asset, str) or not isinstance(value, Decimal | int):
                continue
            code = _REST_CODES.get(asset, asset)
            balances[code] = _as_kraken_string(Decimal(value), previous.get(code))
        self.store.save_balances(self.account_id, balances, self.clock.now())
        self._on_change(self.account_id)


def _as_kraken_string(value: Decimal, previous: str | None) -> str:
    """The amount with as many decimals as Kraken's Balance wrote it, where Altrady has it."""
    places = len(previous.partition(".")[2]) if previous else 4
    return f"{value.quantize(Decimal(1).scaleb(-places)):f}" if places else f"{value:f}"
