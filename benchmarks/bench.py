"""Print the project's benchmark figures, each beside its target.

    python benchmarks/bench.py                      # every part, 3 runs each
    python benchmarks/bench.py --only startup,signed --runs 5
    python benchmarks/bench.py --only ratio,cli,make-test,interrupts   # issue 14's targets

Figures are medians over ``--runs`` runs. A part whose command or endpoint does not exist
yet is reported as "not available yet"; a part that fails says why, and the other parts
still run. Everything talks to loopback only, in loops bounded in count and time.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from benchmarks.cli_startup import measure_cli_startup
from benchmarks.figures import BenchError, Figure, NotAvailableError
from benchmarks.guide import measure_guide, measure_shots
from benchmarks.interrupts import DEFAULT_TRIES, MAX_TRIES, measure_interrupts
from benchmarks.make_test import measure_bytecode_cost, measure_make_test
from benchmarks.ratio import measure_ratio
from benchmarks.signed import measure_signed
from benchmarks.startup import measure_startup
from benchmarks.suite import measure_suite
from benchmarks.table import render_table

__all__ = ["PARTS", "main"]

DEFAULT_RUNS = 3
DEFAULT_CALLS = 300
MAX_RUNS = 50
MAX_CALLS = 10_000


@dataclass(frozen=True)
class Options:
    runs: int
    calls: int
    tries: int = DEFAULT_TRIES


@dataclass(frozen=True)
class Part:
    title: str
    measure: Callable[[Options], list[Figure]]


PARTS: dict[str, Part] = {
    "startup": Part("mock start-up", lambda o: measure_startup(o.runs)),
    "cli": Part("CLI start-up", lambda o: measure_cli_startup(o.runs)),
    "signed": Part("signed private calls", lambda o: measure_signed(o.runs, o.calls)),
    "ratio": Part("keyflow run beside the plain walk", lambda o: measure_ratio(o.runs)),
    "guide": Part("the guide in a browser", lambda o: measure_guide(o.runs)),
    "suite": Part("the full suite", lambda o: measure_suite(o.runs)),
    "make-test": Part("make test, clean clone", lambda o: measure_make_test(o.runs)),
    "bytecode": Part("PYTHONDONTWRITEBYTECODE", lambda o: measure_bytecode_cost(o.runs)),
    "interrupts": Part("interruptions", lambda o: measure_interrupts(o.tries)),
    "shots": Part("keyflow shots", lambda o: measure_shots(o.runs)),
}


def _bounded(name: str, upper: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a whole number") from None
        if not 1 <= value <= upper:
            raise argparse.ArgumentTypeError(f"{name} must be between 1 and {upper}")
        return value

    return parse


def _part_names(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in PARTS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"unknown part {', '.join(unknown) or '(none given)'}; choose from {', '.join(PARTS)}"
        )
    return names


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bench.py",
        description=(
            "Benchmark the mocks, the guide and the suite; print medians beside their targets. "
            "Parts: startup (both mocks to ready, target < 0.5 s), cli (`keyflow --help`, "
            "`keyflow run --help` and collecting one scenario, bytecode written, target < 1 s), "
            "signed (signed Balance calls vs public Time on the Kraken mock, target ratio "
            ">= 0.5), ratio (`keyflow run` cold beside benchmarks/plain_walk.py, paired runs, "
            "target <= 1.15), guide (`keyflow run` cold, target < 4 s, then warm and each step "
            "from report.json), suite (pytest -n 1 vs -n 2, target speed-up >= 1.4), make-test "
            "(`make test` in a clean clone after its set-up, target < 120 s, with the test "
            "counts), bytecode (start-up in that clone with PYTHONDONTWRITEBYTECODE=1), "
            "interrupts (Ctrl-C and SIGTERM to `keyflow run` mid-guide and to `keyflow serve` "
            "at its login, the other core busy: nothing left after 2 s, in N of --tries), "
            "shots (`keyflow shots`, every step; it regenerates the screenshots in docs/)."
        ),
    )
    parser.add_argument(
        "--only",
        type=_part_names,
        default=list(PARTS),
        metavar="PART[,PART...]",
        help=f"run only these parts ({', '.join(PARTS)}); default: all",
    )
    parser.add_argument(
        "--runs",
        type=_bounded("--runs", MAX_RUNS),
        default=DEFAULT_RUNS,
        help=f"runs per figure, whose median is shown (default {DEFAULT_RUNS})",
    )
    parser.add_argument(
        "--calls",
        type=_bounded("--calls", MAX_CALLS),
        default=DEFAULT_CALLS,
        help=f"sequential calls per run in the signed part (default {DEFAULT_CALLS})",
    )
    parser.add_argument(
        "--tries",
        type=_bounded("--tries", MAX_TRIES),
        default=DEFAULT_TRIES,
        help=f"tries per command and signal in the interrupts part (default {DEFAULT_TRIES})",
    )
    return parser


def _measure(name: str, options: Options) -> list[Figure]:
    part = PARTS[name]
    try:
        return part.measure(options)
    except NotAvailableError as exc:
        return [Figure.missing(part.title, f"not available yet: {exc}")]
    except BenchError as exc:
        return [Figure.missing(part.title, f"failed: {exc}")]


def _machine() -> str:
    # The machine may be shared: the load beside the figures says how quiet it was.
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"python {platform.python_version()}, {os.cpu_count()} cores, load average {load}"


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    options = Options(runs=arguments.runs, calls=arguments.calls, tries=arguments.tries)
    print(f"kraken-keyflow benchmarks: median of {options.runs} run(s); {_machine()}", flush=True)
    figures: list[Figure] = []
    for name in arguments.only:
        figures.extend(_measure(name, options))
    print(render_table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
