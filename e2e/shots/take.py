"""Walk the whole guide once in shots mode and collect its pictures.

The pictures come from the same scenario CI runs, through the step runner; this module only
starts pytest on that scenario with ``--shots-dir`` (in a child process, so the browser,
the servers and the seeded data are set up exactly as in any other run).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from e2e.shots.manifest import ShotManifest

__all__ = ["PROJECT_ROOT", "WHOLE_GUIDE_SCENARIO", "ShotsRunError", "take_pictures"]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# The one scenario that walks every step of the guide, first to last.
WHOLE_GUIDE_SCENARIO = "e2e/scenarios/test_whole_guide.py"
_NO_TESTS_COLLECTED = 5


class ShotsRunError(RuntimeError):
    """The scenario failed or took no pictures: the docs are left as they were."""


def take_pictures(
    into: Path,
    *,
    steps: frozenset[int] | None = None,
    artifacts: Path | None = None,
    pytest_args: Sequence[str] = (),
) -> ShotManifest:
    """Run the whole-guide scenario with the camera on; the pictures land in ``into``.

    ``artifacts`` is pytest's ``--output`` for the run (the step runner's screenshots, and
    traces of a failure); by default beside ``into``. ``pytest_args`` go to pytest as they
    are (a test loads a plugin that alters a page).
    """
    artifacts = artifacts or into.parent / "test-results"
    into.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "pytest",
        str(PROJECT_ROOT / WHOLE_GUIDE_SCENARIO),
        "--shots-dir",
        str(into),
        # A folder of its own: the keyflow plugin empties --output as a session starts.
        "--output",
        str(artifacts),
        "-p",
        "no:cacheprovider",
        "-q",
        "-x",
    ]
    if steps is not None:
        command += ["--shots-steps", ",".join(str(number) for number in sorted(steps))]
    command += list(pytest_args)
    environment = dict(os.environ)
    # The same people, keys and balances in every picture: the config file's seed only.
    environment.pop("KEYFLOW_SEED", None)
    completed = subprocess.run(command, cwd=PROJECT_ROOT, env=environment, check=False)  # noqa: S603
    if completed.returncode == _NO_TESTS_COLLECTED:
        raise ShotsRunError(f"the whole-guide scenario ({WHOLE_GUIDE_SCENARIO}) was not found")
    if completed.returncode != 0:
        raise ShotsRunError(
            f"the whole-guide scenario failed (pytest exit code {completed.returncode}); "
            f"the pictures in docs/ were left as they were. Its screenshots: {artifacts}/"
        )
    manifest = ShotManifest.load(into)
    if not manifest.shots:
        raise ShotsRunError("the whole-guide scenario passed but took no pictures")
    return manifest
