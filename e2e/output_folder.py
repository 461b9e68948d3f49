"""pytest-playwright's ``--output``, emptied once per run, by the first process that writes there.

pytest-playwright empties it as every session starts. A run of fast tests alone (``make
unit``, a single test module) then threw away the traces and pictures a failed browser run
had left for QA to open. Now the folder is emptied when a browser test first needs it: by
whichever xdist worker gets there first, under a lock on the folder's parent, with the run's
id left inside so the other workers of the same run keep what it wrote.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

__all__ = ["RUN_MARK", "empty_once_per_run", "run_id"]

# Inside --output: the id of the run that emptied it.
RUN_MARK = ".keyflow-run"
_RUN_ID = pytest.StashKey[str]()


def run_id(config: pytest.Config) -> str:
    """The same for a controller and all its xdist workers, new for every run."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:
        return str(workerinput["testrunuid"])
    return config.stash.setdefault(_RUN_ID, uuid.uuid4().hex)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def empty_once_per_run(output: Path, run: str) -> None:
    """Empty ``output`` unless this run already did; leave it existing either way."""
    output = output.absolute()
    output.parent.mkdir(parents=True, exist_ok=True)
    with _locked(output.parent):
        mark = output / RUN_MARK
        with contextlib.suppress(OSError):
            if mark.read_text("utf-8") == run:
                return
        shutil.rmtree(output, ignore_errors=True)
        output.mkdir(parents=True, exist_ok=True)
        mark.write_text(run, "utf-8")
