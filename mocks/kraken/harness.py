"""An in-process Kraken mock for tests and scripts: served on loopback, with a frozen or
running clock, and short-cuts to make users, keys and signed clients.

    with KrakenHarness.start(clock=Clock.frozen_at(1_800_000_000)) as kraken:
        kraken.user("ann@example.test", balances={"ZUSD": "1000"})
        client = kraken.client(kraken.key("ann@example.test", "bot", {"funds_query"}))
        client.private("Balance")
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import TracebackType
from typing import Self

from starlette.applications import Starlette

from mocks.clock import Clock
from mocks.kraken.app import create_app
from mocks.kraken.keys import KeySpec
from mocks.kraken.market import find_pair
from mocks.kraken.settings import KrakenSettings
from mocks.kraken.state import Account, ApiKey, KrakenState
from mocks.kraken_facts.client import KrakenRestClient
from mocks.server import RunningServer, serve_in_thread

__all__ = ["KrakenHarness"]


@dataclass
class KrakenHarness:
    app: Starlette
    server: RunningServer
    _clients: list[KrakenRestClient] = field(default_factory=list, repr=False)

    @classmethod
    def start(
        cls,
        *,
        clock: Clock | None = None,
        settings: KrakenSettings | None = None,
        host: str = "127.0.0.1",
    ) -> KrakenHarness:
        app = create_app(clock=clock, settings=settings)
        return cls(app=app, server=serve_in_thread(app, name="kraken", host=host))

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def state(self) -> KrakenState:
        state: KrakenState = self.app.state.kraken
        return state

    @property
    def clock(self) -> Clock:
        clock: Clock = self.app.state.clock
        return clock

    @property
    def settings(self) -> KrakenSettings:
        settings: KrakenSettings = self.app.state.settings
        return settings

    def configure(self, **changes: object) -> None:
        """Replace some settings of the running mock (``lockout_threshold=3``, ...)."""
        self.app.state.settings = dataclasses.replace(self.settings, **changes)  # type: ignore[arg-type]

    def reset(
        self, *, settings: KrakenSettings | None = None, frozen_at: float | None = None
    ) -> None:
        """Empty state, default (or given) settings, and the clock frozen or following time."""
        self.state.reset()
        self.app.state.settings = settings or KrakenSettings()
        self.clock.reset()
        if frozen_at is not None:
            self.clock.freeze(at=frozen_at)

    def user(
        self,
        email: str,
        *,
        password: str = "correct horse battery staple",  # noqa: S107 (a test account)
        tier: str = "Intermediate",
        balances: Mapping[str, str | Decimal] | None = None,
    ) -> Account:
        amounts = {asset: Decimal(amount) for asset, amount in (balances or {}).items()}
        return self.state.create_user(email, password, tier=tier, balances=amounts)

    def key(
        self,
        email: str,
        name: str,
        permissions: Iterable[str] = (),
        *,
        ip_allowlist: Iterable[str] = (),
        nonce_window: int = 0,
        valid_until: int = 0,
        query_from: int = 0,
        query_to: int = 0,
    ) -> ApiKey:
        spec = KeySpec(
            name=name,
            permissions=frozenset(permissions),
            ip_allowlist=tuple(ip_allowlist),
            nonce_window=nonce_window,
            valid_until=valid_until,
            query_from=query_from,
            query_to=query_to,
        )
        return self.state.create_key(email, spec)

    def move_market(self, pair: str, price: str | Decimal) -> None:
        """What ``PUT /_mock/market`` does: the pair trades at ``price``, orders it reaches fill."""
        found = find_pair(pair)
        if found is None:
            raise ValueError(f"unknown pair {pair!r}")
        with self.state.lock:
            self.state.trading.move_market(found, Decimal(price), self.clock)

    def client(
        self,
        key: ApiKey | None = None,
        *,
        secret: str | None = None,
        local_address: str | None = None,
    ) -> KrakenRestClient:
        """A signed client for ``key`` (with its own secret unless another is given)."""
        client = KrakenRestClient(
            self.url,
            key.public if key else "",
            secret if secret is not None else (key.secret if key else ""),
            local_address=local_address,
        )
        self._clients.append(client)
        return client

    def stop(self) -> None:
        for client in self._clients:
            client.close()
        self._clients.clear()
        self.server.stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
