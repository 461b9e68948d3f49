"""The baseline: the guide's eleven steps in plain Playwright, none of this project's code.

    python benchmarks/plain_walk.py [--keyflow PATH] [--headed]

It starts ``keyflow serve`` (the one thing it uses of the project, as a user would: a
command), reads the two URLs and the demo login it prints, and walks the guide with two keys
in one browser context (sync API, two tabs), locating every control by role and label with
the guide's words. Step 11 compares the balances Altrady shows with Kraken's own ``Balance``
answer, asked with the first key from an address of Altrady's IP whitelist. It prints one
line per step and exits 0 when all eleven passed.

The browser is found as ``e2e/browser.py`` finds it for a headless run, written out again
here so that nothing of the harness is imported: ``KEYFLOW_CHROMIUM``, else Playwright's own
headless shell, else a system headless shell, else a system Chromium, else Playwright's own
Chromium. ``bench.py`` times this script beside ``keyflow run`` (``--only ratio``).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    ViewportSize,
    expect,
    sync_playwright,
)

__all__ = [
    "ASSET_NAMES",
    "PERMISSIONS_ON",
    "STEPS",
    "Served",
    "find_headless_chromium",
    "kraken_signature",
    "launch_args",
    "main",
    "parse_served",
]

SERVE_START_TIMEOUT_S = 60.0
TIMEOUT_MS = 10_000  # playwright.config.toml's timeout_ms
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}  # playwright.config.toml's viewport
NONCE_WINDOW = "5000"

# Step 7, "as shown": every other checkbox of Kraken's form stays off.
PERMISSIONS_ON = (
    "Query Funds",
    "Query Open Orders & Trades",
    "Query Closed Orders & Trades",
    "Create & Modify Orders",
    "Cancel/Close Orders",
    "Query Ledger Entries",
    "WebSocket interface",
)
PERMISSIONS_OFF = ("Deposit Funds", "Withdraw Funds", "Earn Funds", "Export Data")

# Kraken's asset codes as Altrady's balances table names them.
ASSET_NAMES = {"XXBT": "BTC", "XETH": "ETH", "ZUSD": "USD", "ZEUR": "EUR", "USDT": "USDT"}

QUIET_NETWORK_ARGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-default-apps",
)


# The browser, found as a headless run of the harness finds it


def _playwright_build(name: str, executables: tuple[str, ...]) -> str | None:
    import playwright  # noqa: PLC0415

    package = Path(playwright.__file__).parent / "driver" / "package"
    configured = os.environ.get("PLAYWRIGHT_BROWSERS_PATH")
    if configured == "0":
        browsers_dir = package / ".local-browsers"
    elif configured:
        browsers_dir = Path(configured)
    else:
        browsers_dir = Path.home() / ".cache" / "ms-playwright"
    try:
        manifest = json.loads((package / "browsers.json").read_text(encoding="utf-8"))
        revision = next(b["revision"] for b in manifest["browsers"] if b["name"] == name)
    except (OSError, ValueError, KeyError, StopIteration):
        return None
    install = browsers_dir / f"{name.replace('-', '_')}-{revision}"
    found = sorted(path for pattern in executables for path in install.glob(f"*/{pattern}"))
    return str(found[0]) if found else None


def find_headless_chromium() -> str | None:
    """The executable to launch, or None for Playwright's own build; SystemExit if none."""
    override = os.environ.get("KEYFLOW_CHROMIUM")
    if override:
        if not Path(override).exists():
            raise SystemExit(f"KEYFLOW_CHROMIUM={override} does not exist")
        return override
    if _playwright_build("chromium-headless-shell", ("headless_shell", "chrome-headless-shell")):
        return None
    names = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome")
    for name in (*names, "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    if _playwright_build("chromium", ("chrome",)):
        return None
    raise SystemExit("no Chromium found: `playwright install chromium` or apt-get install one")


def launch_args(executable: str | None, *, headless: bool = True) -> dict[str, object]:
    args = list(QUIET_NETWORK_ARGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to sandbox as root
    launch: dict[str, object] = {"headless": headless, "args": args}
    if executable is not None:
        launch["executable_path"] = executable
    return launch


# keyflow serve


@dataclass(frozen=True)
class Served:
    kraken_url: str
    altrady_url: str
    email: str
    password: str


def parse_served(lines: Sequence[str]) -> Served:
    """``keyflow serve``'s lines: one ``NAME URL`` per server (``kraken``, ``altrady``, its
    WebSocket endpoints), then ``login: EMAIL / PASSWORD``."""
    *servers, last = lines or [""]
    urls = dict(line.split(maxsplit=1) for line in servers if " " in line)
    login = re.fullmatch(r"login: (\S+) / (\S+)", last.strip())
    if "kraken" not in urls or "altrady" not in urls or login is None:
        raise ValueError(f"not what keyflow serve prints: {list(lines)!r}")
    return Served(urls["kraken"].strip(), urls["altrady"].strip(), login[1], login[2])


@contextmanager
def keyflow_serve(keyflow: str) -> Iterator[Served]:
    process = subprocess.Popen(  # noqa: S603  (the project's own command)
        [keyflow, "serve"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + SERVE_START_TIMEOUT_S
        lines: list[str] = []
        while not (lines and lines[-1].startswith("login:")) and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                raise SystemExit(f"keyflow serve exited {process.wait()} before it was ready")
            lines.append(line.rstrip("\n"))
        yield parse_served(lines)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()


# Kraken's REST API, for step 11's check


def kraken_signature(path: str, nonce: str, body: str, secret: str) -> str:
    """Kraken's ``API-Sign``: HMAC-SHA512 of path + SHA256(nonce + body), base64 key."""
    digest = hashlib.sha256((nonce + body).encode()).digest()
    mac = hmac.new(base64.b64decode(secret), path.encode() + digest, hashlib.sha512)
    return base64.b64encode(mac.digest()).decode()


def kraken_balance(kraken_url: str, api_key: str, secret: str, source_ip: str) -> dict[str, str]:
    url = urllib.parse.urlsplit(kraken_url)
    path, nonce = "/0/private/Balance", str(time.time_ns() // 1_000_000)
    body = urllib.parse.urlencode({"nonce": nonce})
    headers = {
        "API-Key": api_key,
        "API-Sign": kraken_signature(path, nonce, body, secret),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    # The key only answers from Altrady's whitelist; Linux lets us bind any 127.0.0.0/8.
    connection = http.client.HTTPConnection(
        url.hostname or "127.0.0.1", url.port, timeout=30, source_address=(source_ip, 0)
    )
    try:
        connection.request("POST", path, body=body, headers=headers)
        answer = json.loads(connection.getresponse().read())
    finally:
        connection.close()
    if answer["error"]:
        raise AssertionError(f"Kraken refused Balance: {answer['error']}")
    return {str(asset): str(amount) for asset, amount in answer["result"].items()}


# The walk


@dataclass
class Walk:
    served: Served
    altrady: Page
    kraken: Page
    whitelist: str = ""
    keys: list[tuple[str, str]] = field(default_factory=list)  # (API key, private key)


def step_1(walk: Walk) -> None:
    page = walk.altrady
    page.bring_to_front()
    page.goto(walk.served.altrady_url.rstrip("/") + "/login")
    expect(page.get_by_role("heading", name="Log in to Altrady")).to_be_visible()
    page.get_by_role("textbox", name="Email", exact=True).fill(walk.served.email)
    page.get_by_label("Password", exact=True).fill(walk.served.password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Settings", exact=True
    ).click()
    page.get_by_role("navigation", name="Settings").get_by_role(
        "link", name="Exchange Account API keys", exact=True
    ).click()
    heading = page.get_by_role("heading", name="Exchange Account API keys", exact=True, level=1)
    expect(heading).to_be_visible()
    page.get_by_role("button", name="+ Connect Account", exact=True).click()
    wizard = page.get_by_role("dialog", name="Connect exchange account")
    expect(wizard).to_be_visible()
    expect(wizard.get_by_role("combobox", name="Exchange")).to_be_visible()


def step_2(walk: Walk) -> None:
    wizard = walk.altrady.get_by_role("dialog", name="Connect exchange account")
    wizard.get_by_role("combobox", name="Exchange").select_option(label="Kraken")
    whitelist = wizard.get_by_role("region", name="IP whitelist")
    expect(whitelist.get_by_role("textbox")).not_to_have_value("")
    key = wizard.get_by_role("group", name="Key 1", exact=True)
    expect(key.get_by_label("API key", exact=True)).to_be_visible()
    expect(key.get_by_label("Private key", exact=True)).to_be_visible()


def step_3(walk: Walk) -> None:
    wizard = walk.altrady.get_by_role("dialog", name="Connect exchange account")
    region = wizard.get_by_role("region", name="IP whitelist")
    region.get_by_role("button", name="Copy IP whitelist").click()
    expect(region.get_by_role("status")).to_have_text("Copied")
    shown = region.get_by_role("textbox").input_value()
    copied = str(walk.altrady.evaluate("navigator.clipboard.readText()"))
    assert copied == shown, f"the clipboard holds {copied!r}, the wizard shows {shown!r}"
    walk.whitelist = shown


def step_4(walk: Walk) -> None:
    page = walk.kraken
    page.bring_to_front()
    page.goto(walk.served.kraken_url.rstrip("/") + "/login")
    expect(page.get_by_role("heading", name="Sign in to Kraken")).to_be_visible()
    page.get_by_role("textbox", name="Email", exact=True).fill(walk.served.email)
    page.get_by_label("Password", exact=True).fill(walk.served.password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    profile = page.get_by_role("navigation", name="Main").get_by_role("button", name="Profile")
    expect(profile).to_be_visible()


def step_5(walk: Walk) -> None:
    page = walk.kraken
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Profile").click()
    page.get_by_role("menu").get_by_role("menuitem", name="Security", exact=True).click()
    expect(page.get_by_role("heading", name="Security", exact=True, level=1)).to_be_visible()
    expect(page.get_by_role("tablist")).to_be_visible()


def step_6(walk: Walk) -> None:
    page = walk.kraken
    page.bring_to_front()
    tab = page.get_by_role("tablist").get_by_role("tab", name="Connections & API", exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    create = page.get_by_role("link", name="Create API Key", exact=True).or_(
        page.get_by_role("button", name="Create API Key", exact=True)
    )
    create.click()
    expect(page.get_by_role("heading", name="Create API key", exact=True)).to_be_visible()


def step_7(walk: Walk) -> None:
    page = walk.kraken
    name = f"Altrady key {len(walk.keys) + 1}"
    page.get_by_role("textbox", name="Name", exact=True).fill(name)
    for label in PERMISSIONS_ON:
        page.get_by_role("checkbox", name=label, exact=True).set_checked(True)
    for label in PERMISSIONS_OFF:
        page.get_by_role("checkbox", name=label, exact=True).set_checked(False)
    page.get_by_role("checkbox", name="IP address restriction").set_checked(True)
    page.get_by_role("textbox", name="Allowed IP addresses").fill(walk.whitelist)
    page.get_by_role("checkbox", name="Custom Nonce Window").set_checked(True)
    page.get_by_role("spinbutton", name="Nonce window", exact=True).fill(NONCE_WINDOW)
    page.get_by_role("button", name="Generate Key", exact=True).click()
    dialog = page.get_by_role("dialog", name="Your new API key")
    expect(dialog).to_be_visible()
    api_key = dialog.get_by_role("textbox", name="API key", exact=True).input_value()
    private_key = dialog.get_by_role("textbox", name="Private key", exact=True).input_value()
    assert api_key, "the dialog shows no API key"
    assert private_key, "the dialog shows no private key"
    walk.keys.append((api_key, private_key))


def step_8(walk: Walk) -> None:
    """Paste the newest key into Altrady and close Kraken's dialog; Connect after the second."""
    number = len(walk.keys)
    api_key, private_key = walk.keys[-1]
    page = walk.altrady
    page.bring_to_front()
    wizard = page.get_by_role("dialog", name="Connect exchange account")
    group = wizard.get_by_role("group", name=f"Key {number}", exact=True)
    if number > 1:
        wizard.get_by_role("button", name="++ Add Extra Key").click()
    group.get_by_label("API key", exact=True).fill(api_key)
    group.get_by_label("Private key", exact=True).fill(private_key)
    expect(group.get_by_label("API key", exact=True)).to_have_value(api_key)
    walk.kraken.bring_to_front()
    walk.kraken.get_by_role("dialog", name="Your new API key").get_by_role(
        "button", name="Close", exact=True
    ).click()
    expect(walk.kraken.get_by_role("table", name="API keys")).to_be_visible()
    if number < 2:
        return
    page.bring_to_front()
    wizard.get_by_role("button", name="Connect", exact=True).click()
    expect(wizard.get_by_role("button", name="Next", exact=True)).to_be_visible()
    for shown in (1, 2):
        expect(wizard.get_by_text(f"Key {shown}", exact=True)).to_be_visible()


def step_9(walk: Walk) -> None:
    wizard = walk.altrady.get_by_role("dialog", name="Connect exchange account")
    wizard.get_by_role("button", name="Next", exact=True).click()
    expect(wizard.get_by_role("button", name="Complete", exact=True)).to_be_visible()
    expect(wizard).to_contain_text("is connected")


def step_10(walk: Walk) -> None:
    wizard = walk.altrady.get_by_role("dialog", name="Connect exchange account")
    wizard.get_by_role("button", name="Complete", exact=True).click()
    expect(wizard).to_be_hidden()
    account = walk.altrady.get_by_role("region", name="Kraken", exact=True)
    expect(account).to_contain_text("Connected")
    expect(account.get_by_role("table", name="API keys").get_by_role("row")).to_have_count(3)


def step_11(walk: Walk) -> None:
    page = walk.altrady
    account = page.get_by_role("region", name="Kraken", exact=True)
    source = walk.whitelist.replace(",", " ").split()[0]
    held = kraken_balance(walk.served.kraken_url, *walk.keys[0], source_ip=source)
    expected = {
        ASSET_NAMES[asset]: amount for asset, amount in held.items() if asset in ASSET_NAMES
    }
    rows = account.get_by_role("table", name="Balances").get_by_role("rowgroup").last
    rows = rows.get_by_role("row")
    if rows.count() != len(expected):
        account.get_by_role("button", name="Resync", exact=True).click()
    expect(rows).to_have_count(len(expected))
    for asset, amount in expected.items():
        row = rows.filter(has=page.get_by_role("cell", name=asset, exact=True))
        expect(row.get_by_role("cell").nth(1)).to_have_text(amount)


# (guide step, what it does): steps 6 to 8 run twice, for the second key.
STEPS: tuple[tuple[int, str, Callable[[Walk], None]], ...] = (
    (1, "Open the connect wizard", step_1),
    (2, "Choose Kraken", step_2),
    (3, "Copy Altrady's IP whitelist", step_3),
    (4, "Log in to Kraken", step_4),
    (5, "Open Security", step_5),
    (6, "Start a new API key", step_6),
    (7, "Fill in and generate the key", step_7),
    (8, "Paste the keys into Altrady", step_8),
    (6, "Start a new API key, second key", step_6),
    (7, "Fill in and generate the key, second key", step_7),
    (8, "Paste the keys into Altrady, second key", step_8),
    (9, "Confirm the connection", step_9),
    (10, "Complete", step_10),
    (11, "Check the balances", step_11),
)


def _context(browser: Browser) -> BrowserContext:
    context = browser.new_context(
        viewport=VIEWPORT,
        device_scale_factor=1,
        locale="en-US",
        timezone_id="UTC",
        permissions=["clipboard-read", "clipboard-write"],
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


def walk_guide(served: Served, *, headless: bool = True) -> int:
    expect.set_options(timeout=TIMEOUT_MS)
    launch = launch_args(find_headless_chromium() if headless else None, headless=headless)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch)  # type: ignore[arg-type]
        try:
            context = _context(browser)
            walk = Walk(served, altrady=context.new_page(), kraken=context.new_page())
            for number, title, perform in STEPS:
                started = time.perf_counter()
                perform(walk)
                print(f"step {number}/11 {title}  {time.perf_counter() - started:.2f} s")
            context.close()
        finally:
            browser.close()
    return len({number for number, _, _ in STEPS})


def _default_keyflow() -> str:
    beside = Path(sys.executable).with_name("keyflow")
    return str(beside) if beside.is_file() else (shutil.which("keyflow") or "keyflow")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="plain_walk.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--keyflow", default=_default_keyflow(), help="the keyflow command")
    parser.add_argument("--headed", action="store_true", help="show the (full) browser")
    args = parser.parse_args(argv)
    with keyflow_serve(args.keyflow) as served:
        steps = walk_guide(served, headless=not args.headed)
    print(f"plain walk: {steps} guide steps passed, balances equal Kraken's")
    return 0


if __name__ == "__main__":
    sys.exit(main())
