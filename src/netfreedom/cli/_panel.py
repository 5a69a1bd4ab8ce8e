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
    write_table_csv,
)

if TYPE_CHECKING:
    import argparse

    from netfreedom.bulk import BulkDataset
    from netfreedom.cli._display import Commands


def register(commands: Commands) -> None:
    """Add the command to a parser's subcommands."""
    panel_cmd = commands.add_parser(
        "panel",
        help="score a panel of countries and editions, or list its deltas",
        description="Validate and score every report of a panel (findings go to standard"
        " error), or with --deltas list every consecutive-edition change per country.",
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
    from netfreedom.bulk import read_bulk
    from netfreedom.findings import Severity

    bulk = read_bulk(*args.sources)
    validation = bulk.validate()
    print_findings(validation.findings, sys.stderr)
    if args.deltas and args.format == "csv":  # written from the columns, as they stand
        table, gaps = bulk.delta_table()
        print_findings(gaps, sys.stderr)
        write_table_csv(table, out)
    else:
        _write_rows(args, bulk, out)
    return EXIT_FINDINGS if validation.at_or_above(Severity.ERROR) else EXIT_CLEAN


def _write_rows(args: argparse.Namespace, bulk: BulkDataset, out: TextIO) -> None:
    """The panel's rows, or its deltas, as JSON, CSV or a table."""
    from netfreedom.converter import get_converter

    if args.deltas and args.format == "json":
        deltas = bulk.panel().deltas()
        print_findings(deltas.findings, sys.stderr)
        data: object = get_converter().unstructure(list(deltas.deltas))
        rows: list[dict[str, object]] = []
    elif args.deltas:
        rows, gaps = bulk.deltas()
        print_findings(gaps, sys.stderr)
        data = rows
    else:
        rows = sorted(bulk.rows(), key=lambda row: (row["country"], row["edition"]))
        data = rows
    if args.format == "json":
        print(json.dumps(data, indent=2, ensure_ascii=False), file=out)
    elif args.format == "csv":
        write_csv(rows, out)
    else:
        print(rows_table(rows), file=out)
