"""The harness-to-baseline ratio: pair by pair, and read against its target."""

from __future__ import annotations

import pytest

from benchmarks.ratio import RATIO_TARGET, paired_ratios


def test_each_run_is_divided_by_the_plain_walk_beside_it() -> None:
    assert paired_ratios([12.0, 10.0, 30.0], [10.0, 10.0, 20.0]) == [1.2, 1.0, 1.5]


@pytest.mark.parametrize(("harness", "plain"), [([1.0], []), ([], [])])
def test_unpaired_runs_are_an_error(harness: list[float], plain: list[float]) -> None:
    with pytest.raises(ValueError, match="one plain walk per keyflow run"):
        paired_ratios(harness, plain)


def test_the_target_is_at_most_fifteen_percent_over_the_plain_walk() -> None:
    assert RATIO_TARGET.met_by(1.15)
    assert not RATIO_TARGET.met_by(1.151)
