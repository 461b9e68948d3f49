from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from e2e.shots.check import check_pictures
from e2e.shots.manifest import Shot, ShotManifest


def picture(label: str) -> Image.Image:
    image = Image.new("RGB", (160, 60), (255, 255, 255))
    ImageDraw.Draw(image).text((10, 20), label, fill=(0, 0, 0))
    return image


def folder(path: Path, pictures: dict[str, str]) -> Path:
    """A pictures folder: file name -> label drawn in it, plus its manifest."""
    path.mkdir(parents=True)
    shots = []
    for index, (name, label) in enumerate(sorted(pictures.items()), start=1):
        picture(label).save(path / name)
        shots.append(Shot(number=index, caption=label, file=name))
    ShotManifest(shots=shots).save(path)
    return path


def test_unchanged_pictures_pass(tmp_path: Path) -> None:
    same = {"step-01-a.png": "Connect", "step-02-b.png": "Kraken"}
    result = check_pictures(
        folder(tmp_path / "taken", same), folder(tmp_path / "docs", same), tmp_path / "out"
    )
    assert result.ok
    assert result.compared == 2
    assert not (tmp_path / "out").exists()


def test_a_changed_label_names_exactly_that_picture_and_leaves_evidence(tmp_path: Path) -> None:
    committed = folder(tmp_path / "docs", {"step-01-a.png": "Connect", "step-02-b.png": "Kraken"})
    taken = folder(tmp_path / "taken", {"step-01-a.png": "Connect", "step-02-b.png": "KRAKEN!"})
    out = tmp_path / "out"
    result = check_pictures(taken, committed, out)
    assert [stale.name for stale in result.stale] == ["step-02-b.png"]
    assert "pixels differ" in result.stale[0].reason
    assert sorted(p.name for p in out.iterdir()) == [
        "step-02-b-actual.png",
        "step-02-b-diff.png",
        "step-02-b-expected.png",
    ]
    with Image.open(out / "step-02-b-diff.png") as diff:
        assert (255, 0, 0) in {colour for _, colour in diff.convert("RGB").getcolors(10_000) or []}


def test_new_and_dropped_pictures_are_stale(tmp_path: Path) -> None:
    committed = folder(tmp_path / "docs", {"step-01-a.png": "x", "step-02-old.png": "y"})
    taken = folder(tmp_path / "taken", {"step-01-a.png": "x", "step-02-new.png": "y"})
    result = check_pictures(taken, committed, tmp_path / "out")
    assert {str(stale) for stale in result.stale} == {
        "step-02-new.png: new picture, not committed yet",
        "step-02-old.png: committed, but the guide no longer takes it",
    }
    assert (tmp_path / "out" / "step-02-new-actual.png").is_file()


def test_only_the_chosen_steps_are_compared(tmp_path: Path) -> None:
    committed = folder(tmp_path / "docs", {"step-01-a.png": "one", "step-02-b.png": "two"})
    taken = folder(tmp_path / "taken", {"step-01-a.png": "changed", "step-02-b.png": "two"})
    # Manifests number pictures 1 and 2 in name order, so step 2 is the unchanged one.
    result = check_pictures(taken, committed, tmp_path / "out", steps=frozenset({2}))
    assert result.ok
    assert result.compared == 1


def test_evidence_of_an_earlier_check_is_cleared(tmp_path: Path) -> None:
    same = {"step-01-a.png": "x"}
    out = tmp_path / "out"
    out.mkdir()
    (out / "step-09-old-diff.png").write_bytes(b"stale evidence")
    check_pictures(folder(tmp_path / "t", same), folder(tmp_path / "d", same), out)
    assert not out.exists()
