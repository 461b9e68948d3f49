"""The mock's order book levels, shared by REST ``Depth`` and the WebSocket ``book``."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from mocks.kraken.book_levels import levels
from mocks.kraken.market import PAIRS


@pytest.mark.parametrize("pair_key", sorted(PAIRS))
def test_levels_are_the_quote_one_tick_apart_at_the_pairs_precisions(pair_key: str) -> None:
    pair = PAIRS[pair_key]
    view = levels(pair, pair.market, 30)
    bids = sorted(view.bids, reverse=True)
    asks = sorted(view.asks)
    assert bids[0] == pair.market.bid
    assert asks[0] == pair.market.ask
    assert len(asks) == 30
    assert all(a - b == pair.tick_size for a, b in zip(asks[1:], asks, strict=False))
    assert all(b - a == pair.tick_size for a, b in zip(bids[1:], bids, strict=False))
    for qty in [*view.bids.values(), *view.asks.values()]:
        assert qty > 0
        assert qty.as_tuple().exponent == -pair.lot_decimals
        assert qty.as_tuple().digits[-1] != 0  # so a float's repr keeps every decimal


def test_a_deeper_book_extends_a_shallower_one_and_bids_stay_above_zero() -> None:
    pair = PAIRS["XXBTZUSD"]
    assert levels(pair, pair.market, 100).top(10) == levels(pair, pair.market, 10)
    low = dataclasses.replace(pair.market, bid=Decimal("0.3"), ask=Decimal("0.4"))
    assert sorted(levels(pair, low, 10).bids) == [Decimal("0.1"), Decimal("0.2"), Decimal("0.3")]
