"""Stop a run that mixes browser tests and asyncio/anyio tests in one process.

pytest-playwright's sync API keeps an event loop marked as running in the main thread for
a whole session, which breaks asyncio and anyio tests that run after it in the same
process, at random (whichever a worker happens to run later). ``make test`` runs them as
two sessions; this plugin makes a run that would mix them stop before any test runs, with
a message saying so. It looks at what will run: after ``-m`` and ``-k`` have deselected,
and never in a listing (``--collect-only``).

Under pytest-xdist the workers collect; a worker that finds the mix runs nothing and sends
the message to the controller, which prints it and ends the run as a usage error.
"""

from __future__ import annotations

from typing import Any

import pytest

__all__ = ["ASYNC_MARKERS", "TWO_SESSIONS", "mixed_sessions"]

ASYNC_MARKERS = ("anyio", "asyncio")
TWO_SESSIONS = (
    "this run would mix {browser} browser test(s) (such as {first_browser}) and {asynchronous} "
    "asyncio/anyio test(s) (such as {first_async}) in one process. pytest-playwright's sync "
    "API keeps an event loop marked as running for the whole session, which breaks the async "
    'tests after it. Run `make test` (two sessions), or one kind: -m browser or -m "not browser".'
)
_WORKER_OUTPUT = "keyflow_two_sessions"
_MESSAGE = pytest.StashKey[str]()


def _is_async(item: pytest.Item) -> bool:
    if any(item.get_closest_marker(name) for name in ASYNC_MARKERS):
        return True
    return "anyio_backend" in getattr(item, "fixturenames", ())


def mixed_sessions(items: list[pytest.Item]) -> str | None:
    """The message for a run of ``items`` that mixes the two kinds, else None."""
    browser = [item for item in items if item.get_closest_marker("browser")]
    asynchronous = [item for item in items if _is_async(item)]
    if not (browser and asynchronous):
        return None
    return TWO_SESSIONS.format(
        browser=len(browser),
        first_browser=browser[0].nodeid,
        asynchronous=len(asynchronous),
        first_async=asynchronous[0].nodeid,
    )


@pytest.hookimpl(tryfirst=True)  # before xdist's worker sends its collection
def pytest_collection_finish(session: pytest.Session) -> None:
    if session.config.option.collectonly:
        return
    message = mixed_sessions(session.items)
    if message is None:
        return
    workeroutput: dict[str, Any] | None = getattr(session.config, "workeroutput", None)
    if workeroutput is None:
        raise pytest.UsageError(message)
    workeroutput[_WORKER_OUTPUT] = message
    session.items.clear()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    del error
    message = getattr(node, "workeroutput", {}).get(_WORKER_OUTPUT)
    if message:
        node.config.stash[_MESSAGE] = message


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    if _MESSAGE in session.config.stash:
        session.exitstatus = pytest.ExitCode.USAGE_ERROR


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    message = terminalreporter.config.stash.get(_MESSAGE, None)
    if message:
        terminalreporter.write_line(f"ERROR: {message}", red=True, bold=True)
