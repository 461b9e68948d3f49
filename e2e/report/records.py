"""Step records as plain data, so they can ride on pytest reports (and cross xdist workers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from e2e.steps import StepRecord

__all__ = ["SCENARIO_ATTR", "STEPS_ATTR", "record_from_dict", "record_to_dict"]

# Attributes set on pytest's TestReport objects; xdist ships them from worker to controller.
STEPS_ATTR = "keyflow_steps"
SCENARIO_ATTR = "keyflow_scenario"


def record_to_dict(record: StepRecord) -> dict[str, Any]:
    return {
        "nodeid": record.nodeid,
        "number": record.number,
        "title": record.title,
        "part": record.part,
        "status": record.status,
        "started_at": record.started_at,
        "duration_s": record.duration_s,
        "screenshots": [str(path) for path in record.screenshots],
        "error": record.error,
    }


def record_from_dict(data: dict[str, Any]) -> StepRecord:
    return StepRecord(
        nodeid=str(data["nodeid"]),
        number=int(data["number"]),
        title=str(data["title"]),
        status="failed" if data["status"] == "failed" else "passed",
        started_at=float(data["started_at"]),
        duration_s=float(data["duration_s"]),
        screenshots=[Path(path) for path in data.get("screenshots", [])],
        error=data.get("error"),
        part=str(data.get("part", "")),
    )
