"""``keyflow run --kraken-url URL --altrady-url URL``: the guide on mocks already running.

The mocks here are started by the test, as ``keyflow serve`` starts them; the run must walk
the guide on exactly those (their journal shows it) and leave them running. A URL that is
not a keyflow mock, or ``-n 2`` on shared mocks, stops the run with one message before any
browser starts.

The run is the balance-update scenario, not the whole guide (issue 14: its walk took 3 s
beside the whole guide's 10 s in the same session; the test 6 to 15 s instead of 11 to 17
s): it logs in to this Altrady, has it verify two keys made on this Kraken and read their
balances, and changes them on this Kraken through the control API, so the browser, the
control client and Altrady all use the mocks given, which is what the URLs wire. Kraken's
own pages are the same page code on any Kraken mock; the whole-guide scenario walks them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from fixtures.control import KrakenControl
from fixtures.servers import MockStack, start_mocks

KEYFLOW = str(Path(sys.executable).with_name("keyflow"))
RUN_TIMEOUT_S = 300
PYTEST_USAGE_ERROR = 4
WHOLE_GUIDE = Path(__file__).resolve().parents[2] / "e2e" / "scenarios" / "test_whole_guide.py"


@pytest.fixture(scope="module")
def served() -> Iterator[MockStack]:
    with start_mocks() as stack:
        yield stack


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [KEYFLOW, "run", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )


def _errors(ran: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in ran.stderr.splitlines() if line.startswith("ERROR:")]


@pytest.mark.browser
def test_a_guide_scenario_runs_on_mocks_already_up(served: MockStack, tmp_path: Path) -> None:
    with KrakenControl(served.kraken_url) as kraken:
        kraken.reset()
        ran = _run(
            tmp_path,
            "balance_update",
            "--kraken-url",
            served.kraken_url,
            "--altrady-url",
            served.altrady_url,
            "--report",
            "out",
        )
        assert ran.returncode == 0, ran.stdout + ran.stderr
        assert "  ✓ step 11/11 Check your balances  " in ran.stdout
        # Altrady, on these servers, verified the guide's two keys with this Kraken.
        verified = {
            entry["key_name"]
            for entry in kraken.requests()
            if entry["endpoint"] == "GetApiKeyInfo" and entry["outcome"] == "ok"
        }
    assert len(verified) == 2, verified
    assert httpx.get(served.altrady_url + "/_mock/health").status_code == httpx.codes.OK


def test_a_url_that_is_not_a_mock_stops_the_run_before_any_browser(
    served: MockStack, tmp_path: Path
) -> None:
    ran = _run(tmp_path, "--kraken-url", served.altrady_url, "--altrady-url", served.altrady_url)
    assert ran.returncode == PYTEST_USAGE_ERROR, ran.stdout + ran.stderr
    assert _errors(ran) == [
        f"ERROR: --kraken-url {served.altrady_url} is keyflow's altrady mock, not its kraken "
        "mock (are --kraken-url and --altrady-url swapped?)"
    ]
    assert "▶" not in ran.stdout  # no scenario, so no browser, started
    assert not (tmp_path / "keyflow-report").exists()


def test_parallel_workers_on_shared_mocks_are_refused(served: MockStack, tmp_path: Path) -> None:
    ran = _run(
        tmp_path,
        "--kraken-url",
        served.kraken_url,
        "--altrady-url",
        served.altrady_url,
        "-n",
        "2",
    )
    assert ran.returncode == PYTEST_USAGE_ERROR, ran.stdout + ran.stderr
    (error,) = _errors(ran)
    assert error.startswith("ERROR: --kraken-url/--altrady-url run on one worker only")


def test_one_url_without_the_other_is_refused(served: MockStack, tmp_path: Path) -> None:
    ran = _run(tmp_path, "--kraken-url", served.kraken_url)
    assert ran.returncode == PYTEST_USAGE_ERROR
    assert _errors(ran) == [
        "ERROR: --kraken-url and --altrady-url go together: give both URLs `keyflow serve` printed"
    ]


def test_pytest_reads_the_urls_from_the_environment(served: MockStack, tmp_path: Path) -> None:
    """``KEYFLOW_KRAKEN_URL``/``KEYFLOW_ALTRADY_URL`` are the options, for plain pytest."""
    environment = {
        **os.environ,
        "KEYFLOW_KRAKEN_URL": served.kraken_url,
        "KEYFLOW_ALTRADY_URL": served.kraken_url,  # a Kraken where Altrady should be
    }
    ran = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(WHOLE_GUIDE)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    assert ran.returncode == PYTEST_USAGE_ERROR, ran.stdout + ran.stderr
    assert _errors(ran) == [
        f"ERROR: --altrady-url {served.kraken_url} is keyflow's kraken mock, not its altrady "
        "mock (are --kraken-url and --altrady-url swapped?)"
    ]
