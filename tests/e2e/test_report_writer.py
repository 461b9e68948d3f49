"""The report from synthetic step records: files, escaping, copied screenshots, json shape."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from e2e.guide import GUIDE_TITLE
from e2e.report.model import ScenarioResult
from e2e.report.writer import REPORT_SCHEMA, ReportMeta, guide_markup, write_report
from e2e.steps import StepRecord
from fixtures.redaction import REDACTED

SECRET = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg=="
# The smallest valid PNG: enough for a file to copy and an <img> to point at.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
NODEID = "e2e/scenarios/test_whole_guide.py::test_whole_guide[chromium]"


def _shot(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(PNG)
    return path


def _record(number: int, **changes: object) -> StepRecord:
    record = StepRecord(
        nodeid=NODEID,
        number=number,
        title=f"Step {number}",
        status="passed",
        started_at=1_790_000_000.0 + number,
        duration_s=0.25,
    )
    for name, value in changes.items():
        setattr(record, name, value)
    return record


@pytest.fixture
def artifacts(tmp_path: Path) -> Path:
    return tmp_path / "test-results" / "whole-guide"


def _passing(artifacts: Path) -> ScenarioResult:
    return ScenarioResult(
        nodeid=NODEID,
        name="test_whole_guide",
        summary="Walk the whole guide with two keys.",
        outcome="passed",
        duration_s=6.5,
        steps=[
            _record(1, screenshots=[_shot(artifacts, "step-01.png")]),
            _record(
                8,
                part="second key",
                screenshots=[
                    _shot(artifacts, "step-08-second-key-altrady.png"),
                    _shot(artifacts, "step-08-second-key-kraken.png"),
                ],
            ),
        ],
    )


def _failing(artifacts: Path, trace: Path | None = None) -> ScenarioResult:
    error = (
        "Guide step 3 (Copy Altrady's IP whitelist) failed.\n"
        f"  Expected: <script>alert('x')</script>\n  Seen: {SECRET}"
    )
    return ScenarioResult(
        nodeid="e2e/scenarios/test_whitelist.py::test_whitelist_copy[chromium]",
        name="test_whitelist_copy",
        summary='Clipboard holds "exactly" the <whitelist>.',
        outcome="failed",
        duration_s=2.0,
        steps=[
            _record(1),
            _record(
                3,
                status="failed",
                error=error,
                screenshots=[_shot(artifacts, "step-03-failed.png")],
            ),
        ],
        failure=f"GuideStepError: {error}",
        failure_detail=f"Traceback ...\n{error}",
        trace=trace,
    )


def _meta() -> ReportMeta:
    return ReportMeta(started_at=time.time() - 9, duration_s=8.5)


def test_writes_index_and_json(tmp_path: Path, artifacts: Path) -> None:
    report = tmp_path / "report"
    index = write_report(report, [_passing(artifacts)], _meta())
    assert index == report / "index.html"
    assert index.read_text(encoding="utf-8").startswith("<!doctype html>")
    data = json.loads((report / "report.json").read_text(encoding="utf-8"))
    assert data["schema"] == REPORT_SCHEMA
    assert data["title"] == GUIDE_TITLE
    assert data["outcome"] == "passed"
    assert data["totals"] == {"scenarios": 1, "passed": 1, "failed": 0, "error": 0, "skipped": 0}
    (scenario,) = data["scenarios"]
    assert scenario["name"] == "test_whole_guide"
    assert scenario["summary"] == "Walk the whole guide with two keys."
    assert [step["number"] for step in scenario["steps"]] == [1, 8]
    first = scenario["steps"][0]
    assert set(first) >= {"number", "title", "where", "action", "confirms", "status"}
    assert first["where"] == "Altrady"
    assert first["action"].startswith("Log in to Altrady")
    assert first["confirms"] == "The connect wizard opens."
    assert scenario["failed_step"] is None


def test_screenshots_are_copied_and_linked(tmp_path: Path, artifacts: Path) -> None:
    report = tmp_path / "report"
    write_report(report, [_passing(artifacts)], _meta())
    data = json.loads((report / "report.json").read_text(encoding="utf-8"))
    shots = data["scenarios"][0]["steps"][1]["screenshots"]
    assert len(shots) == 2
    assert all(shot.startswith("screenshots/") for shot in shots)
    assert all((report / shot).read_bytes() == PNG for shot in shots)
    html = (report / "index.html").read_text(encoding="utf-8")
    for shot in shots:
        assert f'<a href="{shot}"' in html  # the thumbnail opens the full picture
        assert f'<img src="{shot}"' in html


def test_a_missing_screenshot_is_named_not_fatal(tmp_path: Path, artifacts: Path) -> None:
    scenario = _passing(artifacts)
    scenario.steps[0].screenshots.append(artifacts / "gone.png")
    write_report(tmp_path / "report", [scenario], _meta())
    data = json.loads((tmp_path / "report" / "report.json").read_text(encoding="utf-8"))
    assert data["scenarios"][0]["steps"][0]["missing_screenshots"] == ["gone.png"]
    assert "screenshot missing: gone.png" in (tmp_path / "report" / "index.html").read_text()


def test_failure_is_escaped_and_the_secret_hidden(tmp_path: Path, artifacts: Path) -> None:
    report = tmp_path / "report"
    write_report(report, [_failing(artifacts)], _meta())
    html = (report / "index.html").read_text(encoding="utf-8")
    text = (report / "report.json").read_text(encoding="utf-8")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&lt;whitelist&gt;" in html
    assert SECRET not in html
    assert SECRET not in text
    assert REDACTED in html
    data = json.loads(text)
    assert data["outcome"] == "failed"
    scenario = data["scenarios"][0]
    assert scenario["failed_step"] == {"number": 3, "title": "Step 3"}
    assert "Failed at step 3: Step 3" in html
    assert scenario["steps"][1]["status"] == "failed"


def test_trace_outside_the_folder_is_copied_in(tmp_path: Path, artifacts: Path) -> None:
    trace = artifacts / "trace.zip"
    trace.parent.mkdir(parents=True, exist_ok=True)
    trace.write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    report = tmp_path / "report"
    write_report(report, [_failing(artifacts, trace)], _meta())
    scenario = json.loads((report / "report.json").read_text())["scenarios"][0]
    assert scenario["trace"].startswith("traces/")
    assert (report / scenario["trace"]).read_bytes() == trace.read_bytes()
    assert scenario["trace_command"] == f"playwright show-trace {scenario['trace']}"
    html = (report / "index.html").read_text(encoding="utf-8")
    assert f'href="{scenario["trace"]}"' in html


def test_trace_inside_the_folder_is_linked_in_place(tmp_path: Path) -> None:
    report = tmp_path / "report"
    trace = report / "artifacts" / "whitelist" / "trace.zip"
    trace.parent.mkdir(parents=True)
    trace.write_bytes(b"PK")
    write_report(report, [_failing(report / "artifacts", trace)], _meta())
    scenario = json.loads((report / "report.json").read_text())["scenarios"][0]
    assert scenario["trace"] == "artifacts/whitelist/trace.zip"
    assert not (report / "traces").exists()


def test_junit_xml_is_linked_and_redacted(tmp_path: Path, artifacts: Path) -> None:
    report = tmp_path / "report"
    report.mkdir()
    (report / "junit.xml").write_text(f"<testsuite><failure>{SECRET}</failure></testsuite>")
    meta = ReportMeta(started_at=time.time(), duration_s=1.0, junit_xml=report / "junit.xml")
    write_report(report, [_failing(artifacts)], meta)
    assert json.loads((report / "report.json").read_text())["junit_xml"] == "junit.xml"
    assert SECRET not in (report / "junit.xml").read_text()
    assert 'href="junit.xml"' in (report / "index.html").read_text()


def test_a_rerun_leaves_no_stale_screenshots(tmp_path: Path, artifacts: Path) -> None:
    report = tmp_path / "report"
    write_report(report, [_passing(artifacts)], _meta())
    write_report(report, [], _meta())
    assert not list((report).glob("screenshots/**/*.png"))
    data = json.loads((report / "report.json").read_text())
    assert data["outcome"] == "empty"
    assert "No scenarios ran." in (report / "index.html").read_text()


def test_guide_markup_bolds_labels_and_escapes_the_rest() -> None:
    rendered = guide_markup("Click **+ Connect Account** <b>now</b> & **A<b>**")
    assert str(rendered) == (
        "Click <strong>+ Connect Account</strong> &lt;b&gt;now&lt;/b&gt; &amp; "
        "<strong>A&lt;b&gt;</strong>"
    )


@pytest.mark.browser
def test_report_page_reads_at_1280(tmp_path: Path, artifacts: Path, page: Page) -> None:
    # pytest-playwright's page: a second sync Playwright cannot start in this worker.
    report = tmp_path / "report"
    index = write_report(report, [_failing(artifacts), _passing(artifacts)], _meta())
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(index.as_uri())
    expect(page.get_by_role("heading", name="Guide run report")).to_be_visible()
    expect(page.get_by_role("navigation", name="Scenarios")).to_be_visible()
    failed = page.get_by_role("listitem").filter(has_text="Step 3")
    expect(failed.get_by_role("img")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280  # no sideways scrolling at the width CI screenshots use
    for image in page.get_by_role("img").all():
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")


def test_screenshots_already_in_the_folder_are_linked_in_place(tmp_path: Path) -> None:
    report = tmp_path / "report"
    write_report(report, [_passing(report / "artifacts" / "whole-guide")], _meta())
    data = json.loads((report / "report.json").read_text(encoding="utf-8"))
    assert data["scenarios"][0]["steps"][0]["screenshots"] == ["artifacts/whole-guide/step-01.png"]
    assert not (report / "screenshots").exists()
