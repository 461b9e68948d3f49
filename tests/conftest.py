"""The pytest plugins the tests under ``tests/`` use and no guide scenario does.

pyproject.toml keeps them from loading as installed entry points, so that collecting or
running a scenario does not import them; a run that includes anything under ``tests/``
loads them here, before its command line is parsed (their options, such as
``--hypothesis-profile``, still work).
"""

pytest_plugins = ("_hypothesis_pytestplugin", "respx.plugin", "anyio.pytest_plugin")
