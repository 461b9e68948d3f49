from __future__ import annotations

from decimal import Decimal

from mocks.kraken_facts.fees import MAKER, TAKER, fee_tier


def test_tiers_apply_from_their_volume_up() -> None:
    assert fee_tier(TAKER, Decimal(0)).fee == Decimal("0.40")
    assert fee_tier(TAKER, Decimal("9999.99")).fee == Decimal("0.40")
    tier = fee_tier(TAKER, Decimal(10000))
    assert (tier.fee, tier.tier_volume, tier.next_fee, tier.next_volume) == (
        Decimal("0.35"), Decimal(10000), Decimal("0.24"), Decimal(50000),
    )  # fmt: skip
    top = fee_tier(MAKER, Decimal(10**9))
    assert (top.fee, top.next_fee, top.next_volume) == (Decimal("0.00"), None, None)
    assert (top.min_fee, top.max_fee) == (Decimal("0.00"), Decimal("0.25"))
