"""Reading each step's time out of a run's report.json, whatever nests the step records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.figures import BenchError
from benchmarks.guide import step_durations


def write(tmp_path: Path, document: object) -> Path:
    report = tmp_path / "report.json"
    report.write_text(json.dumps(document), encoding="utf-8")
    return report


def test_steps_nested_under_scenarios_are_found_and_summed(tmp_path: Path) -> None:
    report = write(
        tmp_path,
        {
            "scenarios": [
                {"nodeid": "a", "steps": [{"number": 1, "title": "Log in", "duration_s": 0.5}]},
                {"nodeid": "b", "steps": [{"number": 1, "title": "Log in", "duration_s": 0.25}]},
            ]
        },
    )
    assert step_durations(report) == {(1, "Log in"): 0.75}


def test_a_second_walk_of_a_step_is_told_apart_by_its_part(tmp_path: Path) -> None:
    report = write(
        tmp_path,
        [
            {"number": 7, "title": "Add the key", "duration_s": 1.0, "part": ""},
            {"number": 7, "title": "Add the key", "duration_s": 2, "part": "second key"},
        ],
    )
    assert step_durations(report) == {(7, "Add the key"): 1.0, (7, "Add the key, second key"): 2.0}


def test_a_report_without_step_records_has_no_steps(tmp_path: Path) -> None:
    assert step_durations(write(tmp_path, {"summary": {"passed": 3}})) == {}


def test_an_unreadable_report_is_a_clear_error(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text("{not json", encoding="utf-8")
    with pytest.raises(BenchError, match=r"cannot read .*report\.json"):
        step_durations(report)
