"""What a private method handler gets: the authorised key, its account and the parameters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mocks.kraken.params import Params
from mocks.kraken.settings import KrakenSettings
from mocks.kraken.state import Account, ApiKey

__all__ = ["PrivateCall", "PrivateHandler", "PrivateResult"]


@dataclass(frozen=True)
class PrivateCall:
    key: ApiKey
    account: Account
    params: Params
    settings: KrakenSettings
    now: float


# Most methods answer an object; Funding's lists answer an array, WithdrawCancel a boolean.
PrivateResult = dict[str, Any] | list[Any] | bool
PrivateHandler = Callable[[PrivateCall], PrivateResult]
