from __future__ import annotations

from pathlib import Path

import pytest

from e2e.config import ConfigError, KeyflowConfig, load_config


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    load_config.cache_clear()


def test_the_project_file_is_valid() -> None:
    config = load_config(Path(__file__).parent)
    assert config.browser.viewport.width == 1280
    assert config.browser.timezone == "UTC"


def test_defaults_without_a_file(tmp_path: Path) -> None:
    assert load_config(tmp_path) == KeyflowConfig()


def test_an_unknown_setting_is_one_readable_error(tmp_path: Path) -> None:
    (tmp_path / "playwright.config.toml").write_text("[browser]\nheadles = false\n")
    with pytest.raises(ConfigError, match=r"browser\.headles: Extra inputs are not permitted"):
        load_config(tmp_path)


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "playwright.config.toml").write_text("[browser\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(tmp_path)


def test_seed_can_be_overridden_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEYFLOW_SEED", "7")
    assert KeyflowConfig().seed == 7
