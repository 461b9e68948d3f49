#!/usr/bin/env python3
"""Run the guide scenarios many times in a row and report which tests ever failed.

    python scripts/flake.py --runs 50                  # one process, the machine as it is
    python scripts/flake.py --runs 50 --workers 2 --busy

Each run is ``pytest -m guide`` (optionally under ``-n WORKERS``) with its own JUnit XML in
``--out`` (default ``flake-results/``); ``--busy`` keeps one CPU-burning process running
for the whole series, as a loaded CI machine would. Prints failures per test, then
``runs: N, failed runs: K, per-test failures: ...`` and the total time. Exits 1 if any
run failed, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["RunResult", "main", "parse_junit", "summary_line"]

ROOT = Path(__file__).resolve().parents[1]
# The burner stops itself after this long even if this script is killed outright.
BUSY_LIMIT_S = 6 * 3600
BUSY_CODE = (
    "import time, sys\n"
    "end = time.monotonic() + float(sys.argv[1])\n"
    "while time.monotonic() < end:\n"
    "    sum(i * i for i in range(10_000))\n"
)


@dataclass
class RunResult:
    number: int
    exit_code: int
    seconds: float
    failed_tests: list[str] = field(default_factory=list)
    junit: Path | None = None

    @property
    def failed(self) -> bool:
        return self.exit_code != 0


def parse_junit(path: Path) -> list[str]:
    """Test ids (``classname::name``) that failed or errored in a JUnit XML file."""
    failed: list[str] = []
    root = ET.parse(path).getroot()  # noqa: S314 (our own pytest's output)
    for case in root.iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed.append(f"{case.get('classname', '')}::{case.get('name', '')}")
    return failed


def summary_line(results: Sequence[RunResult]) -> str:
    per_test = Counter(test for result in results for test in result.failed_tests)
    listed = ", ".join(f"{test} x{count}" for test, count in per_test.most_common()) or "none"
    failed_runs = sum(result.failed for result in results)
    return f"runs: {len(results)}, failed runs: {failed_runs}, per-test failures: {listed}"


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="flake.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=_positive, default=50, help="how many runs (default 50)")
    parser.add_argument("--workers", type=_positive, default=None, help="pytest-xdist -n N")
    parser.add_argument("--busy", action="store_true", help="keep one CPU busy throughout")
    parser.add_argument("--out", type=Path, default=ROOT / "flake-results", help="JUnit folder")
    parser.add_argument("--marker", default="guide", help="pytest -m expression (default guide)")
    parser.add_argument("pytest_args", nargs="*", help="more pytest arguments, after --")
    return parser


@contextlib.contextmanager
def _busy_core(enabled: bool) -> Iterator[None]:
    if not enabled:
        yield
        return
    burner = subprocess.Popen([sys.executable, "-c", BUSY_CODE, str(BUSY_LIMIT_S)])  # noqa: S603
    try:
        yield
    finally:
        burner.kill()
        burner.wait()


def _run_once(number: int, args: argparse.Namespace) -> RunResult:
    junit = args.out / f"run-{number:03d}.xml"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-m",
        args.marker,
        "-q",
        "-p",
        "no:cacheprovider",
        "--junitxml",
        str(junit),
        "--output",
        str(args.out / f"artifacts-{number:03d}"),
        "--tracing",
        "retain-on-failure",
    ]
    if args.workers:
        command += ["-n", str(args.workers)]
    command += args.pytest_args
    started = time.monotonic()
    completed = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        command, cwd=ROOT, capture_output=True, text=True, check=False
    )
    seconds = time.monotonic() - started
    result = RunResult(number, completed.returncode, seconds, junit=junit)
    if junit.is_file():
        result.failed_tests = parse_junit(junit)
    if result.failed:
        (args.out / f"run-{number:03d}.log").write_text(completed.stdout + completed.stderr)
        if not result.failed_tests:
            result.failed_tests = [f"(run {number}: exit {completed.returncode}, see its log)"]
    return result


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    mode = f"-n {args.workers}" if args.workers else "one process"
    print(f"flake: {args.runs} runs of pytest -m {args.marker}, {mode}, busy={args.busy}")
    results: list[RunResult] = []
    started = time.monotonic()
    with _busy_core(args.busy):
        for number in range(1, args.runs + 1):
            result = _run_once(number, args)
            results.append(result)
            outcome = "FAILED " + ", ".join(result.failed_tests) if result.failed else "passed"
            print(f"run {number}/{args.runs}: {outcome} in {result.seconds:.1f}s", flush=True)
    total = time.monotonic() - started
    per_test = Counter(test for result in results for test in result.failed_tests)
    if per_test:
        print("\nfailures per test:")
        for test, count in per_test.most_common():
            runs = [str(r.number) for r in results if test in r.failed_tests]
            print(f"  {count:3d}  {test}  (runs {', '.join(runs)})")
    print(summary_line(results))
    print(f"total time: {total:.1f}s ({total / len(results):.1f}s a run); JUnit XML in {args.out}")
    return 1 if any(result.failed for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
