"""The keyflow plugin's browser half: the guide's user, its two tabs, the step runner.

Fixtures, each doing one thing and chained, all overridable by name in a ``conftest.py``:

- ``keyflow_config``: ``playwright.config.toml``, validated.
- ``faker_seed``, ``keyflow_data``: seeded Faker data (``KEYFLOW_SEED`` picks the seed).
- ``trader``: the guide's user, on both mocks, with balances on Kraken.
- ``altrady_page``, ``kraken_page``: two tabs of one browser context.
- ``guide``: the step runner bound to this test (``with guide.step(3): ...``).

pytest-playwright's own fixtures are tuned (``browser_type_launch_args``,
``browser_context_args``, ``context``) by :class:`PlaywrightOverrides`, which override them
and call the original, so its options (``--headed``, ``--slowmo``, ``--tracing``,
``--video``, ``--screenshot``, ``--output``, ``--browser-channel``) keep working.
``e2e/plugin.py`` registers it after every entry point, so it wins.

Option: ``--keyflow-connect ws://HOST:PORT/`` (or ``KEYFLOW_CONNECT``) drives a remote
browser through Playwright's ``run-server`` instead of launching one.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import TYPE_CHECKING, Any, cast

import pytest
from playwright.sync_api import BrowserContext, CDPSession, Locator, Page, expect
from slugify import slugify

from e2e import hooks
from e2e.browser import (
    chromium_launch_args,
    remote_chromium,
    remote_connect_options,
    resolve_chromium,
)
from e2e.ffmpeg import FfmpegNotFoundError, ensure_playwright_ffmpeg
from e2e.masks import MASK_COLOUR, MASK_SELECTOR, PAGE_MASK_SELECTORS
from e2e.output_folder import empty_once_per_run, run_id
from e2e.running_loop import uses_playwright
from e2e.steps import StepRecord
from e2e.walk import GuideWalker, ScreenshotTarget, StepHooks
from fixtures.control import AltradyControl, KrakenControl
from fixtures.external import ExternalMocks
from fixtures.factories import DataFactory, Trader
from fixtures.hard_stop_plugin import run_scratch
from fixtures.servers import MockStack

if TYPE_CHECKING:
    from faker import Faker

    from e2e.config import KeyflowConfig

__all__ = [
    "CLIPBOARD_PERMISSIONS",
    "CONNECT_ENV",
    "MASK_SCRIPT",
    "STEP_RECORDS",
    "ChromiumStepCamera",
    "PlaywrightOverrides",
    "altrady_page",
    "chromium_step_shots",
    "faker_seed",
    "guide",
    "keyflow_config",
    "keyflow_data",
    "kraken_page",
    "trader",
]

# Every guide step a test walked, in order; the report reads them from the test item.
STEP_RECORDS = pytest.StashKey[list[StepRecord]]()

_ARTIFACTS_FOLDER = pytest.StashKey[TemporaryDirectory[str]]()

# Set on a test item whose browser context covers the private keys with MASK_SCRIPT.
_PAGES_MASKED = pytest.StashKey[bool]()

# Step 3 copies Altrady's IP whitelist; the scenario reads the clipboard back.
CLIPBOARD_PERMISSIONS = ["clipboard-read", "clipboard-write"]

PLAYWRIGHT_BASE_URL_DEPRECATION = (
    "ignore:Session-scoped fixtures defined as instance methods are deprecated"
    ":pytest.PytestRemovedIn10Warning"
)

CONNECT_ENV = "KEYFLOW_CONNECT"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("keyflow").addoption(
        "--keyflow-connect",
        default=os.environ.get(CONNECT_ENV) or None,
        metavar="WS_URL",
        help=(
            "drive the browser of a Playwright browser server (`playwright run-server`) at "
            f"this ws:// URL instead of launching one (env {CONNECT_ENV})"
        ),
    )


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    pluginmanager.add_hookspecs(hooks)


def pytest_configure(config: pytest.Config) -> None:
    # pytest-playwright 0.10 defines its fallback ``base_url`` fixture as an instance
    # method, which pytest 9 deprecates; with warnings as errors every browser test
    # would fail on it. Ours are classmethods.
    config.addinivalue_line("filterwarnings", PLAYWRIGHT_BASE_URL_DEPRECATION)
    # The plugin applies "browser" itself, so it declares it, in any project.
    config.addinivalue_line("markers", "browser: a test that drives a real browser")
    _ffmpeg_for_video(config)


def _ffmpeg_for_video(config: pytest.Config) -> None:
    """With --video, make sure Playwright finds an ffmpeg (``e2e.ffmpeg``), before any test."""
    if config.getoption("--video", "off") == "off" or config.getoption("--keyflow-connect"):
        return  # a remote browser server records with the ffmpeg on its own machine
    try:
        ensure_playwright_ffmpeg()
    except (FfmpegNotFoundError, OSError) as exc:
        raise pytest.UsageError(f"--video: {exc}") from None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Every test that drives Playwright is a browser test, marked or not, so that
    # ``-m browser`` / ``-m "not browser"`` split a run cleanly. The split matters:
    # pytest-playwright's sync API keeps its event loop marked as running in the main
    # thread for the whole session, which breaks asyncio tests that run after it there.
    for item in items:
        if uses_playwright(item):
            item.add_marker(pytest.mark.browser)


def _empty_output_once(config: pytest.Config) -> None:
    empty_once_per_run(Path(config.getoption("--output", "test-results")), run_id(config))


def pytest_sessionfinish(session: pytest.Session) -> None:
    folder = session.config.stash.get(_ARTIFACTS_FOLDER, None)
    if folder is not None:
        with contextlib.suppress(OSError):
            folder.cleanup()


# config and data


@pytest.fixture(scope="session")
def keyflow_config(pytestconfig: pytest.Config) -> KeyflowConfig:
    # Its validation (pydantic) loads when a test asks for it, not at every pytest start.
    from e2e.config import load_config  # noqa: PLC0415

    return load_config(pytestconfig.rootpath)


@pytest.fixture(scope="session")
def faker_seed(keyflow_config: KeyflowConfig) -> int:
    """The seed of every test's data (the config's ``seed``, or ``KEYFLOW_SEED``)."""
    return keyflow_config.seed


@pytest.fixture(scope="session")
def _keyflow_faker() -> Faker:
    # Faker's import (its locales) is a tenth of a second: paid by a test that makes data,
    # not by every pytest start. Its own pytest plugin, which imported it at start, is off
    # (pyproject.toml's addopts).
    from faker import Faker  # noqa: PLC0415

    return Faker()


@pytest.fixture
def keyflow_data(_keyflow_faker: Faker, faker_seed: int) -> DataFactory:
    # Seeded afresh for each test, as Faker's pytest fixture does: a test's data does not
    # depend on which tests ran before it.
    _keyflow_faker.seed_instance(faker_seed)
    _keyflow_faker.unique.clear()
    return DataFactory(_keyflow_faker)


@pytest.fixture
def trader(
    mocks: MockStack | ExternalMocks,
    keyflow_data: DataFactory,
    kraken_control: KrakenControl,
    altrady_control: AltradyControl,
) -> Trader:
    """The guide's user: one login on Kraken (holding balances) and on Altrady."""
    person = keyflow_data.trader()
    kraken_control.create_user(person.email, person.password, balances=person.balances)
    altrady_control.create_user(person.email, person.password)
    return person


