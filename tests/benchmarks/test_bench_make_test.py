"""Reading ``make test``'s pytest sessions (one now, two before): how many tests ran, and how
they ended."""

from __future__ import annotations

from pathlib import Path

from benchmarks.clone import remove_bytecode
from benchmarks.make_test import describe, session_counts

MAKE_TEST_OUTPUT = """\
.venv/bin/ruff check .
All checks passed!
.venv/bin/pytest -n 2 -m "not browser"
bringing up nodes...
........................................................................ [ 98%]
=========================== short test summary info ============================
SKIPPED [1] tests/test_workflows.py:12: actionlint is not installed
=========== 1069 passed, 1 skipped, 67 deselected in 71.23s (0:01:11) ===========
.venv/bin/pytest -n 2 -m browser
........F.. [100%]
= 1 failed, 65 passed, 1 xfailed, 1070 deselected, 2 warnings, 1 error in 186.01s (0:03:06) =
"""


def test_each_sessions_summary_line_is_counted() -> None:
    fast, browser = session_counts(MAKE_TEST_OUTPUT)
    assert fast == {"passed": 1069, "skipped": 1, "deselected": 67}
    assert browser == {"failed": 1, "passed": 65, "xfailed": 1, "deselected": 1070, "error": 1}


def test_the_counts_are_shown_without_the_deselected() -> None:
    assert describe(session_counts(MAKE_TEST_OUTPUT)) == (
        "1070 tests (1069 passed, 1 skipped) + 68 tests (65 passed, 1 failed, 1 error)"
    )


def test_lines_that_only_look_like_a_summary_are_not_counted() -> None:
    assert session_counts("==== FAILURES ====\n= 3 passed =\nran 3 passed in 1.0s\n") == []


def test_only_the_projects_bytecode_is_removed(tmp_path: Path) -> None:
    for folder in ("e2e/__pycache__", "e2e/pages/__pycache__", ".venv/lib/x/__pycache__"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "m.cpython-311.pyc").write_bytes(b"\0")
    assert remove_bytecode(tmp_path) == 2
    assert not (tmp_path / "e2e" / "__pycache__").exists()
    assert not (tmp_path / "e2e" / "pages" / "__pycache__").exists()
    assert (tmp_path / ".venv" / "lib" / "x" / "__pycache__" / "m.cpython-311.pyc").is_file()
