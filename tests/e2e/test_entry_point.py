"""keyflow's one entry point (``e2e/plugin.py``) registers every plugin, in its documented order."""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest

from e2e.plugin import PLUGINS

PACKAGES = {"e2e", "fixtures", "mocks"}


def test_keyflow_has_one_pytest_entry_point() -> None:
    ours = [ep for ep in entry_points(group="pytest11") if ep.value.split(".")[0] in PACKAGES]
    assert [(ep.name, ep.value) for ep in ours] == [("keyflow", "e2e.plugin")]


def test_the_plugins_are_registered_in_order(pytestconfig: pytest.Config) -> None:
    names = [name for name, _plugin in pytestconfig.pluginmanager.list_name_plugin()]
    assert [name for name in names if name in PLUGINS] == list(PLUGINS)
    # pytest-playwright's fixtures, tuned after every entry point (it loads in no fixed order).
    assert names.index("keyflow-playwright") > names.index("playwright")
