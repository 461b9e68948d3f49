"""What a private method handler gets: the authorised key, its account and the parameters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mocks.clock import Clock
from mocks.kraken.market_state import MarketState
from mocks.kraken.params import Params
from mocks.kraken.settings import KrakenSettings
from mocks.kraken.state import Account, ApiKey
from mocks.kraken.trading import TradingService

__all__ = ["PrivateCall", "PrivateHandler"]


@dataclass(frozen=True)
class PrivateCall:
    key: ApiKey
    account: Account
    params: Params
    settings: KrakenSettings
    now: float
    clock: Clock
    trading: TradingService

    @property
    def market(self) -> MarketState:
        return self.trading.market


PrivateHandler = Callable[[PrivateCall], dict[str, Any]]
