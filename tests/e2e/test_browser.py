from __future__ import annotations

import json
from pathlib import Path

import playwright
import pytest

from e2e import browser
from e2e.browser import (
    LAUNCH_OPTIONS_HEADER,
    BrowserNotFoundError,
    ChromiumBinary,
    chromium_launch_args,
    remote_connect_options,
    resolve_chromium,
)


@pytest.fixture
def no_browsers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KEYFLOW_CHROMIUM", raising=False)
    monkeypatch.setattr(browser, "_playwright_chromium", lambda: None)
    monkeypatch.setattr("e2e.browser.shutil.which", lambda _name: None)


@pytest.mark.usefixtures("no_browsers")
def test_no_browser_anywhere_says_how_to_get_one() -> None:
    with pytest.raises(BrowserNotFoundError, match="apt-get install chromium"):
        resolve_chromium()


@pytest.mark.usefixtures("no_browsers")
def test_playwright_own_chromium_comes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser, "_playwright_chromium", lambda: "/pw/chrome")
    monkeypatch.setattr("e2e.browser.shutil.which", lambda name: f"/usr/bin/{name}")
    assert resolve_chromium() == ChromiumBinary(None, "playwright")


@pytest.mark.usefixtures("no_browsers")
def test_system_chromium_is_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "e2e.browser.shutil.which", lambda name: "/usr/bin/chromium" if name == "chromium" else None
    )
    assert resolve_chromium() == ChromiumBinary("/usr/bin/chromium", "system")


@pytest.mark.usefixtures("no_browsers")
def test_environment_override_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    binary = tmp_path / "my-chromium"
    binary.write_text("")
    monkeypatch.setenv("KEYFLOW_CHROMIUM", str(binary))
    assert resolve_chromium() == ChromiumBinary(str(binary), "env")


@pytest.mark.usefixtures("no_browsers")
def test_environment_override_to_a_missing_file_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KEYFLOW_CHROMIUM", "/nowhere/chromium")
    with pytest.raises(BrowserNotFoundError):
        resolve_chromium()


def test_launch_args_quiet_the_network_and_name_the_binary() -> None:
    launch = chromium_launch_args(ChromiumBinary("/usr/bin/chromium", "system"))
    assert launch["executable_path"] == "/usr/bin/chromium"
    args = launch["args"]
    assert isinstance(args, list)
    assert {
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
    } <= set(args)


def test_playwright_own_build_needs_no_executable_path() -> None:
    assert "executable_path" not in chromium_launch_args(ChromiumBinary(None, "playwright"))


def test_playwright_own_chromium_is_found_on_disk_without_the_driver(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    manifest = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    revision = next(
        b["revision"]
        for b in json.loads(manifest.read_text())["browsers"]
        if b["name"] == "chromium"
    )
    chrome = tmp_path / f"chromium-{revision}" / "chrome-linux64" / "chrome"
    chrome.parent.mkdir(parents=True)
    chrome.write_text("")
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path))
    assert browser._playwright_chromium() == str(chrome)
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "elsewhere"))
    assert browser._playwright_chromium() is None


def test_remote_launch_options_use_the_servers_camel_case_names() -> None:
    launch = {
        "executable_path": "/usr/bin/chromium",
        "args": ["--no-sandbox"],
        "headless": True,
        "slow_mo": 200,
        "channel": None,
    }
    options = remote_connect_options("ws://browsers:3000/", launch)
    headers = options["headers"]
    assert isinstance(headers, dict)
    assert json.loads(headers[LAUNCH_OPTIONS_HEADER]) == {
        "executablePath": "/usr/bin/chromium",
        "args": ["--no-sandbox"],
        "headless": True,
    }
    assert options["endpoint"] == "ws://browsers:3000/"
    assert options["slow_mo"] == 200  # applied by this side of the connection


def test_remote_connect_without_slow_motion_leaves_it_out() -> None:
    options = remote_connect_options("ws://browsers:3000/", {"headless": True})
    assert "slow_mo" not in options


@pytest.mark.usefixtures("no_browsers")
def test_the_module_command_fails_with_the_hint(capsys: pytest.CaptureFixture[str]) -> None:
    assert browser.main() == 1
    assert "apt-get install chromium" in capsys.readouterr().err


@pytest.mark.usefixtures("no_browsers")
def test_the_module_command_names_the_browser(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("e2e.browser.shutil.which", lambda name: f"/usr/bin/{name}")
    assert browser.main() == 0
    assert capsys.readouterr().out.strip() == "browser: system /usr/bin/chromium"
