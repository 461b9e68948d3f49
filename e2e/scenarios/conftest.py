"""The scenarios' own fixture: the guide's walk, bound to this test's tabs and mocks."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from e2e.scenarios.flows import GuideWalk
from e2e.walk import GuideWalker
from fixtures.control import AltradyControl, KrakenControl
from fixtures.factories import Trader
from fixtures.servers import MockStack


@pytest.fixture
def walk(  # noqa: PLR0917 - pytest passes fixtures by name
    guide: GuideWalker,
    mocks: MockStack,
    trader: Trader,
    altrady_page: Page,
    kraken_page: Page,
    kraken_control: KrakenControl,
    altrady_control: AltradyControl,
) -> GuideWalk:
    return GuideWalk(
        guide=guide,
        mocks=mocks,
        trader=trader,
        altrady_page=altrady_page,
        kraken_page=kraken_page,
        kraken=kraken_control,
        altrady=altrady_control,
    )
