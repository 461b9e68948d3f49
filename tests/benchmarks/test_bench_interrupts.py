"""The interruption count on stand-ins for ``keyflow run``: what one try sees and counts.

A stand-in prints ``step 3/11`` and starts a child that waits for a signal, as Chromium
does in its own session: one stand-in stops its child on the signal, one leaves it behind.
"""

from __future__ import annotations

import signal
import sys

import pytest

from benchmarks.interrupts import Try, clean_counts, one_try

STAND_IN = """
import signal, subprocess, sys
child = subprocess.Popen([sys.executable, "-c", "import signal; signal.pause()"])
def stop(signum, frame):
    if {kill_child}:
        child.kill()
        child.wait()
    sys.exit(128 + signum)
signal.signal(signal.SIGINT, stop)
signal.signal(signal.SIGTERM, stop)
print("  step 3/11 Copy Altrady's IP whitelist", flush=True)
signal.pause()
"""


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_that_takes_its_children_with_it_is_clean(sig: signal.Signals) -> None:
    command = [sys.executable, "-c", STAND_IN.format(kill_child=True)]
    outcome = one_try(command, sig, sig.name)
    assert outcome == Try(sig.name, clean=True, exit_code=128 + sig, left=())


def test_a_child_left_running_is_counted_and_named() -> None:
    command = [sys.executable, "-c", STAND_IN.format(kill_child=False)]
    outcome = one_try(command, signal.SIGINT, "Ctrl-C")
    assert not outcome.clean
    (left,) = outcome.left
    assert "signal.pause()" in left


def test_the_counts_are_per_signal() -> None:
    done = [Try("Ctrl-C", True, 130, ()), Try("Ctrl-C", False, 130, ("1 x",))]
    done += [Try("SIGTERM", True, 143, ())]
    assert clean_counts(done) == {"Ctrl-C": (1, 2), "SIGTERM": (1, 1)}


def test_a_try_waits_for_the_commands_own_ready_line() -> None:
    """``keyflow serve`` is stopped once it prints its login, not at a guide step."""
    stand_in = STAND_IN.format(kill_child=True).replace(
        "  step 3/11 Copy Altrady's IP whitelist", "login: trader@example.org / secret"
    )
    outcome = one_try([sys.executable, "-c", stand_in], signal.SIGTERM, "SIGTERM", "login: ")
    assert outcome == Try("SIGTERM", clean=True, exit_code=128 + signal.SIGTERM, left=())
