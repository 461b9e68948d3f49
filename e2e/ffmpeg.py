"""Find the ffmpeg that records videos (``--video``): the one place that decides which runs.

Playwright encodes each page's screencast with ffmpeg, and looks for it in one place only:
``<browsers folder>/ffmpeg-<revision>/ffmpeg-linux`` (the driver's ``browsers.json`` holds
the revision; ``PLAYWRIGHT_BROWSERS_PATH`` moves the folder), where ``playwright install``
puts its own build. Where that download is impossible, a system ffmpeg (Debian's ``ffmpeg``
package) does the same work: Playwright runs it with ``-c:v libvpx-vp9`` on a Matroska
stream, which Debian's build encodes. :func:`ensure_playwright_ffmpeg` links the system one
where Playwright looks, so Playwright itself is left as it is.

Order, as for the browser (:mod:`e2e.browser`): ``KEYFLOW_FFMPEG``; Playwright's own build;
the system's ``ffmpeg``; else a clear error saying how to get one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from e2e.browser import playwright_browsers_dir

__all__ = [
    "FFMPEG_ENV",
    "FfmpegBinary",
    "FfmpegNotFoundError",
    "ensure_playwright_ffmpeg",
    "playwright_ffmpeg_path",
    "resolve_ffmpeg",
]

FFMPEG_ENV = "KEYFLOW_FFMPEG"
# Playwright 1.65 encodes videos with this encoder (its FfmpegVideoRecorder).
PLAYWRIGHT_ENCODER = "libvpx-vp9"
_EXECUTABLE_NAMES = {"linux": "ffmpeg-linux", "darwin": "ffmpeg-mac", "win32": "ffmpeg-win64.exe"}

INSTALL_HINT = (
    "No ffmpeg to record videos with. Install Playwright's own with `playwright install "
    "ffmpeg`, or a system one (Debian/Ubuntu: `apt-get install ffmpeg`), or point "
    f"{FFMPEG_ENV} at an ffmpeg binary. `make browser` tries both."
)


class FfmpegNotFoundError(RuntimeError):
    def __init__(self, detail: str = INSTALL_HINT) -> None:
        super().__init__(detail)


@dataclass(frozen=True)
class FfmpegBinary:
    path: str
    source: str  # "env", "playwright" or "system"


def _revision() -> str | None:
    try:
        import playwright  # noqa: PLC0415
    except ImportError:
        return None
    manifest = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    try:
        browsers = json.loads(manifest.read_text(encoding="utf-8"))["browsers"]
        return str(next(b["revision"] for b in browsers if b["name"] == "ffmpeg"))
    except (OSError, ValueError, KeyError, StopIteration):
        return None


def playwright_ffmpeg_path() -> Path | None:
    """Where this Playwright version looks for its ffmpeg (whether or not one is there)."""
    revision = _revision()
    name = _EXECUTABLE_NAMES.get(sys.platform)
    if revision is None or name is None:
        return None
    return playwright_browsers_dir() / f"ffmpeg-{revision}" / name


def _runs(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def _encodes_playwright_video(path: str) -> bool:
    try:
        answer = subprocess.run(  # noqa: S603 - a binary this module chose
            [path, "-hide_banner", "-h", f"encoder={PLAYWRIGHT_ENCODER}"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return f"Encoder {PLAYWRIGHT_ENCODER}" in answer.stdout


def resolve_ffmpeg() -> FfmpegBinary:
    """The ffmpeg videos are recorded with, or :class:`FfmpegNotFoundError`."""
    override = os.environ.get(FFMPEG_ENV)
    if override:
        if not _runs(Path(override)):
            raise FfmpegNotFoundError(f"{FFMPEG_ENV}={override}: no such executable")
        return FfmpegBinary(override, "env")
    expected = playwright_ffmpeg_path()
    # Playwright's own: a file there that is not a link this module made to a system one.
    if expected is not None and _runs(expected) and not expected.is_symlink():
        return FfmpegBinary(str(expected), "playwright")
    found = shutil.which("ffmpeg")
    if found is None:
        raise FfmpegNotFoundError()
    if not _encodes_playwright_video(found):
        raise FfmpegNotFoundError(
            f"{found} cannot encode {PLAYWRIGHT_ENCODER}, which Playwright's videos need: "
            "install Playwright's own (`playwright install ffmpeg`) or a fuller build"
        )
    return FfmpegBinary(found, "system")


def ensure_playwright_ffmpeg() -> FfmpegBinary:
    """Resolve ffmpeg and make sure Playwright finds that one (a link where it looks)."""
    binary = resolve_ffmpeg()
    expected = playwright_ffmpeg_path()
    if binary.source == "playwright" or expected is None:
        return binary
    target = Path(binary.path).resolve()
    if expected.is_symlink() and expected.resolve() == target:
        return binary
    expected.parent.mkdir(parents=True, exist_ok=True)
    expected.unlink(missing_ok=True)
    expected.symlink_to(target)
    return binary


def main(argv: list[str] | None = None) -> int:
    """``python -m e2e.ffmpeg [--link]``: which ffmpeg records videos, or how to get one.

    ``--link`` also links a system ffmpeg where Playwright looks (``make browser`` does).
    """
    link = "--link" in (sys.argv[1:] if argv is None else argv)
    try:
        binary = ensure_playwright_ffmpeg() if link else resolve_ffmpeg()
    except (FfmpegNotFoundError, OSError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"ffmpeg (video): {binary.source} {binary.path}")
    if link and binary.source != "playwright":
        print(f"linked for Playwright at {playwright_ffmpeg_path()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
