"""Write the report directory: ``report.json`` (the data) and ``index.html`` (a view of it).

Screenshots and traces are copied in, so the directory is whole on its own: it can be
uploaded as a CI artifact or opened from disk with no network.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from slugify import slugify

from e2e.guide import GUIDE_STEPS, GUIDE_TITLE, step_by_number
from e2e.report.model import ScenarioResult
from e2e.steps import StepRecord
from fixtures.redaction import redact, redact_file

__all__ = ["REPORT_SCHEMA", "ReportMeta", "build_report_data", "render_html", "write_report"]

REPORT_SCHEMA = 1
TEMPLATES = Path(__file__).parent / "templates"
# Rewritten on every run; nothing else is touched.
OWNED_SUBDIRS = ("screenshots", "traces", "videos")


@dataclass(frozen=True)
class ReportMeta:
    started_at: float  # unix seconds
    duration_s: float
    junit_xml: Path | None = None  # where pytest wrote it, if it did


def _iso(unix_seconds: float) -> str:
    return datetime.fromtimestamp(unix_seconds, UTC).isoformat(timespec="seconds")


def _relative_or_copy(source: Path, directory: Path, copy_to: str) -> str | None:
    """``source`` as a path relative to ``directory``, copying it in when it lives outside."""
    if not source.is_file():
        return None
    try:
        return source.resolve().relative_to(directory.resolve()).as_posix()
    except ValueError:
        target = directory / copy_to
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        return copy_to


def _step_data(record: StepRecord, directory: Path, scenario_slug: str) -> dict[str, Any]:
    try:
        guide = step_by_number(record.number)
        where, action, confirms = guide.where, guide.action, guide.confirms
    except KeyError:
        where, action, confirms = "", "", ""
    stem = f"step-{record.number:02d}" + (f"-{slugify(record.part)}" if record.part else "")
    screenshots: list[str] = []
    missing: list[str] = []
    for index, shot in enumerate(record.screenshots, start=1):
        name = f"screenshots/{scenario_slug}/{stem}-{index}{shot.suffix or '.png'}"
        linked = _relative_or_copy(shot, directory, name)
        if linked:
            screenshots.append(linked)
        else:
            missing.append(shot.name)
    return {
        "number": record.number,
        "title": record.title,
        "part": record.part,
        "where": where,
        "action": action,
        "confirms": confirms,
        "status": record.status,
        "started_at": _iso(record.started_at),
        "duration_s": round(record.duration_s, 3),
        "error": redact(record.error) if record.error else None,
        "screenshots": screenshots,
        "missing_screenshots": missing,
    }


def _scenario_data(result: ScenarioResult, directory: Path) -> dict[str, Any]:
    slug = slugify(result.nodeid)[:120] or "scenario"
    trace = (
        _relative_or_copy(result.trace, directory, f"traces/{slug}.zip") if result.trace else None
    )
    videos = [
        linked
        for index, video in enumerate(result.videos, start=1)
        if (linked := _relative_or_copy(video, directory, f"videos/{slug}-{index}.webm"))
    ]
    steps = [_step_data(record, directory, slug) for record in result.steps]
    failed_step = next((step for step in steps if step["status"] == "failed"), None)
    return {
        "nodeid": result.nodeid,
        "name": result.name,
        "summary": result.summary,
        "outcome": result.outcome,
        "duration_s": round(result.duration_s, 3),
        "failure": redact(result.failure) if result.failure else None,
        "failure_detail": redact(result.failure_detail) if result.failure_detail else None,
        "trace": trace,
        "trace_command": f"playwright show-trace {trace}" if trace else None,
        "trace_note": redact(result.trace_note) if result.trace_note else None,
        "videos": videos,
        "failed_step": (
            {"number": failed_step["number"], "title": failed_step["title"]}
            if failed_step
            else None
        ),
        "steps": steps,
    }


def build_report_data(
    directory: Path, scenarios: Sequence[ScenarioResult], meta: ReportMeta
) -> dict[str, Any]:
    """The ``report.json`` document; copies screenshots and traces into ``directory``."""
    for owned in OWNED_SUBDIRS:
        shutil.rmtree(directory / owned, ignore_errors=True)
    outcomes = Counter(result.outcome for result in scenarios)
    failed = outcomes["failed"] + outcomes["error"]
    junit = _relative_or_copy(meta.junit_xml, directory, "junit.xml") if meta.junit_xml else None
    if junit:
        redact_file(directory / junit)
    return {
        "schema": REPORT_SCHEMA,
        "title": GUIDE_TITLE,
        "guide_steps": len(GUIDE_STEPS),
        "generated_at": _iso(datetime.now(UTC).timestamp()),
        "started_at": _iso(meta.started_at),
        "duration_s": round(meta.duration_s, 3),
        "outcome": "failed" if failed else ("passed" if scenarios else "empty"),
        "totals": {
            "scenarios": len(scenarios),
            "passed": outcomes["passed"],
            "failed": outcomes["failed"],
            "error": outcomes["error"],
            "skipped": outcomes["skipped"],
        },
        "junit_xml": junit,
        "scenarios": [_scenario_data(result, directory) for result in scenarios],
    }


_BOLD = re.compile(r"\*\*(.+?)\*\*")


def guide_markup(text: str) -> Markup:
    """The guide's ``**label**`` emphasis as <strong>, everything else escaped."""
    return Markup(_BOLD.sub(r"<strong>\1</strong>", str(escape(text))))  # noqa: S704


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["guide_markup"] = guide_markup
    env.filters["seconds"] = lambda value: f"{float(value):.2f}s"
    return env


def render_html(data: dict[str, Any]) -> str:
    return _environment().get_template("report.html.j2").render(report=data)


def write_report(directory: Path, scenarios: Sequence[ScenarioResult], meta: ReportMeta) -> Path:
    """Write ``report.json`` and ``index.html`` into ``directory``; return the HTML's path."""
    directory.mkdir(parents=True, exist_ok=True)
    data = build_report_data(directory, scenarios, meta)
    (directory / "report.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    index = directory / "index.html"
    index.write_text(render_html(data), encoding="utf-8")
    return index
