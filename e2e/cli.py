"""``keyflow``: serve the mocks, list the guide scenarios, run them with a report.

keyflow serve [--host H] [--kraken-port P] [--altrady-port P] [--seed N]
keyflow scenarios
keyflow run [SCENARIO ...] [--headed] [--slowmo MS] [--report DIR] [--video on] [-n N]
            [--kraken-url URL --altrady-url URL] [-- pytest args]
"""

from __future__ import annotations

import argparse
import gc
import importlib
import signal
import sys
from collections.abc import Sequence
from typing import NamedTuple

__all__ = ["COMMANDS", "build_parser", "main", "run_command"]

PASSTHROUGH = "--"


class Command(NamedTuple):
    module: str
    adder: str  # the module's function that adds the subparser
    help: str  # its one line in `keyflow --help` (the subparser says the same)


# In `keyflow --help`'s order. A command's module is imported only when that command is
# built: `keyflow run --help` loads neither the mocks (serve) nor the pictures' machinery
# (shots), and `keyflow --help` only these lines.
COMMANDS = {
    "serve": Command(
        "e2e.commands.serve", "add_parser", "serve both mocks to click through by hand"
    ),
    "scenarios": Command("e2e.commands.scenarios", "add_parser", "list the guide scenarios"),
    "run": Command("e2e.commands.run", "add_parser", "run guide scenarios in a browser"),
    "shots": Command(
        "e2e.shots.command", "register", "regenerate the guide's screenshots and docs/guide.md"
    ),
}


def build_parser(only: str | None = None, *, overview: bool = False) -> argparse.ArgumentParser:
    """The whole CLI; with ``only`` (a command's name) just that command's subparser;
    with ``overview`` each command's name and help line only, importing none of them."""
    parser = argparse.ArgumentParser(
        prog="keyflow",
        description="The Kraken-to-Altrady connect guide, executable: mocks, scenarios, report.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, command in COMMANDS.items():
        if overview:
            commands.add_parser(name, help=command.help)
        elif only in (None, name):
            getattr(importlib.import_module(command.module), command.adder)(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if PASSTHROUGH in arguments:
        at = arguments.index(PASSTHROUGH)
        arguments, extra = arguments[:at], arguments[at + 1 :]
    # The first word names the command (no top-level option takes a value). Without one
    # (`--help`, a typo, nothing) argparse only prints help or an error: the overview does.
    named = arguments[0] if arguments and arguments[0] in COMMANDS else None
    parser = build_parser(named) if named else build_parser(overview=True)
    args = parser.parse_args(arguments)
    if extra and args.command != "run":
        parser.error(f"only `keyflow run` passes arguments after {PASSTHROUGH} to pytest")
    args.pytest_args = extra
    return int(args.handler(args))


def run_command() -> int:
    """The ``keyflow`` command: :func:`main`, then an exit that skips a last collection.

    Python collects every object at exit once more; after a guide run that walk (the apps,
    Playwright, Faker, Jinja, pytest) took 0.2 s of an 8 s run here, for nothing: the
    process is ending. Frozen objects are skipped. Tests call :func:`main` itself.

    A Ctrl-C before a command takes the signals over (``keyflow run`` loading pytest's
    plugins, in its first half second) is a stop too, not a crash with a traceback; nothing
    is running yet that it would leave behind.
    """
    try:
        code = main()
    except KeyboardInterrupt:
        print("keyflow: interrupted by SIGINT", file=sys.stderr)
        return 128 + signal.SIGINT
    gc.freeze()
    return code


if __name__ == "__main__":
    sys.exit(run_command())
