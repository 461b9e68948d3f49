"""keyflow's one pytest entry point (``pytest11``: ``keyflow``): every plugin, in one order.

pytest imports ``pytest_plugins`` below in order as it loads this entry point, before it
parses the command line, so each plugin's options exist. Order matters where two plugins
answer the same hook or fixture: among plugins, the fixture registered last wins.

1. ``fixtures.hard_stop_plugin``: Ctrl-C or SIGTERM stops a browser run at once.
2. ``fixtures.plugin``: both mocks per worker, clean for every test.
3. ``fixtures.redaction_plugin``: private keys out of traces and pytest's failure text.
4. ``e2e.guide_plugin``: the guide's user, its two tabs, the step runner and its hooks
   (it marks every test that uses Playwright ``browser``).
5. ``e2e.running_loop``: browser tests and asyncio/anyio tests share a process, in any order.
6. ``e2e.report.pytest_plugin``: the step report (``--keyflow-report``).
7. ``e2e.shots.pytest_plugin``: the documentation pictures (``--shots-dir``).

Then, at configure time, after every entry point (pytest-playwright's among them, which
load in no fixed order): pytest-playwright's fixtures tuned for this project
(``PlaywrightOverrides``), and in shots mode, on top of those, steadier rendering.
"""

from __future__ import annotations

import pytest

__all__ = ["PLUGINS", "pytest_configure"]

PLUGINS = (
    "fixtures.hard_stop_plugin",
    "fixtures.plugin",
    "fixtures.redaction_plugin",
    "e2e.guide_plugin",
    "e2e.running_loop",
    "e2e.report.pytest_plugin",
    "e2e.shots.pytest_plugin",
)
pytest_plugins = list(PLUGINS)


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    # Imported here, once pytest has imported them as plugins (and rewritten their asserts).
    from e2e.guide_plugin import PlaywrightOverrides  # noqa: PLC0415
    from e2e.shots.pytest_plugin import SteadyRendering, camera_for  # noqa: PLC0415

    config.pluginmanager.register(PlaywrightOverrides(), "keyflow-playwright")
    if camera_for(config) is not None:
        config.pluginmanager.register(SteadyRendering(), "keyflow-shots-rendering")
