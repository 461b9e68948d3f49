"""The baseline's structure: no project import, the guide's steps and words, the same browser.

Nothing here walks the guide (``bench.py --only ratio`` does): these check that the plain
walk is a fair yardstick for ``keyflow run``.
"""

from __future__ import annotations

import ast
import os
import stat
from pathlib import Path

import pytest

from benchmarks import plain_walk
from benchmarks.plain_walk import (
    PERMISSIONS_ON,
    STEPS,
    find_headless_chromium,
    kraken_signature,
    launch_args,
    parse_served,
)
from e2e.browser import QUIET_NETWORK_ARGS, resolve_chromium
from e2e.guide import GUIDE_NONCE_WINDOW, GUIDE_PERMISSIONS, GUIDE_STEPS
from e2e.pages.kraken.create_key import PERMISSION_LABELS
from e2e.scenarios.flows import ALTRADY_ASSET_NAMES

SOURCE = Path(plain_walk.__file__)
PROJECT_PACKAGES = {"e2e", "fixtures", "tests", "mocks", "benchmarks"}


def test_it_imports_nothing_of_the_project() -> None:
    imported: set[str] = set()
    for node in ast.walk(ast.parse(SOURCE.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "a relative import"
            imported.add((node.module or "").partition(".")[0])
    assert imported & PROJECT_PACKAGES == set()
    assert "playwright" in imported


def test_it_walks_the_guides_eleven_steps_in_order_with_two_keys() -> None:
    numbers = [number for number, _, _ in STEPS]
    assert numbers == [1, 2, 3, 4, 5, 6, 7, 8, 6, 7, 8, 9, 10, 11]
    assert sorted(set(numbers)) == [step.number for step in GUIDE_STEPS]
    # A second key "the same way": steps 6 to 8 again, the same code.
    assert [perform for number, _, perform in STEPS if number == 7] == [plain_walk.step_7] * 2


def test_its_key_settings_are_the_guides() -> None:
    assert set(PERMISSIONS_ON) == GUIDE_PERMISSIONS
    assert set(PERMISSIONS_ON) | set(plain_walk.PERMISSIONS_OFF) == set(PERMISSION_LABELS)
    assert int(plain_walk.NONCE_WINDOW) == GUIDE_NONCE_WINDOW
    assert plain_walk.ASSET_NAMES == ALTRADY_ASSET_NAMES


def test_it_locates_by_role_and_label_only() -> None:
    text = SOURCE.read_text(encoding="utf-8")
    for css_or_xpath in ("locator(", "query_selector", "xpath=", "css=", "$eval"):
        assert css_or_xpath not in text


def test_it_reads_the_lines_keyflow_serve_prints() -> None:
    # tests/e2e/test_cli.py feeds it the real command's lines too.
    served = parse_served(
        [
            "kraken http://127.0.0.1:4100",
            "altrady http://127.0.0.1:4200",
            "kraken-ws ws://127.0.0.1:4300/v2",
            "kraken-ws-auth ws://127.0.0.1:4400/v2",
            "login: a@b.org / pw",
        ]
    )
    assert (served.kraken_url, served.altrady_url) == (
        "http://127.0.0.1:4100",
        "http://127.0.0.1:4200",
    )
    assert (served.email, served.password) == ("a@b.org", "pw")


@pytest.mark.parametrize(
    "lines",
    [[], ["kraken http://x", "altrady http://y"], ["kraken http://x", "oops", "login: a / b"]],
)
def test_anything_else_is_refused(lines: list[str]) -> None:
    with pytest.raises(ValueError, match="not what keyflow serve prints"):
        parse_served(lines)


def test_its_signature_is_krakens_published_example() -> None:
    # docs.kraken.com, "Authentication": the example AddOrder request.
    secret = (
        "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg=="
    )
    body = "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25"
    assert kraken_signature("/0/private/AddOrder", "1616492376594", body, secret) == (
        "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ=="
    )


def _executable(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


@pytest.mark.parametrize(
    "names",
    [("chromium", "chromium-headless-shell"), ("chromium",), ("google-chrome",)],
)
def test_it_picks_the_browser_the_harness_picks(
    names: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in names:
        _executable(bin_dir, name)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "no-playwright-builds"))
    monkeypatch.delenv("KEYFLOW_CHROMIUM", raising=False)
    assert find_headless_chromium() == resolve_chromium(headless=True).executable_path
    assert Path(find_headless_chromium() or "").name == (
        "chromium-headless-shell" if "chromium-headless-shell" in names else names[0]
    )


def test_keyflow_chromium_wins_as_in_the_harness(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = _executable(tmp_path, "my-chromium")
    monkeypatch.setenv("KEYFLOW_CHROMIUM", str(chosen))
    assert find_headless_chromium() == resolve_chromium(headless=True).executable_path
    assert find_headless_chromium() == str(chosen)


def test_it_launches_with_the_harness_arguments() -> None:
    launch = launch_args("/usr/bin/chromium-headless-shell")
    assert launch["executable_path"] == "/usr/bin/chromium-headless-shell"
    assert launch["headless"] is True
    args = launch["args"]
    assert isinstance(args, list)
    assert set(QUIET_NETWORK_ARGS) <= set(args)
    assert ("--no-sandbox" in args) == (os.geteuid() == 0)
    assert "executable_path" not in launch_args(None)
