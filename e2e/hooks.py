"""The hooks the step runner (``e2e/walk.py``) calls as scenarios walk the guide.

Its listeners implement them: the live progress and the step report
(``e2e/report/``) hear the steps, the documentation camera (``e2e/shots/``) the pictures.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from playwright.sync_api import Locator, Page

from e2e.steps import StepRecord


@pytest.hookspec
def pytest_keyflow_step_started(nodeid: str, number: int, title: str, part: str) -> None:
    """A guide step has started in scenario ``nodeid``."""


@pytest.hookspec
def pytest_keyflow_step_finished(record: StepRecord) -> None:
    """A guide step has finished (passed or failed)."""


@pytest.hookspec
def pytest_keyflow_picture(  # noqa: PLR0917 - pluggy passes hook arguments by name
    page: Page, number: int, part: str, caption: str, subject: Locator, masks: Sequence[Locator]
) -> None:
    """Guide step ``number`` (walk ``part``) offers a documentation picture of ``subject``."""
