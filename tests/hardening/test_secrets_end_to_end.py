"""No private key anywhere a traced ``keyflow run`` writes: report, traces, JUnit, terminal.

The run walks the real whole guide (keys made on Kraken's pages, pasted into Altrady) and
two scenarios that fail on a private key: a Playwright ``expect`` on the pasted field, and a
plain ``assert`` after printing the key. Every secret the Kraken mock issued is recorded by
a small plugin; then every file of the report folder, every entry of every trace, and all
that the command printed are searched for each of them, in every form a trace may write one.

The run is ``tests/traced_run.py``'s, shared with the video test (issue 14): it records
videos too, which only adds files to search.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixtures.redaction import REDACTED, secret_variants
from tests.traced_run import TracedRun, traced_guide_run

__all__ = ["traced_guide_run"]  # the shared run's fixture, imported to be found here


def _texts(folder: Path) -> Iterator[tuple[str, str]]:
    """(where, text) for every file under ``folder`` and every entry of every zip."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for entry in archive.namelist():
                    yield f"{path}!{entry}", archive.read(entry).decode("latin-1")
        else:
            yield str(path), path.read_bytes().decode("latin-1")


@pytest.mark.browser
def test_a_traced_run_with_failures_keeps_every_secret_out(traced_guide_run: TracedRun) -> None:
    ran = traced_guide_run
    printed = ran.printed
    assert ran.returncode == 1, printed
    assert "2 failed, 1 passed" in ran.stdout, printed

    secrets = ran.secrets
    assert len(secrets) >= 4, "the guide's two keys and one key per failing scenario"
    # The failures were about secrets, and pytest's own failure text says so, redacted.
    failures = ran.stdout.partition("= FAILURES =")[2]
    assert failures.count(REDACTED) >= 2, failures

    report = ran.report
    traces = sorted(report.rglob("trace*.zip"))
    assert len(traces) == 3, "--tracing on keeps a trace of every scenario"
    texts = [("the command's output", printed), *_texts(report)]
    for secret in secrets:
        for form in secret_variants(secret):
            leaks = [where for where, text in texts if form in text]
            assert leaks == [], f"a private key ({form[:6]}...) is written in {leaks}"
    for trace in traces:
        with zipfile.ZipFile(trace) as archive:
            events = archive.read("trace.trace").decode()
        # No filmstrip: its screenshots would show the private key dialog in clear pixels.
        assert '"screencast-frame"' not in events, trace
