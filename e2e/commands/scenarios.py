"""``keyflow scenarios``: one line per guide scenario, its name and what it shows."""

from __future__ import annotations

import argparse
import sys

from e2e.commands.catalog import CatalogError, add_scenarios_dir_option, collect_scenarios

__all__ = ["add_parser", "list_scenarios"]


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "scenarios",
        help="list the guide scenarios",
        description="List the scenarios `keyflow run` can run, with their one-line summary.",
    )
    add_scenarios_dir_option(parser)
    parser.set_defaults(handler=list_scenarios)


def list_scenarios(args: argparse.Namespace) -> int:
    try:
        scenarios = collect_scenarios(args.scenarios_dir)
    except CatalogError as exc:
        print(f"keyflow scenarios: {exc}", file=sys.stderr)
        return 1
    width = max((len(scenario.name) for scenario in scenarios), default=0)
    for scenario in scenarios:
        print(f"{scenario.name:<{width}}  {scenario.summary}".rstrip())
    return 0
