"""The printed table: each figure beside its target, and why a part has no figure."""

from __future__ import annotations

from benchmarks.figures import Figure, Target
from benchmarks.table import render_table


def test_each_figure_is_shown_beside_its_target_and_verdict() -> None:
    table = render_table(
        [
            Figure("start-up", 0.1234, "s", Target("<", 0.5)),
            Figure("ratio", 0.4, "x", Target(">=", 0.5)),
            Figure("public", 1234.5, "calls/s"),
        ]
    ).splitlines()
    assert table[0].split() == ["figure", "median", "target"]
    assert table[2].split() == ["start-up", "0.123", "s", "<", "0.5", "s", "met"]
    assert table[3].split() == ["ratio", "0.40x", ">=", "0.5", "MISSED"]
    assert table[4].split() == ["public", "1,234", "calls/s"]


def test_a_part_without_a_figure_says_why() -> None:
    (_, _, row) = render_table(
        [Figure.missing("shots", "not available yet: no command")]
    ).splitlines()
    assert row.split(maxsplit=2) == ["shots", "-", "not available yet: no command"]
