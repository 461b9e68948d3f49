#!/usr/bin/env bash
# Make sure Playwright can record videos (`--video on|retain-on-failure`): it encodes them
# with ffmpeg, which it looks for only in its own browsers folder. Order: one already found
# (Playwright's own, $KEYFLOW_FFMPEG, or a system one, linked where Playwright looks);
# else Playwright's own download; else Debian/Ubuntu's ffmpeg package (as root). Videos are
# optional: without an ffmpeg this says so and the set-up goes on.
set -euo pipefail
py=${PYTHON:-.venv/bin/python}

found() { "$py" -m e2e.ffmpeg --link >/dev/null 2>&1; }

found && exit 0

echo "ffmpeg: trying Playwright's own download" >&2
if timeout 120 "$py" -m playwright install ffmpeg >/dev/null 2>&1 && found; then
  exit 0
fi

if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "ffmpeg: installing Debian's ffmpeg with apt-get" >&2
  if DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends ffmpeg >/dev/null \
    && found; then
    exit 0
  fi
fi

"$py" -m e2e.ffmpeg --link || echo "ffmpeg: none, so --video cannot record (the rest works)" >&2
