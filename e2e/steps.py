"""What a scenario reports about each guide step it walks.

Scenarios run guide steps (``e2e.guide.GUIDE_STEPS``); each finished step becomes a
:class:`StepRecord` and is announced through the ``pytest_keyflow_step_*`` hooks
(``e2e/hooks.py``), which the live progress, the report and the screenshots listen to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

__all__ = ["GuideStepError", "StepRecord", "StepStatus"]

StepStatus = Literal["passed", "failed"]


@dataclass
class StepRecord:
    nodeid: str  # the pytest node id of the scenario
    number: int  # the guide's step number
    title: str
    status: StepStatus
    started_at: float  # unix seconds
    duration_s: float
    screenshots: list[Path] = field(default_factory=list)
    error: str | None = None
    # A scenario may walk a step more than once (a second key, the eleventh key);
    # ``part`` tells those walks apart ("second key"), empty for the first.
    part: str = ""


class GuideStepError(AssertionError):
    """A guide step whose outcome was not what the guide says; names step and what was seen."""

    def __init__(self, number: int, title: str, expected: str, detail: str) -> None:
        super().__init__(
            f"Guide step {number} ({title}) failed.\n  Expected: {expected}\n  Seen: {detail}"
        )
        self.number = number
