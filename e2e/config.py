"""``playwright.config.toml``: one validated file for pytest and the CLI alike."""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

__all__ = ["CONFIG_FILE", "ConfigError", "KeyflowConfig", "load_config"]

CONFIG_FILE = "playwright.config.toml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Viewport(_Strict):
    width: int = Field(1280, gt=0)
    height: int = Field(800, gt=0)


class BrowserConfig(_Strict):
    headless: bool = True
    slow_mo_ms: int = Field(0, ge=0)
    viewport: Viewport = Viewport()
    device_scale_factor: float = Field(1, gt=0)
    locale: str = "en-US"
    timezone: str = "UTC"
    timeout_ms: int = Field(10_000, gt=0)


class ArtifactsConfig(_Strict):
    output_dir: Path = Path("test-results")
    report_dir: Path = Path("keyflow-report")
    docs_dir: Path = Path("docs")


class DataConfig(_Strict):
    seed: int = 20261125


class KeyflowConfig(_Strict):
    browser: BrowserConfig = BrowserConfig()
    artifacts: ArtifactsConfig = ArtifactsConfig()
    data: DataConfig = DataConfig()

    @property
    def seed(self) -> int:
        override = os.environ.get("KEYFLOW_SEED")
        return int(override) if override else self.data.seed


class ConfigError(ValueError):
    """One readable message for a bad config file."""


def _find(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
    return None


@lru_cache(maxsize=8)
def load_config(start: Path | None = None) -> KeyflowConfig:
    """Read the nearest ``playwright.config.toml`` at or above ``start`` (defaults if none)."""
    path = _find((start or Path.cwd()).resolve())
    if path is None:
        return KeyflowConfig()
    try:
        return KeyflowConfig.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"{path}: {problems}") from None
