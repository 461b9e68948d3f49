"""Find a Chromium to drive: the one place that decides which browser binary runs.

Order: Playwright's own Chromium where ``playwright install chromium`` put it; else a
system Chromium (Debian's ``chromium`` package and friends); else a clear error saying
how to get one.

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
    "remote_chromium",
    "remote_connect_options",
    "resolve_chromium",
]

SYSTEM_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

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


class BrowserNotFoundError(RuntimeError):
    def __init__(self) -> None:
        super().__init__(INSTALL_HINT)


@dataclass(frozen=True)
class ChromiumBinary:
    """``executable_path`` is None for Playwright's own build (it finds it itself)."""

    executable_path: str | None
    source: str  # "env", "playwright" or "system"


def _playwright_browsers_dir() -> Path:
    configured = os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
    if configured and configured != "0":
        return Path(configured)
    if configured == "0":  # browsers installed inside the playwright package
        import playwright  # noqa: PLC0415

        return Path(playwright.__file__).parent / "driver" / "package" / ".local-browsers"
    return Path.home() / ".cache" / "ms-playwright"


def _playwright_chromium() -> str | None:
    """Playwright's own Chromium for this Playwright version, if installed.

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
        revision = next(b["revision"] for b in browsers if b["name"] == "chromium")
    except (OSError, ValueError, KeyError, StopIteration):
        return None
    install = _playwright_browsers_dir() / f"chromium-{revision}"
    executables = sorted(install.glob("*/chrome")) if install.is_dir() else []
    return str(executables[0]) if executables else None


def resolve_chromium() -> ChromiumBinary:
    override = os.environ.get("KEYFLOW_CHROMIUM")
    if override:
        if not Path(override).exists():
            raise BrowserNotFoundError()
        return ChromiumBinary(override, "env")
    if _playwright_chromium():
        return ChromiumBinary(None, "playwright")
    for name in SYSTEM_CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return ChromiumBinary(found, "system")
    raise BrowserNotFoundError()


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


def main() -> int:
    """``python -m e2e.browser``: say which Chromium will run, or how to get one."""
    try:
        binary = resolve_chromium()
    except BrowserNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"browser: {binary.source} {binary.executable_path or '(Playwright managed)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