# browser tabs and the step runner


@pytest.fixture
def altrady_page(page: Page) -> Page:
    """The first tab: the guide starts in Altrady and keeps it open throughout."""
    return page


@pytest.fixture
def kraken_page(context: BrowserContext, altrady_page: Page) -> Page:
    """The second tab, in the same context as ``altrady_page`` (one clipboard, one window)."""
    kraken = context.new_page()  # after Altrady's, so the tabs sit in the guide's order
    # The guide starts in Altrady. A new tab comes to the front, and Chromium throttles
    # the animation frames of the one behind, which Playwright's actions wait on.
    altrady_page.bring_to_front()
    return kraken


@pytest.fixture(scope="session")
def chromium_step_shots(
    pytestconfig: pytest.Config, browser_name: str, browser_type_launch_args: dict[str, Any]
) -> bool:
    """Whether Chromium takes the step screenshots itself (``ChromiumStepCamera``).

    In a headless Chromium outside shots mode. A headed run shows the private keys as a
    person would see them (so the pages get no mask stylesheet), and the documentation
    pictures keep Playwright's masks, pixel for pixel as they were committed.
    """
    # Imported here, once pytest has imported it as a plugin (and rewritten its asserts).
    from e2e.shots.pytest_plugin import camera_for  # noqa: PLC0415

    return (
        browser_name == "chromium"
        and bool(browser_type_launch_args.get("headless", True))
        and camera_for(pytestconfig) is None
    )


@pytest.fixture
def guide(
    request: pytest.FixtureRequest, output_path: str, altrady_page: Page, kraken_page: Page
) -> GuideWalker:
    records = request.node.stash.setdefault(STEP_RECORDS, [])
    return GuideWalker(
        nodeid=request.node.nodeid,
        hooks=cast(StepHooks, request.config.hook),
        output_dir=Path(output_path),
        tabs={"Altrady": altrady_page, "Kraken": kraken_page},
        records=records,
        secret_fields=_private_key_fields,
        # Only where every page carries the mask stylesheet (``PlaywrightOverrides.context``).
        camera=ChromiumStepCamera() if request.node.stash.get(_PAGES_MASKED, False) else None,
    )


