"""Browser tests and asyncio/anyio tests share one process, in any order (``e2e.running_loop``).

The asynchronous work is an anyio test with an async fixture and a plain test that calls
``asyncio.run``. Where it is the run's last, its teardown (its async fixture's, then
Playwright's) is covered too.
"""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

ASYNC_WORK = """
    import asyncio

    import anyio
    import pytest


    @pytest.fixture
    def anyio_backend():
        return "asyncio"


    @pytest.fixture
    async def ticket():
        await anyio.sleep(0)
        yield "ticket"
        await anyio.sleep(0)  # an async teardown, after the test's call


    @pytest.mark.anyio
    async def test_awaits(ticket):
        assert ticket == "ticket"


    def test_runs_a_loop_of_its_own():
        async def answer():
            return 42

        assert asyncio.run(answer()) == 42
"""

BROWSER_WORK = """
    from playwright.sync_api import expect


    def test_drives_a_tab(page):
        page.set_content("<button>Connect</button>")
        expect(page.get_by_role("button", name="Connect")).to_be_visible()
"""

# Playwright's driver without a browser: its sync API marks the loop all the same.
DRIVER_WORK = """
    def test_asks_the_driver(playwright):
        requests = playwright.request.new_context()
        requests.dispose()
"""

NESTED = ("-p", "no:randomly", "-p", "anyio")


@pytest.mark.browser
def test_a_run_mixing_both_kinds_passes(pytester: pytest.Pytester) -> None:
    # Asynchronous work, a browser test, asynchronous work again, in that order.
    pytester.makepyfile(test_1_before=ASYNC_WORK, test_2_tab=BROWSER_WORK, test_3_after=ASYNC_WORK)
    result = pytester.runpytest_subprocess(*NESTED)
    result.assert_outcomes(passed=5)


def test_a_run_that_ends_on_playwright_after_async_work_passes(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_1_before=ASYNC_WORK, test_2_driver=DRIVER_WORK)
    result = pytester.runpytest_subprocess(*NESTED)
    result.assert_outcomes(passed=3)


def test_without_the_plugin_the_async_work_after_playwright_fails(
    pytester: pytest.Pytester,
) -> None:
    # What the plugin is for: Playwright's loop, still marked as running after its test.
    pytester.makepyfile(test_1_driver=DRIVER_WORK, test_2_after=ASYNC_WORK)
    result = pytester.runpytest_subprocess(*NESTED, "-p", "no:e2e.running_loop")
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed") == 1, outcomes  # the driver's test
    assert outcomes.get("failed", 0) + outcomes.get("errors", 0) >= 2, outcomes
    assert "another loop is running" in result.stdout.str()
