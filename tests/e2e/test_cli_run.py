"""``keyflow run`` end to end on throwaway scenarios: live steps, exit code, report, trace.

The scenarios here are written into a temporary folder (``--scenarios-dir``) so these tests
do not depend on the project's own scenarios; they walk real guide steps in a real browser
through the keyflow plugin's ``guide`` fixture.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from e2e.cli import main
from tests.scenario_folders import write_scenarios

pytest_plugins = ["pytester"]

KEYFLOW = str(Path(sys.executable).with_name("keyflow"))
RUN_TIMEOUT_S = 300

SECRET = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg=="

SCENARIOS = f'''
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect


@pytest.mark.guide
def test_tiny_pass(guide, altrady_page: Page) -> None:
    """Walks steps 1 and 2 on a page it writes itself."""
    with guide.step(1):
        altrady_page.set_content("<h1>Exchange Account API keys</h1>")
        expect(altrady_page.get_by_role("heading")).to_have_text("Exchange Account API keys")
    with guide.step(8, part="second key"):
        altrady_page.set_content("<h1>Connected</h1>")


@pytest.mark.guide
def test_tiny_fail(guide, altrady_page: Page) -> None:
    """Fails at step 3 with a secret and markup in the message."""
    with guide.step(1):
        altrady_page.set_content("<h1>Hello</h1>")
    with guide.step(3):
        assert "{SECRET}" == "<b>copied</b>"


@pytest.mark.guide
def test_tiny_flaky(guide, altrady_page: Page) -> None:
    """Fails at step 1 the first time it runs after its mark is removed, then passes."""
    mark = Path(__file__).with_name("flaky-ran-once")
    with guide.step(1):
        altrady_page.set_content("<h1>Hello</h1>")
        first_time = not mark.exists()
        mark.touch()
        assert not first_time, "only the first run fails"
'''


@pytest.fixture(scope="module")
def scenarios_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_scenarios(
        tmp_path_factory.mktemp("scenarios"),
        {"test_tiny.py": SCENARIOS},
        "addopts = -p no:randomly",
        "filterwarnings = error",
    )


def _run(scenarios_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [KEYFLOW, "run", "--scenarios-dir", str(scenarios_dir), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )


@pytest.mark.browser
def test_run_shows_each_step_writes_the_report_and_fails_loudly(
    scenarios_dir: Path, tmp_path: Path
) -> None:
    ran = _run(scenarios_dir, tmp_path, "tiny_pass", "test_tiny_fail", "--report", "out")
    assert ran.returncode == 1, ran.stdout + ran.stderr
    lines = ran.stdout.splitlines()
    assert "▶ test_tiny_pass" in lines
    assert any(line.startswith("  ✓ step 1/11 Open the connect wizard  ") for line in lines)
    assert any(
        line.startswith("  ✓ step 8/11 Paste the keys into Altrady (second key)  ")
        for line in lines
    )
    assert any(line.startswith("  ✗ step 3/11 Copy Altrady's IP whitelist  ") for line in lines)
    assert any(line.startswith("✓ test_tiny_pass passed in ") for line in lines)
    assert any(line.startswith("✗ test_tiny_fail failed in ") for line in lines)
    assert lines.index("▶ test_tiny_pass") < lines.index("▶ test_tiny_fail")

    report = tmp_path / "out"
    data = json.loads((report / "report.json").read_text(encoding="utf-8"))
    assert data["outcome"] == "failed"
    assert data["junit_xml"] == "junit.xml"
    by_name = {scenario["name"]: scenario for scenario in data["scenarios"]}
    assert set(by_name) == {"test_tiny_pass", "test_tiny_fail"}
    passed, failed = by_name["test_tiny_pass"], by_name["test_tiny_fail"]
    assert passed["summary"] == "Walks steps 1 and 2 on a page it writes itself."
    assert [(s["number"], s["part"]) for s in passed["steps"]] == [(1, ""), (8, "second key")]
    assert all((report / shot).is_file() for s in passed["steps"] for shot in s["screenshots"])
    assert failed["failed_step"] == {"number": 3, "title": "Copy Altrady's IP whitelist"}
    # Walked untraced, then once more, traced, for the trace: the first verdict stands.
    assert (
        "keyflow run: running test_tiny_fail again with a Playwright trace, for the report "
        "(this run's failures stand)"
    ) in lines
    assert failed["trace"] is not None
    assert failed["trace"].startswith("traced-rerun/artifacts/")
    assert failed["trace"].endswith("trace.zip")
    assert (report / failed["trace"]).is_file()
    assert failed["trace_note"] == (
        "The trace is of a second run of this scenario, which failed again at step 3, "
        "Copy Altrady's IP whitelist."
    )
    assert not any((report / "artifacts").rglob("trace*.zip"))  # the first run kept none

    for written in ("index.html", "report.json", "junit.xml"):
        text = (report / written).read_text(encoding="utf-8")
        assert SECRET not in text, written
    html = (report / "index.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;copied&lt;/b&gt;" in html
    assert "<b>copied</b>" not in html
    assert SECRET not in ran.stdout.split("= FAILURES =")[0]  # the live lines
    assert 'Playwright trace: <a href="traced-rerun/artifacts/' in html
    assert "which failed again at step 3" in html


@pytest.mark.browser
def test_a_failure_that_does_not_repeat_is_reported_as_such_without_a_trace(
    scenarios_dir: Path, tmp_path: Path
) -> None:
    (scenarios_dir / "flaky-ran-once").unlink(missing_ok=True)
    ran = _run(scenarios_dir, tmp_path, "tiny_flaky", "--report", "out")
    assert ran.returncode == 1, ran.stdout + ran.stderr  # the first run's failure stands
    assert "✗ test_tiny_flaky failed in " in ran.stdout
    assert "✓ test_tiny_flaky passed in " in ran.stdout  # the second, traced run
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    (scenario,) = data["scenarios"]
    assert scenario["outcome"] == "failed"
    assert "Seen: only the first run fails" in scenario["failure"]
    assert scenario["trace"] is None
    assert "with a trace, passed (the failure above did not repeat)" in scenario["trace_note"]


@pytest.mark.browser
def test_a_tracing_of_ones_own_traces_the_run_itself_and_runs_nothing_again(
    scenarios_dir: Path, tmp_path: Path
) -> None:
    ran = _run(scenarios_dir, tmp_path, "tiny_fail", "--report", "out", "--", "--tracing", "on")
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "again with a Playwright trace" not in ran.stdout
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    (scenario,) = data["scenarios"]
    assert scenario["trace"].startswith("artifacts/")
    assert scenario["trace_note"] is None
    assert not (tmp_path / "out" / "traced-rerun").exists()


@pytest.mark.browser
def test_run_under_xdist_still_shows_steps_and_reports_them(
    scenarios_dir: Path, tmp_path: Path
) -> None:
    ran = _run(scenarios_dir, tmp_path, "tiny_pass", "-n", "2", "--report", "out")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "  ✓ step 1/11 Open the connect wizard  " in ran.stdout
    assert "✓ test_tiny_pass passed in " in ran.stdout
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    (scenario,) = data["scenarios"]
    assert [step["number"] for step in scenario["steps"]] == [1, 8]
    assert scenario["trace"] is None
    assert "again with a Playwright trace" not in ran.stdout  # nothing failed
    assert not (tmp_path / "out" / "traced-rerun").exists()


def test_run_without_names_runs_the_whole_guide(
    scenarios_dir: Path, pytester: pytest.Pytester, capsys: pytest.CaptureFixture[str]
) -> None:
    # In-process under pytester (see tests/e2e/test_cli.py): the folder has no whole guide.
    code = main(["run", "--scenarios-dir", str(scenarios_dir)])
    assert code == 2
    assert "unknown scenario: test_whole_guide" in capsys.readouterr().err
    assert not (pytester.path / "keyflow-report").exists()
