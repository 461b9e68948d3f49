"""The browser half of the keyflow plugin (``e2e/guide_plugin.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from e2e.browser import QUIET_NETWORK_ARGS
from e2e.config import KeyflowConfig
from e2e.guide_plugin import CLIPBOARD_PERMISSIONS, STEP_RECORDS
from e2e.walk import GuideWalker
from fixtures.control import AltradyControl, KrakenControl
from fixtures.factories import Trader
from fixtures.servers import MockStack

PNG_MAGIC = b"\x89PNG"


def test_the_step_hooks_are_registered(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.pluginmanager.hook.pytest_keyflow_step_started.spec is not None
    assert pytestconfig.pluginmanager.hook.pytest_keyflow_step_finished.spec is not None
    assert pytestconfig.pluginmanager.hook.pytest_keyflow_picture.spec is not None


def test_launch_args_add_the_local_chromium_to_pytest_playwrights_own(
    browser_type_launch_args: dict[str, Any], pytestconfig: pytest.Config
) -> None:
    assert set(QUIET_NETWORK_ARGS) <= set(browser_type_launch_args["args"])
    if pytestconfig.getoption("--headed"):
        assert browser_type_launch_args["headless"] is False


def test_context_args_come_from_the_config_file(
    browser_context_args: dict[str, Any], keyflow_config: KeyflowConfig
) -> None:
    assert browser_context_args["viewport"] == {"width": 1280, "height": 800}
    assert browser_context_args["timezone_id"] == keyflow_config.browser.timezone
    assert browser_context_args["locale"] == keyflow_config.browser.locale
    assert browser_context_args["permissions"] == CLIPBOARD_PERMISSIONS


@pytest.mark.browser
def test_both_tabs_share_one_context_configured_from_the_file(
    altrady_page: Page, kraken_page: Page
) -> None:
    assert altrady_page is not kraken_page
    assert altrady_page.context is kraken_page.context
    assert altrady_page.context.pages == [altrady_page, kraken_page]
    assert kraken_page.viewport_size == {"width": 1280, "height": 800}
    assert kraken_page.evaluate("navigator.language") == "en-US"
    assert kraken_page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone") == "UTC"


@pytest.mark.browser
def test_the_clipboard_is_shared_between_the_tabs(
    altrady_page: Page, kraken_page: Page, keyflow_mocks: MockStack
) -> None:
    # The clipboard API needs a secure context: http on loopback is one, about:blank is not.
    altrady_page.goto(keyflow_mocks.altrady_url + "/_mock/health")
    kraken_page.goto(keyflow_mocks.kraken_url + "/_mock/health")
    altrady_page.evaluate("navigator.clipboard.writeText('127.0.0.11, 127.0.0.12')")
    assert kraken_page.evaluate("navigator.clipboard.readText()") == "127.0.0.11, 127.0.0.12"


@pytest.mark.browser
def test_the_guide_fixture_shoots_real_tabs_and_keeps_records_on_the_item(
    guide: GuideWalker, altrady_page: Page, request: pytest.FixtureRequest, output_path: str
) -> None:
    altrady_page.set_content("<h1>Exchange Account API keys</h1>")
    with guide.step(1):
        pass
    (record,) = request.node.stash[STEP_RECORDS]
    assert record.nodeid == request.node.nodeid
    assert record.screenshots == [Path(output_path) / "step-01.png"]
    assert record.screenshots[0].read_bytes().startswith(PNG_MAGIC)


def test_the_trader_exists_on_both_mocks(
    trader: Trader, kraken_control: KrakenControl, altrady_control: AltradyControl
) -> None:
    assert kraken_control.keys(trader.email) == []
    assert altrady_control.accounts(trader.email) == []
