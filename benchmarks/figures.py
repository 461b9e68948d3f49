"""A benchmark figure, the target it is read against, and how a part says it cannot run."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["BenchError", "Figure", "NotAvailableError", "Target", "median"]


class NotAvailableError(RuntimeError):
    """What a part measures does not exist yet (a command, an endpoint)."""


class BenchError(RuntimeError):
    """What a part measures exists but misbehaved (a failed run, an error answer)."""


@dataclass(frozen=True)
class Target:
    comparison: Literal["<", "<=", ">="]
    value: float

    def met_by(self, measured: float) -> bool:
        if self.comparison == "<":
            return measured < self.value
        if self.comparison == "<=":
            return measured <= self.value
        return measured >= self.value


@dataclass(frozen=True)
class Figure:
    """One line of the table: a median, or a note saying why there is none."""

    label: str
    value: float | None
    unit: str
    target: Target | None = None
    note: str = ""

    @classmethod
    def missing(cls, label: str, note: str) -> Figure:
        return cls(label=label, value=None, unit="", note=note)

    @property
    def verdict(self) -> str:
        if self.value is None or self.target is None:
            return ""
        return "met" if self.target.met_by(self.value) else "MISSED"


def median(samples: Sequence[float]) -> float:
    if not samples:
        raise ValueError("no samples")
    return statistics.median(samples)
