"""``keyflow shots`` end to end, with the scenario run replaced by synthetic pictures.

The real run (a browser walking the guide) is exercised in ``test_shots_regenerate.py``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageSequence

from e2e.guide import GUIDE_STEPS
from e2e.shots import command
from e2e.shots.manifest import Shot, ShotManifest
from e2e.shots.naming import shot_filename
from e2e.shots.take import ShotsRunError

Taker = Callable[..., ShotManifest]


def fake_taker(labels: dict[int, str]) -> Taker:
    def take(into: Path, *, steps: frozenset[int] | None = None, artifacts: Path) -> ShotManifest:
        assert artifacts.name == command.RUN_ARTIFACTS
        into.mkdir(parents=True, exist_ok=True)
        shots = []
        for number, label in labels.items():
            if steps is not None and number not in steps:
                continue
            name = shot_filename(number, GUIDE_STEPS[number - 1].title)
            image = Image.new("RGB", (200, 50), (255, 255, 255))
            ImageDraw.Draw(image).text((5, 20), label, fill=(0, 0, 0))
            image.save(into / name)
            shots.append(Shot(number=number, caption=label, file=name))
        manifest = ShotManifest(shots=shots)
        manifest.save(into)
        return manifest

    return take


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="keyflow")
    command.register(parser.add_subparsers())
    args = parser.parse_args(["shots", *argv])
    handler: Callable[[argparse.Namespace], int] = args.handler
    return handler(args)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    return tmp_path / "docs"


def test_regenerate_then_check_passes(
    monkeypatch: pytest.MonkeyPatch, docs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(command, "take_pictures", fake_taker({1: "Connect", 3: "Copy"}))
    assert run(["--out", str(docs)]) == 0
    assert (docs / "guide.md").is_file()
    assert run(["--out", str(docs), "--check", "--check-output", str(tmp_path / "ev")]) == 0
    assert "2 pictures in" in capsys.readouterr().out


def test_check_names_the_stale_picture_and_exits_non_zero(
    monkeypatch: pytest.MonkeyPatch, docs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(command, "take_pictures", fake_taker({1: "Connect", 3: "Copy"}))
    run(["--out", str(docs)])
    capsys.readouterr()
    monkeypatch.setattr(command, "take_pictures", fake_taker({1: "Connect", 3: "Copy it"}))
    evidence = tmp_path / "ev"
    assert run(["--out", str(docs), "--check", "--check-output", str(evidence)]) == 1
    out = capsys.readouterr().out
    stale = shot_filename(3, GUIDE_STEPS[2].title)
    assert stale in out
    assert shot_filename(1, GUIDE_STEPS[0].title) not in out
    assert (evidence / stale.replace(".png", "-diff.png")).is_file()
    # --check changes nothing in docs/.
    with Image.open(docs / "shots" / stale) as kept:
        assert kept.size == (200, 50)


def test_check_notices_a_hand_edited_guide(
    monkeypatch: pytest.MonkeyPatch, docs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(command, "take_pictures", fake_taker({1: "Connect"}))
    run(["--out", str(docs)])
    guide = docs / "guide.md"
    guide.write_text(guide.read_text() + "\nAn edit by hand.\n")
    assert run(["--out", str(docs), "--check", "--check-output", str(tmp_path / "ev")]) == 1
    out = capsys.readouterr().out
    assert "guide.md: step 11 (Check your balances) differs" in out
    assert "'An edit by hand.'" in out


def test_regenerating_writes_the_article_and_the_animation(
    monkeypatch: pytest.MonkeyPatch, docs: Path
) -> None:
    monkeypatch.setattr(command, "take_pictures", fake_taker({1: "Connect", 3: "Copy"}))
    assert run(["--out", str(docs)]) == 0
    assert (docs / "guide.html").read_text().count('src="data:image/png;base64,') == 2
    with Image.open(docs / "walkthrough.webp") as animation:
        assert sum(1 for _ in ImageSequence.Iterator(animation)) == 2


@pytest.mark.parametrize("name", ["guide.html", "walkthrough.webp"])
def test_check_notices_a_stale_article_or_animation(
    monkeypatch: pytest.MonkeyPatch,
    docs: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
) -> None:
    monkeypatch.setattr(command, "take_pictures", fake_taker({1: "Connect", 3: "Copy"}))
    run(["--out", str(docs)])
    capsys.readouterr()
    if name == "guide.html":
        (docs / name).write_text((docs / name).read_text().replace("Step 3.", "Step three."))
    else:  # an animation of other pictures
        Image.new("RGB", (20, 20)).save(docs / name, save_all=True, append_images=[])
    assert run(["--out", str(docs), "--check", "--check-output", str(tmp_path / "ev")]) == 1
    out = capsys.readouterr().out
    assert f"  {name}: " in out
    assert "guide.md" not in out


def test_a_failed_scenario_leaves_docs_alone(
    monkeypatch: pytest.MonkeyPatch, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing(*_: object, **__: object) -> ShotManifest:
        raise ShotsRunError("the whole-guide scenario failed (pytest exit code 1)")

    monkeypatch.setattr(command, "take_pictures", failing)
    assert run(["--out", str(docs)]) == command.EXIT_FAILED
    assert "scenario failed" in capsys.readouterr().err
    assert not docs.exists()


def test_steps_are_validated(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run(["--steps", "3,12"])
    assert "'12' is not a guide step" in capsys.readouterr().err


def test_steps_retake_only_those(
    monkeypatch: pytest.MonkeyPatch, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(command, "take_pictures", fake_taker({1: "Connect", 3: "Copy"}))
    run(["--out", str(docs)])
    monkeypatch.setattr(command, "take_pictures", fake_taker({1: "CHANGED", 3: "Copy again"}))
    assert run(["--out", str(docs), "--steps", "3"]) == 0
    captions = {s.number: s.caption for s in ShotManifest.load(docs / "shots").shots}
    assert captions == {1: "Connect", 3: "Copy again"}
    capsys.readouterr()
