"""Find a Chromium to drive: the one place that decides which browser binary runs.

Order: Playwright's own Chromium where ``playwright install chromium`` put it; else a
system Chromium (Debian's ``chromium`` package and friends); else a clear error saying
how to get one. A headless run prefers a *headless shell* (Chromium's old headless mode,
which Playwright itself uses for headless runs: Playwright's own, or Debian's
``chromium-headless-shell``); it does the guide's clicks, typing and screenshots about 40 %
faster here than the full browser, which a headed run needs and a headless one falls back on.

A remote browser (Playwright's ``run-server``) launches whatever the client's
``x-playwright-launch-options`` header asks for: :func:`remote_connect_options` builds it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "LAUNCH_OPTIONS_HEADER",
    "BrowserNotFoundError",
    "ChromiumBinary",
    "chromium_launch_args",
    "is_headless_shell",
    "playwright_browsers_dir",
    "remote_chromium",
    "remote_connect_options",
    "resolve_chromium",
]

SYSTEM_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
SYSTEM_HEADLESS_SHELL_NAMES = ("chromium-headless-shell",)

# Without these, Chromium keeps reaching for the network (updates, field trials, sync).
QUIET_NETWORK_ARGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-default-apps",
)

INSTALL_HINT = (
    "No Chromium found. Install Playwright's own with `playwright install chromium`, "
    "or a system one (Debian/Ubuntu: `apt-get install chromium`), or point "
    "KEYFLOW_CHROMIUM at a Chromium binary. `make browser` tries both."
)


HEADLESS_SHELL_HINT = (
    "headless runs are faster in a headless shell: `playwright install chromium` or "
    "`apt-get install chromium-headless-shell`"
)


class BrowserNotFoundError(RuntimeError):
    def __init__(self) -> None:
        super().__init__(INSTALL_HINT)


@dataclass(frozen=True)
class ChromiumBinary:
    """``executable_path`` is None for Playwright's own build (it finds it itself)."""

    executable_path: str | None
    source: str  # "env", "playwright" or "system"


def playwright_browsers_dir() -> Path:
    """Where ``playwright install`` puts browsers (and ffmpeg) for this environment."""
    configured = os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
    if configured and configured != "0":
        return Path(configured)
    if configured == "0":  # browsers installed inside the playwright package
        import playwright  # noqa: PLC0415

        return Path(playwright.__file__).parent / "driver" / "package" / ".local-browsers"
    return Path.home() / ".cache" / "ms-playwright"


def _playwright_build(name: str, executables: tuple[str, ...]) -> str | None:
    """Where ``playwright install`` put browser ``name`` for this Playwright version.

    Read from the driver's ``browsers.json`` rather than by starting the driver: that costs
    most of a second and cannot run inside an event loop that Playwright already owns.
    """
    try:
        import playwright  # noqa: PLC0415
    except ImportError:
        return None
    manifest = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    try:
        browsers = json.loads(manifest.read_text(encoding="utf-8"))["browsers"]
        revision = next(b["revision"] for b in browsers if b["name"] == name)
    except (OSError, ValueError, KeyError, StopIteration):
        return None
    # Playwright's install folders write the name's hyphens as underscores.
    install = playwright_browsers_dir() / f"{name.replace('-', '_')}-{revision}"
    if not install.is_dir():
        return None
    found = sorted(path for pattern in executables for path in install.glob(f"*/{pattern}"))
    return str(found[0]) if found else None


def _playwright_chromium() -> str | None:
    """Playwright's own full Chromium for this Playwright version, if installed."""
    return _playwright_build("chromium", ("chrome",))


def _playwright_headless_shell() -> str | None:
    """Playwright's own headless shell (what it launches for headless runs), if installed."""
    return _playwright_build("chromium-headless-shell", ("headless_shell", "chrome-headless-shell"))