def _private_key_fields(tab: ScreenshotTarget) -> list[Locator]:
    """What shows a private key in clear: Kraken's one-time dialog, any marked element."""
    page = cast(Page, tab)
    return [page.get_by_label("Private key"), page.locator(MASK_SELECTOR)]


# Covers every element marked for masking (and every password field), in every page of a
# context, as the pictures' masks do: with --video, and for the step screenshots Chromium
# takes itself. A constructed stylesheet: both mocks' Content-Security-Policy forbids inline
# styles, and governs neither constructed sheets nor Playwright's init scripts.
_MASKED = ", ".join(PAGE_MASK_SELECTORS)
_MASKED_SELECTION = ", ".join(f"{selector}::selection" for selector in PAGE_MASK_SELECTORS)
MASK_CSS = (
    f"{_MASKED} {{ color: transparent !important; text-shadow: none !important; "
    f"background: {MASK_COLOUR} !important; caret-color: transparent !important; }}"
    f"{_MASKED_SELECTION} {{ color: transparent !important; }}"
)
MASK_SCRIPT = f"""
(() => {{
  const sheet = new CSSStyleSheet();
  sheet.replaceSync({json.dumps(MASK_CSS)});
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}})();
"""


class ChromiumStepCamera:
    """Step screenshots straight from Chromium, one DevTools call a picture (``camera``).

    Playwright's ``screenshot`` with masks costs about nine calls between its driver and
    the browser around the capture itself (a style and a clean-up in every frame, the
    fonts, each mask's elements, the highlights on and off): 65 ms a picture against 35 ms
    for ``Page.captureScreenshot`` alone, sixteen pictures a guide. The private keys are
    covered before that, by the mask stylesheet (``MASK_SCRIPT``) every page of the context
    has from its first paint; ``test_step_masks`` checks it covers every field the
    Playwright path masks (``_private_key_fields``). The mocks run no CSS animation to
    freeze (both switch them off).
    """

    def __init__(self) -> None:
        self._sessions: dict[Page, CDPSession] = {}

    def __call__(self, tab: ScreenshotTarget, path: Path) -> None:
        page = cast(Page, tab)
        session = self._sessions.get(page)
        if session is None:
            session = self._sessions[page] = page.context.new_cdp_session(page)
        # optimizeForSpeed: Chromium's fastest PNG encoding (larger files, same pixels).
        shot = session.send("Page.captureScreenshot", {"format": "png", "optimizeForSpeed": True})
        path.write_bytes(base64.b64decode(shot["data"]))


def _trace_without_filmstrip(context: BrowserContext, nodeid: str) -> None:
    """Restart the trace pytest-playwright started, with DOM snapshots but no screenshots.

    Its filmstrip of screenshots cost a quarter of a scenario's time here, and showed a
    private key in clear pixels where the trace's text is redacted. The trace viewer draws
    each action from the DOM snapshots, which stay. Nothing has been recorded yet: the
    context has no page.
    """
    context.tracing.stop()
    context.tracing.start(title=slugify(nodeid), snapshots=True, sources=True)


def _call_did_not_fail(item: pytest.Item) -> bool:
    """The test's own call has a report and did not fail (pytest-playwright keeps it)."""
    report = getattr(item, "rep_call", None)
    return report is not None and not report.failed


def _drop_passing_trace(context: BrowserContext) -> None:
    """Discard a passing test's retain-on-failure trace instead of zipping it to delete it.

    pytest-playwright stops the trace with a path as it closes the context, before it knows
    the test's outcome, so every passing test had its DOM snapshots and resources zipped
    (the zip alone 70 ms for the whole guide, loaded machine) only to have it deleted.
    Stopped here without a path, nothing is written; the trace started again records
    nothing (no snapshots), so what pytest-playwright zips and deletes at the close is next
    to empty.
    """
    context.tracing.stop()
    context.tracing.start(snapshots=False, screenshots=False, sources=False)


