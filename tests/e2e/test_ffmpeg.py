"""Which ffmpeg records videos, and a video of the whole guide that really plays.

The whole guide's videos come from ``tests/traced_run.py``'s run, shared with the secrets
test (issue 14): the whole guide with ``--video on`` (and ``--tracing on``), beside two
scenarios that fail on purpose; only the whole guide's videos are checked here.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from e2e import ffmpeg
from e2e.ffmpeg import (
    FfmpegNotFoundError,
    ensure_playwright_ffmpeg,
    playwright_ffmpeg_path,
    resolve_ffmpeg,
)
from tests.traced_run import TracedRun, traced_guide_run

__all__ = ["traced_guide_run"]  # the shared run's fixture, imported to be found here

PROBE_TIMEOUT_S = 300


@pytest.fixture
def browsers_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "browsers"
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(folder))
    monkeypatch.delenv(ffmpeg.FFMPEG_ENV, raising=False)
    return folder


def _fake_ffmpeg(folder: Path, *, encoders: str = "Encoder libvpx-vp9 [libvpx VP9]") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    binary = folder / "ffmpeg"
    binary.write_text(f"#!/bin/sh\necho '{encoders}'\n")
    binary.chmod(0o755)
    return binary


def test_playwright_looks_in_its_browsers_folder_by_revision(browsers_dir: Path) -> None:
    expected = playwright_ffmpeg_path()
    assert expected is not None
    assert expected.parent.parent == browsers_dir
    assert expected.parent.name.startswith("ffmpeg-1")
    assert expected.name == "ffmpeg-linux"


def test_playwrights_own_comes_first(
    browsers_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = playwright_ffmpeg_path()
    assert own is not None
    _fake_ffmpeg(own.parent).rename(own)
    monkeypatch.setenv("PATH", str(_fake_ffmpeg(tmp_path / "bin").parent))
    assert resolve_ffmpeg() == ffmpeg.FfmpegBinary(str(own), "playwright")
    assert ensure_playwright_ffmpeg().source == "playwright"
    assert not own.is_symlink()


def test_a_system_ffmpeg_is_linked_where_playwright_looks(
    browsers_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = _fake_ffmpeg(tmp_path / "bin")
    monkeypatch.setenv("PATH", str(system.parent))
    binary = ensure_playwright_ffmpeg()
    assert binary == ffmpeg.FfmpegBinary(str(system), "system")
    linked = playwright_ffmpeg_path()
    assert linked is not None
    assert linked.is_symlink()
    assert linked.resolve() == system.resolve()
    assert ensure_playwright_ffmpeg() == binary  # twice is fine
    # The link is not mistaken for Playwright's own build.
    assert resolve_ffmpeg().source == "system"


def test_no_ffmpeg_says_how_to_get_one(
    browsers_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(FfmpegNotFoundError, match=r"apt-get install ffmpeg"):
        resolve_ffmpeg()


def test_an_ffmpeg_without_playwrights_encoder_is_refused(
    browsers_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = _fake_ffmpeg(tmp_path / "bin", encoders="Codec 'libvpx-vp9' is not recognized")
    monkeypatch.setenv("PATH", str(system.parent))
    with pytest.raises(FfmpegNotFoundError, match="cannot encode libvpx-vp9"):
        resolve_ffmpeg()


def test_keyflow_ffmpeg_overrides(browsers_dir: Path, tmp_path: Path) -> None:
    chosen = _fake_ffmpeg(tmp_path / "mine")
    os.environ[ffmpeg.FFMPEG_ENV] = str(chosen)
    try:
        assert resolve_ffmpeg() == ffmpeg.FfmpegBinary(str(chosen), "env")
        os.environ[ffmpeg.FFMPEG_ENV] = str(tmp_path / "nothing")
        with pytest.raises(FfmpegNotFoundError, match="no such executable"):
            resolve_ffmpeg()
    finally:
        del os.environ[ffmpeg.FFMPEG_ENV]


def _probe(video: Path) -> dict[str, object]:
    """ffprobe decodes every frame (``-count_frames``): the file plays to its end."""
    answer = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-count_frames",
            "-select_streams",
            "v:0",
            "-show_entries",
            "stream=codec_name,width,height,nb_read_frames:format=duration",
            "-of",
            "json",
            str(video),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=PROBE_TIMEOUT_S,
    )
    data = json.loads(answer.stdout)
    return {**data["streams"][0], "duration": float(data["format"]["duration"])}


@pytest.mark.browser
def test_a_video_of_the_whole_guide_is_written_and_plays(traced_guide_run: TracedRun) -> None:
    report = traced_guide_run.report
    assert (report / "report.json").is_file(), traced_guide_run.printed
    scenarios = json.loads((report / "report.json").read_text("utf-8"))["scenarios"]
    (scenario,) = [found for found in scenarios if found["name"] == "test_whole_guide"]
    assert scenario["outcome"] == "passed", traced_guide_run.printed
    videos = scenario["videos"]
    assert len(videos) == 2, videos  # the Altrady tab and the Kraken tab
    html = (report / "index.html").read_text("utf-8")
    for video in videos:
        assert f'<video src="{video}"' in html
        probed = _probe(report / video)
        assert probed["codec_name"] == "vp9"
        # Playwright scales the 1280 x 800 viewport to fit 800 x 800.
        assert (probed["width"], probed["height"]) == (800, 500)
        # The guide takes seconds to walk; Playwright writes a frame when the tab changes
        # (a tab in the background for a while shows few), every one decoded here.
        assert float(str(probed["duration"])) > 3, probed
        assert int(str(probed["nb_read_frames"])) > 10, probed
