"""``netfreedom panel``: scores or deltas of many countries and editions."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, TextIO

from netfreedom.cli._display import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    print_findings,
    rows_table,
    write_csv,
)

if TYPE_CHECKING:
    import argparse

    from netfreedom.cli._display import Commands


def register(commands: Commands) -> None:
    """Add the command to a parser's subcommands."""
    panel_cmd = commands.add_parser(
        "panel",
        help="score a panel of countries and editions, or list its deltas",
        description="Score every report of a panel, or with --deltas list every"
        " consecutive-edition change per country.",
    )
    panel_cmd.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="JSON, JSON Lines or CSV files, directories of them, example names, or -",
    )
    panel_cmd.add_argument(
        "--deltas", action="store_true", help="list consecutive-edition deltas instead of scores"
    )
    panel_cmd.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="output format (default: table)",
    )
    panel_cmd.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from netfreedom.converter import get_converter
    from netfreedom.dataset import read_dataset

    dataset = read_dataset(*args.sources)
    print_findings(dataset.findings, sys.stderr)
    panel = dataset.panel()
    if args.deltas:
        deltas = panel.deltas()
        print_findings(deltas.findings, sys.stderr)
        rows = deltas.rows()
        data: object = get_converter().unstructure(list(deltas.deltas))
    else:
        rows = panel.rows()
        data = rows
    if args.format == "json":
        print(json.dumps(data, indent=2, ensure_ascii=False), file=out)
    elif args.format == "csv":
        write_csv(rows, out)
    else:
        print(rows_table(rows), file=out)
    return EXIT_FINDINGS if dataset.findings else EXIT_CLEAN