def resolve_chromium(*, headless: bool = True) -> ChromiumBinary:
    """The Chromium a run launches; ``headless`` runs prefer a headless shell."""
    override = os.environ.get("KEYFLOW_CHROMIUM")
    if override:
        if not Path(override).exists():
            raise BrowserNotFoundError()
        return ChromiumBinary(override, "env")
    if _playwright_headless_shell() if headless else _playwright_chromium():
        return ChromiumBinary(None, "playwright")
    names = (
        (*SYSTEM_HEADLESS_SHELL_NAMES, *SYSTEM_CHROMIUM_NAMES)
        if headless
        else SYSTEM_CHROMIUM_NAMES
    )
    for name in names:
        found = shutil.which(name)
        if found:
            return ChromiumBinary(found, "system")
    if _playwright_chromium():  # Playwright will say what else it needs
        return ChromiumBinary(None, "playwright")
    raise BrowserNotFoundError()


def is_headless_shell(binary: ChromiumBinary) -> bool:
    """Whether headless runs get a headless shell from ``binary`` (or a binary chosen by hand)."""
    if binary.source in ("env", "playwright"):
        return True
    return Path(binary.executable_path or "").name in SYSTEM_HEADLESS_SHELL_NAMES


def remote_chromium() -> ChromiumBinary:
    """The Chromium a browser server should launch: ``KEYFLOW_CHROMIUM`` if set, else its own.

    The path is one on the server's machine, so it is not checked here; this machine may
    have no browser at all.
    """
    return ChromiumBinary(os.environ.get("KEYFLOW_CHROMIUM") or None, "remote")


def chromium_launch_args(binary: ChromiumBinary) -> dict[str, object]:
    """Keyword arguments for ``browser_type.launch`` that make ``binary`` run here."""
    args = list(QUIET_NETWORK_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to sandbox as root
    launch: dict[str, object] = {"args": args}
    if binary.executable_path is not None:
        launch["executable_path"] = binary.executable_path
    return launch


# Playwright's browser server reads the options to launch its browser from this header.
LAUNCH_OPTIONS_HEADER = "x-playwright-launch-options"

# Applied by the client on ``connect`` (slows this side's calls), not by the server's launch.
_CLIENT_SIDE_OPTIONS = frozenset({"slow_mo"})


def _camel_case(name: str) -> str:
    return re.sub(r"_([a-z])", lambda match: match.group(1).upper(), name)


def remote_connect_options(ws_endpoint: str, launch: dict[str, object]) -> dict[str, object]:
    """Keyword arguments for ``browser_type.connect`` to a ``playwright run-server``.

    The server parses the launch options as JSON with the JavaScript API's camelCase names
    (``executablePath``, not ``executable_path``: under a snake_case name it silently
    drops them). It honours ``executablePath`` and ``args`` only when started with
    ``--unsafe``; without it, it launches its own Playwright Chromium.
    """
    server_side = {
        _camel_case(name): value
        for name, value in launch.items()
        if name not in _CLIENT_SIDE_OPTIONS and value is not None
    }
    options: dict[str, object] = {
        "endpoint": ws_endpoint,  # Playwright 1.65 renamed connect's ws_endpoint
        "headers": {LAUNCH_OPTIONS_HEADER: json.dumps(server_side)},
    }
    if launch.get("slow_mo"):
        options["slow_mo"] = launch["slow_mo"]
    return options


def main(argv: list[str] | None = None) -> int:
    """``python -m e2e.browser [--headless-shell]``: which Chromium runs, or how to get one.

    With ``--headless-shell`` it also fails (exit 1) when headless runs would fall back on
    the full browser, so ``make browser`` knows to install a headless shell.
    """
    want_shell = "--headless-shell" in (sys.argv[1:] if argv is None else argv)
    try:
        headless, headed = resolve_chromium(headless=True), resolve_chromium(headless=False)
    except BrowserNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 1
    for mode, binary in (("headless", headless), ("headed", headed)):
        print(
            f"browser ({mode}): {binary.source} {binary.executable_path or '(Playwright managed)'}"
        )
    if want_shell and not is_headless_shell(headless):
        print(f"no headless shell: {HEADLESS_SHELL_HINT}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
