"""Work done once for a whole pytest run, whichever xdist workers ask for it.

A session fixture runs once per worker, and xdist's ``--dist loadgroup`` would keep its
tests on one worker, but its groups are lost under pytest 9.2. So the work lands in the
run's shared temporary folder, behind a lock, with a marker once it is complete.
"""

from __future__ import annotations

import contextlib
import fcntl
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

__all__ = ["once_per_run"]


def once_per_run(
    tmp_path_factory: pytest.TempPathFactory,
    worker_id: str,
    name: str,
    make: Callable[[Path], object],
) -> Path:
    """The folder ``name`` of the run's shared temporary folder, filled by ``make`` once."""
    basetemp = tmp_path_factory.getbasetemp()
    shared = basetemp if worker_id == "master" else basetemp.parent
    folder, done = shared / name, shared / f"{name}.done"
    with _exclusive(shared / f"{name}.lock"):
        if not done.is_file():
            shutil.rmtree(folder, ignore_errors=True)  # work that broke off half-way
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@contextlib.contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
