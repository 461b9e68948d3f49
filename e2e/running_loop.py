"""Browser tests and asyncio/anyio tests in one process, in any order.

pytest-playwright's sync API marks its event loop as running in the main thread between
its calls, for as long as Playwright runs (a whole session): its dispatcher greenlet is
suspended inside the loop's ``run_forever``, and every sync call sets the mark again on
its way out (``wait_for_future`` in ``playwright/_impl/_greenlets.py``). An asyncio or
anyio test that came after a browser test in the same process then found "another loop
running" and failed, which is why ``make test`` used to run two pytest sessions.

This plugin takes the mark away for the setup, call and teardown of every test that does
not use Playwright, and puts it back after each, so the dispatcher finds its loop marked
whenever Playwright resumes it. When such a test is the process's last, its teardown also
stops Playwright (the session's fixtures): the mark goes back first, before any of them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Generator, Iterator
from contextlib import contextmanager

import pytest

__all__ = ["loop_unmarked", "uses_playwright"]


def uses_playwright(item: pytest.Item) -> bool:
    return "playwright" in getattr(item, "fixturenames", ())


@contextmanager
def loop_unmarked() -> Iterator[asyncio.AbstractEventLoop | None]:
    """No loop marked as running in this thread inside; the mark as it was, afterwards."""
    marked = asyncio._get_running_loop()
    asyncio._set_running_loop(None)
    try:
        yield marked
    finally:
        _mark(marked)


def _mark(loop: asyncio.AbstractEventLoop | None) -> None:
    # Once Playwright has stopped, its loop is closed and its mark gone for good.
    if loop is not None and not loop.is_closed():
        asyncio._set_running_loop(loop)


def _unmarked_outside_playwright(
    item: pytest.Item, *, last: bool = False
) -> Generator[None, None, None]:
    if uses_playwright(item):
        return (yield)
    with loop_unmarked() as marked:
        if last and marked is not None:
            # The session's finalizers run last in, first out, after this test's own:
            # this one runs before any of the session's fixtures (Playwright's) stops.
            item.session.addfinalizer(lambda: _mark(marked))
        return (yield)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, None, None]:
    return (yield from _unmarked_outside_playwright(item))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    return (yield from _unmarked_outside_playwright(item))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(
    item: pytest.Item, nextitem: pytest.Item | None
) -> Generator[None, None, None]:
    return (yield from _unmarked_outside_playwright(item, last=nextitem is None))
