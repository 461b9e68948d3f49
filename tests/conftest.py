"""The pytest plugins the tests under ``tests/`` use and no guide scenario does, and the
order in which a parallel run hands out the suite.

pyproject.toml keeps those plugins from loading as installed entry points, so that
collecting or running a scenario does not import them; a run that includes anything under
``tests/`` loads them here, before its command line is parsed (their options, such as
``--hypothesis-profile``, still work).
"""

from __future__ import annotations

import pytest

pytest_plugins = ("_hypothesis_pytestplugin", "respx.plugin", "anyio.pytest_plugin")

# How many tests xdist sends a worker at a time, unless --maxschedchunk says otherwise.
SCHEDULE_CHUNK = 4
_UNSET = object()


def pytest_configure(config: pytest.Config) -> None:
    # xdist's load scheduler first sends each worker a quarter of its share (some 200 tests
    # here): every browser test, handed out first below, would go to one worker. A few at a
    # time, each worker takes the next tests as it frees up.
    if config.getoption("maxschedchunk", _UNSET) is None:
        config.option.maxschedchunk = SCHEDULE_CHUNK


def _handed_out(item: pytest.Item) -> int:
    if item.get_closest_marker("lint"):
        return 0  # mypy: the longest single test of all
    if item.get_closest_marker("browser"):
        return 1
    return 2


@pytest.hookimpl(trylast=True)  # after e2e.guide_plugin has marked the browser tests
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist, the long tests go out first and the short ones last.

    The workers take tests in collection order. In the file's order, a 15 s browser test
    could start near the end while the other worker, done, sat idle; handed out longest
    kind first, the thousand-odd fast tests fill both workers to the end instead. A run in
    one process keeps the file's order.
    """
    if hasattr(config, "workerinput"):  # an xdist worker: its order is the run's
        items.sort(key=_handed_out)
