"""``keyflow shots [--out DIR] [--steps 3,7] [--check]``: the guide's pictures, regenerated.

Without ``--check`` the pictures, ``guide.md``, ``guide.html`` (the article, self-contained)
and ``walkthrough.webp`` (the pictures animated) in ``--out`` (``docs/``) are rewritten.
With it nothing in ``docs/`` changes: the fresh pictures are compared with the committed
ones, the guide's text with the steps, the article and animation with the committed
pictures, and every stale file is named, with expected/actual/diff images written to
``--check-output``; the exit code is then 1.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from e2e.config import load_config
from e2e.guide import GUIDE_STEPS, GUIDE_TITLE
from e2e.shots.check import check_pictures
from e2e.shots.drift import find_drift
from e2e.shots.manifest import ManifestError, ShotManifest
from e2e.shots.publish import ANIMATION_FILE, ARTICLE_FILE, GUIDE_FILE, derived_drift, publish
from e2e.shots.pytest_plugin import parse_steps
from e2e.shots.render import PICTURES_FOLDER, render_guide
from e2e.shots.take import PROJECT_ROOT, ShotsRunError, take_pictures

__all__ = ["EXIT_FAILED", "EXIT_STALE", "handle", "register"]

EXIT_STALE = 1
EXIT_FAILED = 2
DEFAULT_CHECK_OUTPUT = Path("test-results") / "shots-check"
RUN_ARTIFACTS = "shots-run"


def _steps(text: str) -> frozenset[int]:
    try:
        return parse_steps(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``shots`` to the ``keyflow`` command's subcommands (``add_subparsers()``'s result)."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "shots",
        help="regenerate the guide's screenshots and docs/guide.md",
        description=(
            "Walk the whole guide once in a real browser and write one picture per step "
            "(more where a step has several parts), with the control to click outlined, "
            "and docs/guide.md that shows them. With --check, change nothing: compare with "
            "the committed pictures and fail naming each stale one."
        ),
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="the docs folder to write (default: artifacts.docs_dir, docs/)",
    )
    parser.add_argument(
        "--steps",
        type=_steps,
        default=None,
        metavar="N,N",
        help="only these guide steps' pictures (for example 3,7); the others stay",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; fail naming each committed picture that is out of date",
    )
    parser.add_argument(
        "--check-output",
        type=Path,
        default=DEFAULT_CHECK_OUTPUT,
        help=f"where --check writes expected/actual/diff images (default: {DEFAULT_CHECK_OUTPUT})",
    )
    parser.set_defaults(handler=handle)
    return parser


def _check(taken: Path, docs: Path, steps: frozenset[int] | None, evidence: Path) -> int:
    result = check_pictures(taken, docs / PICTURES_FOLDER, evidence, steps=steps)
    problems = [str(stale) for stale in result.stale]
    committed_guide = docs / GUIDE_FILE
    if steps is None:
        if not committed_guide.is_file():
            problems.append(f"{GUIDE_FILE}: missing")
        else:
            drifts = find_drift(_guide_with(taken), committed_guide.read_text(encoding="utf-8"))
            problems += [f"{GUIDE_FILE}: {drift}" for drift in drifts]
        # The article and the animation follow from the committed pictures (compared above).
        problems += [
            problem for problem in derived_drift(docs) if not problem.startswith(GUIDE_FILE)
        ]
    if problems:
        print(f"{len(problems)} stale in {docs}/ (run `keyflow shots` to regenerate):")
        for problem in problems:
            print(f"  {problem}")
        print(f"expected, actual and diff images: {evidence}/")
        return EXIT_STALE
    print(f"{result.compared} pictures in {docs}/ are up to date")
    return 0


def _guide_with(taken: Path) -> str:
    """The guide as it reads with the fresh pictures."""
    return render_guide(GUIDE_TITLE, GUIDE_STEPS, ShotManifest.load(taken))


def _run_artifacts() -> Path:
    """The scenario run's own output, kept (and uploaded by CI) when a step fails."""
    return PROJECT_ROOT / load_config(PROJECT_ROOT).artifacts.output_dir / RUN_ARTIFACTS


def handle(args: argparse.Namespace) -> int:
    docs: Path = args.out or PROJECT_ROOT / load_config(PROJECT_ROOT).artifacts.docs_dir
    steps: frozenset[int] | None = args.steps
    with tempfile.TemporaryDirectory(prefix="keyflow-shots-") as scratch:
        taken = Path(scratch) / "pictures"
        try:
            manifest = take_pictures(taken, steps=steps, artifacts=_run_artifacts())
            if args.check:
                return _check(taken, docs, steps, args.check_output)
            guide = publish(taken, docs, steps=steps)
        except (ShotsRunError, ManifestError) as exc:
            print(f"keyflow shots: {exc}", file=sys.stderr)
            return EXIT_FAILED
    print(
        f"{len(manifest.shots)} pictures written to {docs / PICTURES_FOLDER}/; guide: {guide}, "
        f"{docs / ARTICLE_FILE}, {docs / ANIMATION_FILE}"
    )
    return 0
