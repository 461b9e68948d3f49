"""``keyflow``: serve the mocks, list the guide scenarios, run them with a report.

keyflow serve [--host H] [--kraken-port P] [--altrady-port P] [--seed N]
keyflow scenarios
keyflow run [SCENARIO ...] [--headed] [--slowmo MS] [--report DIR] [--video on] [-n N]
            [--kraken-url URL --altrady-url URL] [-- pytest args]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from e2e.commands import run, scenarios, serve
from e2e.shots import command as shots_command

__all__ = ["build_parser", "main"]

PASSTHROUGH = "--"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="keyflow",
        description="The Kraken-to-Altrady connect guide, executable: mocks, scenarios, report.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in (serve, scenarios, run):
        command.add_parser(commands)
    shots_command.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if PASSTHROUGH in arguments:
        at = arguments.index(PASSTHROUGH)
        arguments, extra = arguments[:at], arguments[at + 1 :]
    parser = build_parser()
    args = parser.parse_args(arguments)
    if extra and args.command != "run":
        parser.error(f"only `keyflow run` passes arguments after {PASSTHROUGH} to pytest")
    args.pytest_args = extra
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
