"""``netfreedom schema``: the JSON Schemas of the formats."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO

from netfreedom.cli._display import EXIT_CLEAN
from netfreedom.schemas import SCHEMA_NAMES, json_schema

if TYPE_CHECKING:
    import argparse

    from netfreedom.cli._display import Commands


def register(commands: Commands) -> None:
    """Add the command to a parser's subcommands."""
    schema_cmd = commands.add_parser(
        "schema",
        help="print a JSON Schema",
        description="Print the JSON Schema of the dataset format (the default) or of a command's"
        " JSON output: validation-report (validate), scorecard (score), delta (diff), panel"
        " (panel), panel-deltas (panel --deltas). A JSON Lines output line is one item of the"
        " array the schema describes.",
    )
    schema_cmd.add_argument(
        "name", nargs="?", default="dataset", choices=SCHEMA_NAMES, help="default: dataset"
    )
    schema_cmd.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO) -> int:

    print(json.dumps(json_schema(args.name), indent=2, ensure_ascii=False), file=out)
    return EXIT_CLEAN
