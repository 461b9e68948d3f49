"""A run that would mix browser and asyncio/anyio tests stops before any test runs."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

MIXED = {
    "test_async.py": """
        import anyio
        import pytest

        pytestmark = pytest.mark.anyio


        @pytest.fixture
        def anyio_backend():
            return "asyncio"


        async def test_sleeps_nothing():
            await anyio.sleep(0)
    """,
    "test_tab.py": """
        def test_opens_a_tab(page):
            raise AssertionError("never runs: the run stops first")
    """,
}


@pytest.fixture
def mixed(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(**MIXED)
    return pytester


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one process", "xdist"])
def test_a_mixed_run_stops_and_says_to_run_make_test(
    mixed: pytest.Pytester, workers: list[str]
) -> None:
    result = mixed.runpytest_subprocess("-p", "no:randomly", *workers)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    output = result.stdout.str() + result.stderr.str()
    assert "Run `make test`" in output
    assert "1 browser test(s)" in output
    assert "1 asyncio/anyio test(s)" in output
    assert "never runs" not in output
    result.assert_outcomes()  # nothing ran


def test_each_kind_alone_runs(mixed: pytest.Pytester) -> None:
    fast = mixed.runpytest_subprocess("-p", "no:randomly", "-m", "not browser")
    fast.assert_outcomes(passed=1, deselected=1)


def test_a_listing_of_both_is_not_a_run(mixed: pytest.Pytester) -> None:
    listing = mixed.runpytest_subprocess("-p", "no:randomly", "--collect-only", "-q")
    assert listing.ret == pytest.ExitCode.OK
    assert "2 tests collected" in listing.stdout.str()
