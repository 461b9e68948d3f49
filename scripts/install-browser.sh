#!/usr/bin/env bash
# Make sure a Chromium that Playwright can drive is on this machine, and for headless runs
# a headless shell (Chromium's old headless mode, about 40 % faster for the guide here).
# Order: one already found (Playwright's own, a system one, or $KEYFLOW_CHROMIUM);
# else Playwright's own download; else Debian/Ubuntu's chromium packages (as root).
set -euo pipefail
py=${PYTHON:-.venv/bin/python}

found() { "$py" -m e2e.browser "$@" 2>/dev/null; }

found --headless-shell && exit 0

echo "browser: trying Playwright's own Chromium download" >&2
if timeout 300 "$py" -m playwright install chromium >/dev/null 2>&1 && found --headless-shell; then
  exit 0
fi

if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  install() {
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  }
  echo "browser: installing Debian's chromium and chromium-headless-shell with apt-get" >&2
  $sudo apt-get update -qq
  install chromium fonts-dejavu-core fonts-liberation
  # Older releases have no headless shell package: headless runs then use the full browser.
  install chromium-headless-shell || echo "browser: no chromium-headless-shell package here" >&2
  found && exit 0
fi

# Any Chromium will do, a full one for headless runs too; else the error says how to get one.
"$py" -m e2e.browser
