"""``--output`` emptied once per run, when a test first needs it (``e2e/output_folder.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from e2e.output_folder import RUN_MARK, empty_once_per_run, run_id

pytest_plugins = ["pytester"]


def _stale(output: Path) -> Path:
    left = output / "test-from-the-last-run" / "trace.zip"
    left.parent.mkdir(parents=True)
    left.write_text("a failed browser run's trace")
    return left


def test_the_first_call_of_a_run_empties_and_the_next_keep(tmp_path: Path) -> None:
    output = tmp_path / "test-results"
    stale = _stale(output)
    empty_once_per_run(output, "run-1")
    assert not stale.exists()
    written = output / "first-test" / "step-01.png"
    written.parent.mkdir()
    written.write_bytes(b"png")
    empty_once_per_run(output, "run-1")
    assert written.exists(), "a second worker of the same run emptied the first one's work"
    empty_once_per_run(output, "run-2")
    assert sorted(p.name for p in output.iterdir()) == [RUN_MARK]


def test_a_run_has_one_id_its_workers_share_and_the_next_run_another(
    pytester: pytest.Pytester,
) -> None:
    config = pytester.parseconfig()
    assert run_id(config) == run_id(config)
    assert run_id(config) != run_id(pytester.parseconfig())
    worker = pytester.parseconfig()
    worker.workerinput = {"testrunuid": "the-controllers-id"}  # type: ignore[attr-defined]
    assert run_id(worker) == "the-controllers-id"


def test_a_missing_folder_is_made(tmp_path: Path) -> None:
    output = tmp_path / "deep" / "test-results"
    empty_once_per_run(output, "run-1")
    assert output.is_dir()


# Two tests that each write into their output folder, as browser tests' artifacts and step
# pictures do, without starting a browser; under xdist, each worker gets one.
WRITERS = """
    import pathlib

    import pytest


    @pytest.mark.parametrize("n", [1, 2])
    def test_writes(output_path, n):
        folder = pathlib.Path(output_path)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "written.txt").write_text(str(n))
"""


def test_a_run_that_writes_empties_it_once(pytester: pytest.Pytester) -> None:
    """A real pytest: the plugin's wiring, and two xdist workers that must not wipe each
    other's folders (pytest-playwright's own emptying ran in each worker)."""
    stale = _stale(pytester.path / "test-results")
    pytester.makepyfile(WRITERS)
    result = pytester.runpytest_subprocess("-p", "no:randomly", "-n", "2")
    result.assert_outcomes(passed=2)
    assert not stale.exists()
    written = sorted(p.read_text() for p in (pytester.path / "test-results").glob("*/written.txt"))
    assert written == ["1", "2"]


def test_a_run_of_fast_tests_keeps_the_last_browser_runs_artifacts(
    pytester: pytest.Pytester,
) -> None:
    stale = _stale(pytester.path / "test-results")
    pytester.makepyfile("def test_plain():\n    assert True\n")
    result = pytester.runpytest_subprocess("-p", "no:randomly")
    result.assert_outcomes(passed=1)
    assert stale.exists(), "a run without browser tests emptied --output"