class PlaywrightOverrides:
    """pytest-playwright's fixtures, tuned to this project (``e2e/plugin.py`` registers it)."""

    @pytest.fixture(scope="session")
    @classmethod
    def browser_type_launch_args(
        cls,
        browser_type_launch_args: dict[str, Any],
        browser_name: str,
        keyflow_config: KeyflowConfig,
        pytestconfig: pytest.Config,
    ) -> dict[str, Any]:
        launch = dict(browser_type_launch_args)  # --headed, --slowmo, --browser-channel
        if browser_name == "chromium" and "channel" not in launch:
            remote = bool(pytestconfig.getoption("--keyflow-connect"))
            headless = bool(launch.get("headless", keyflow_config.browser.headless))
            binary = remote_chromium() if remote else resolve_chromium(headless=headless)
            ours = chromium_launch_args(binary)
            launch["args"] = [*cast(list[str], ours.pop("args")), *launch.get("args", [])]
            for name, value in ours.items():
                launch.setdefault(name, value)
        if not keyflow_config.browser.headless:
            launch.setdefault("headless", False)
        if keyflow_config.browser.slow_mo_ms:
            launch.setdefault("slow_mo", keyflow_config.browser.slow_mo_ms)
        return launch

    @pytest.fixture(scope="session")
    @classmethod
    def connect_options(
        cls, pytestconfig: pytest.Config, browser_type_launch_args: dict[str, Any]
    ) -> dict[str, Any] | None:
        """pytest-playwright connects instead of launching when this is not None."""
        ws_endpoint = pytestconfig.getoption("--keyflow-connect")
        if not ws_endpoint:
            return None
        # pytest-playwright would send the launch options under their Python names, which
        # the server ignores; a header given here wins over its own.
        return remote_connect_options(ws_endpoint, browser_type_launch_args)

    @pytest.fixture(scope="session")
    @classmethod
    def browser_context_args(
        cls,
        browser_context_args: dict[str, Any],
        browser_name: str,
        keyflow_config: KeyflowConfig,
    ) -> dict[str, Any]:
        settings = keyflow_config.browser
        context_args: dict[str, Any] = {
            "viewport": {"width": settings.viewport.width, "height": settings.viewport.height},
            "device_scale_factor": settings.device_scale_factor,
            "locale": settings.locale,
            "timezone_id": settings.timezone,
        }
        if browser_name == "chromium":  # the other engines name these permissions differently
            context_args["permissions"] = list(CLIPBOARD_PERMISSIONS)
        # pytest-playwright's own (--device, --video, --base-url) win over the config file.
        context_args.update(browser_context_args)
        return context_args

    @pytest.fixture
    @classmethod
    def context(
        cls,
        context: BrowserContext,
        keyflow_config: KeyflowConfig,
        request: pytest.FixtureRequest,
        chromium_step_shots: bool,
    ) -> Iterator[BrowserContext]:
        timeout_ms = keyflow_config.browser.timeout_ms
        context.set_default_timeout(timeout_ms)
        expect.set_options(timeout=timeout_ms)
        tracing = request.config.getoption("--tracing", "off")
        if tracing != "off":
            _trace_without_filmstrip(context, request.node.nodeid)
        # A video records every frame in clear, and Chromium's own step screenshots (of a
        # test walking the guide) come without Playwright's masks: cover what shows a key.
        walked = chromium_step_shots and "guide" in request.fixturenames
        if walked or request.config.getoption("--video", "off") != "off":
            context.add_init_script(MASK_SCRIPT)
            request.node.stash[_PAGES_MASKED] = chromium_step_shots
        yield context
        # Torn down before pytest-playwright closes the context, after the test's call: a
        # failure in a fixture torn down later (the mocks stopping) keeps no browser trace.
        if tracing == "retain-on-failure" and _call_did_not_fail(request.node):
            _drop_passing_trace(context)

    @pytest.fixture(scope="session")
    @classmethod
    def _pw_artifacts_folder(
        cls, _pw_artifacts_folder: TemporaryDirectory[str], pytestconfig: pytest.Config
    ) -> TemporaryDirectory[str]:
        # pytest-playwright removes this folder in a config cleanup, which an xdist worker
        # never reaches (it is stopped first), so every worker ended with a ResourceWarning
        # traceback. ``pytest_sessionfinish`` below removes it, after the last report.
        _empty_output_once(pytestconfig)  # traces and videos are moved there from here
        folder = _pw_artifacts_folder
        scratch = run_scratch(pytestconfig)
        if scratch is not None:
            # In the run's scratch folder instead, which a Ctrl-C or SIGTERM removes too.
            folder.cleanup()
            folder = TemporaryDirectory(prefix="playwright-pytest-", dir=scratch)
        pytestconfig.stash[_ARTIFACTS_FOLDER] = folder
        return folder

    @pytest.fixture
    @classmethod
    def output_path(cls, output_path: str, pytestconfig: pytest.Config) -> str:
        _empty_output_once(pytestconfig)  # step screenshots are written there
        return output_path

    @pytest.fixture(scope="session", autouse=True)
    @classmethod
    def delete_output_dir(cls) -> None:
        """Replaces pytest-playwright's, which empties --output in every session and in
        every xdist worker: ``output_path`` and ``_pw_artifacts_folder`` empty it once per
        run, when a test first needs it (:mod:`e2e.output_folder`)."""
