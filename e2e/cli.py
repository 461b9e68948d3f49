"""``keyflow``: serve the mocks, list the guide scenarios, run them with a report.

keyflow serve [--host H] [--kraken-port P] [--altrady-port P] [--seed N]
keyflow scenarios
keyflow run [SCENARIO ...] [--headed] [--slowmo MS] [--report DIR] [-n N] [-- pytest args]
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

__all__ = ["COMMANDS", "build_parser", "main"]

PASSTHROUGH = "--"

# Each command's module and the function that adds its subparser, in `keyflow --help`'s
# order. A command's module is imported only when it is built: `keyflow run --help` loads
# neither the mocks (serve) nor the pictures' machinery (shots).
COMMANDS = {
    "serve": ("e2e.commands.serve", "add_parser"),
    "scenarios": ("e2e.commands.scenarios", "add_parser"),
    "run": ("e2e.commands.run", "add_parser"),
    "shots": ("e2e.shots.command", "register"),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole CLI; with ``only`` (a command's name) just that command's subparser."""
    parser = argparse.ArgumentParser(
        prog="keyflow",
        description="The Kraken-to-Altrady connect guide, executable: mocks, scenarios, report.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, adder) in COMMANDS.items():
        if only in (None, name):
            getattr(importlib.import_module(module), adder)(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if PASSTHROUGH in arguments:
        at = arguments.index(PASSTHROUGH)
        arguments, extra = arguments[:at], arguments[at + 1 :]
    # The first word names the command (no top-level option takes a value); anything else
    # (`--help`, a typo) gets the whole parser, which lists every command.
    named = arguments[0] if arguments and arguments[0] in COMMANDS else None
    parser = build_parser(named)
    args = parser.parse_args(arguments)
    if extra and args.command != "run":
        parser.error(f"only `keyflow run` passes arguments after {PASSTHROUGH} to pytest")
    args.pytest_args = extra
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
