"""A clean clone of the repository with its own set-up, as a new contributor or CI has it.

``git clone`` of the committed ``HEAD`` (uncommitted changes are not in it) into a
temporary folder, then ``make .venv/.installed browser`` there: the set-up, timed apart and
never part of a figure. One clone serves every part of one benchmark run.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.commands import ROOT
from benchmarks.figures import BenchError

__all__ = ["Clone", "clean_clone", "remove_bytecode"]

SETUP_TIMEOUT_S = 1200.0


@dataclass(frozen=True)
class Clone:
    path: Path
    setup_s: float

    @property
    def scripts(self) -> Path:
        return self.path / ".venv" / "bin"


def _run(argv: list[str], cwd: Path, what: str) -> None:
    try:
        done = subprocess.run(  # noqa: S603  (git and make, on this repository)
            argv, cwd=cwd, capture_output=True, text=True, timeout=SETUP_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"{what} ran past {SETUP_TIMEOUT_S:.0f} s") from None
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:]
        raise BenchError(f"{what} exited {done.returncode}: {' '.join(tail)[:200]}")


@functools.cache
def clean_clone() -> Clone:
    git, make = shutil.which("git"), shutil.which("make")
    if git is None or make is None:
        raise BenchError("a clean clone needs git and make")
    scratch = Path(tempfile.mkdtemp(prefix="bench-clone-"))
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    path = scratch / "kraken-keyflow"
    _run([git, "clone", "--quiet", "--no-hardlinks", str(ROOT), str(path)], scratch, "git clone")
    started = time.perf_counter()
    _run([make, ".venv/.installed", "browser"], path, "the set-up (make .venv/.installed browser)")
    return Clone(path, time.perf_counter() - started)


def remove_bytecode(tree: Path) -> int:
    """Delete the project's own ``__pycache__`` folders (not the virtualenv's); how many."""
    caches = [
        cache for cache in tree.rglob("__pycache__") if ".venv" not in cache.relative_to(tree).parts
    ]
    for cache in caches:
        shutil.rmtree(cache, ignore_errors=True)
    return len(caches)
