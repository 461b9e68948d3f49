"""``TradeVolume``: the account's 30-day volume in USD and, for the pairs asked, its taker
(``fees``) and maker (``fees_maker``) tiers, the ones its fills pay. Every pair has the same
schedule, so every pair asked answers the same tiers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mocks.kraken import fee_rates
from mocks.kraken.market import format_amount
from mocks.kraken.rest.context import PrivateCall
from mocks.kraken.rest.public_call import names, pairs
from mocks.kraken_facts.fees import FEE_VOLUME_CURRENCY, FeeTier

__all__ = ["trade_volume"]


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format_amount(value, 4)


def _tier(tier: FeeTier) -> dict[str, Any]:
    return {
        "fee": _number(tier.fee),
        "minfee": _number(tier.min_fee),
        "maxfee": _number(tier.max_fee),
        "nextfee": _number(tier.next_fee),
        "tiervolume": _number(tier.tier_volume),
        "nextvolume": _number(tier.next_volume),
    }


def trade_volume(call: PrivateCall) -> dict[str, Any]:
    book = call.account.book
    answer: dict[str, Any] = {
        "currency": FEE_VOLUME_CURRENCY,
        "volume": format_amount(fee_rates.thirty_day_volume(book, call.now), 4),
    }
    asked = names(call.params, "pair")
    if asked is not None:
        pairs(call.params)  # every name must be a pair
        taker = _tier(fee_rates.taker_tier(book, call.now))
        maker = _tier(fee_rates.maker_tier(book, call.now))
        # Keyed by the names as asked (Kraken's examples answer "DOTUSD" for "DOTUSD").
        answer["fees"] = dict.fromkeys(asked, taker)
        answer["fees_maker"] = dict.fromkeys(asked, maker)
    return answer
