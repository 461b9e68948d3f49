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
    monkeypatch.setattr(browser, "_playwright_headless_shell", lambda: None)
    monkeypatch.setattr("e2e.browser.shutil.which", lambda _name: None)


@pytest.mark.usefixtures("no_browsers")
def test_no_browser_anywhere_says_how_to_get_one() -> None:
    with pytest.raises(BrowserNotFoundError, match="apt-get install chromium"):
        resolve_chromium()


@pytest.mark.usefixtures("no_browsers")
def test_playwright_own_chromium_comes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser, "_playwright_chromium", lambda: "/pw/chrome")
    monkeypatch.setattr(browser, "_playwright_headless_shell", lambda: "/pw/headless_shell")
    monkeypatch.setattr("e2e.browser.shutil.which", lambda name: f"/usr/bin/{name}")
    assert resolve_chromium() == ChromiumBinary(None, "playwright")
    assert resolve_chromium(headless=False) == ChromiumBinary(None, "playwright")


@pytest.mark.usefixtures("no_browsers")
def test_system_chromium_is_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "e2e.browser.shutil.which", lambda name: "/usr/bin/chromium" if name == "chromium" else None
    )
    assert resolve_chromium() == ChromiumBinary("/usr/bin/chromium", "system")
    assert resolve_chromium(headless=False) == ChromiumBinary("/usr/bin/chromium", "system")


@pytest.mark.usefixtures("no_browsers")
def test_headless_runs_prefer_a_headless_shell_and_headed_ones_the_full_browser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("e2e.browser.shutil.which", lambda name: f"/usr/bin/{name}")
    headless = resolve_chromium()
    assert headless == ChromiumBinary("/usr/bin/chromium-headless-shell", "system")
    assert browser.is_headless_shell(headless)
    headed = resolve_chromium(headless=False)
    assert headed == ChromiumBinary("/usr/bin/chromium", "system")
    assert not browser.is_headless_shell(headed)


@pytest.mark.usefixtures("no_browsers")
def test_playwright_headless_shell_without_its_chromium_serves_headless_runs_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(browser, "_playwright_headless_shell", lambda: "/pw/headless_shell")
    monkeypatch.setattr(
        "e2e.browser.shutil.which", lambda name: "/usr/bin/chromium" if name == "chromium" else None
    )
    assert resolve_chromium() == ChromiumBinary(None, "playwright")
    assert resolve_chromium(headless=False) == ChromiumBinary("/usr/bin/chromium", "system")


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
    shell_revision = next(
        b["revision"]
        for b in json.loads(manifest.read_text())["browsers"]
        if b["name"] == "chromium-headless-shell"
    )
    shell = (
        tmp_path / f"chromium_headless_shell-{shell_revision}" / "chrome-linux" / "headless_shell"
    )
    shell.parent.mkdir(parents=True)
    shell.write_text("")
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path))
    assert browser._playwright_chromium() == str(chrome)
    assert browser._playwright_headless_shell() == str(shell)
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "elsewhere"))
    assert browser._playwright_chromium() is None
    assert browser._playwright_headless_shell() is None


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
    assert browser.main([]) == 1
    assert "apt-get install chromium" in capsys.readouterr().err


@pytest.mark.usefixtures("no_browsers")
def test_the_module_command_names_the_browser(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("e2e.browser.shutil.which", lambda name: f"/usr/bin/{name}")
    assert browser.main([]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "browser (headless): system /usr/bin/chromium-headless-shell",
        "browser (headed): system /usr/bin/chromium",
    ]
    assert browser.main(["--headless-shell"]) == 0


@pytest.mark.usefixtures("no_browsers")
def test_the_module_command_asks_for_a_headless_shell_when_told(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        "e2e.browser.shutil.which", lambda name: "/usr/bin/chromium" if name == "chromium" else None
    )
    assert browser.main([]) == 0
    assert browser.main(["--headless-shell"]) == 1
    assert "apt-get install chromium-headless-shell" in capsys.readouterr().err
