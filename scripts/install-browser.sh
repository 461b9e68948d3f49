#!/usr/bin/env bash
# Make sure a Chromium that Playwright can drive is on this machine.
# Order: one already found (Playwright's own, a system one, or $KEYFLOW_CHROMIUM);
# else Playwright's own download; else Debian/Ubuntu's chromium package (as root).
set -euo pipefail
py=${PYTHON:-.venv/bin/python}

found() { "$py" -m e2e.browser 2>/dev/null; }

found && exit 0

echo "browser: trying Playwright's own Chromium download" >&2
if timeout 300 "$py" -m playwright install chromium >/dev/null 2>&1 && found; then
  exit 0
fi

if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "browser: installing Debian's chromium with apt-get" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    chromium fonts-dejavu-core fonts-liberation >/dev/null
  found && exit 0
fi

"$py" -m e2e.browser
