"""``netfreedom panel``: scores or deltas of many countries and editions."""

from __future__ import annotations

import sys
from pathlib import PurePath
from typing import TYPE_CHECKING, TextIO

from netfreedom.cli._display import (
    add_fail_on,
    add_scale,
    exit_code,
    print_listed,
    usage_error,
    write_aligned,
)

if TYPE_CHECKING:
    import argparse

    from netfreedom.bulk import BulkDataset
    from netfreedom.cli._display import Commands
    from netfreedom.findings import Finding
    from netfreedom.table import Table


#: How many infos of a code `panel` shows, its own and its deltas' (one a report, in Freedom
#: House's files, where every row's published figures agree: the others are not even made);
#: `--all-infos` and `validate` list them all.
INFOS_SHOWN = 5


def register(commands: Commands) -> None:
    """Add the command to a parser's subcommands."""
    panel_cmd = commands.add_parser(
        "panel",
        help="score a panel of countries and editions, or list its deltas",
        description="Validate and score every report of a panel (its findings go to standard"
        " error, infos at most five of a code unless --all-infos; a source that cannot be read"
        " among others is an error finding), or with --deltas (and the deltas' own findings:"
        " editions skipped, reports left out) list every consecutive-edition change per"
        " country. csv,"
        " json and jsonl write the same flat rows, the CSV columns being the JSON keys"
        " (null for an empty cell); json writes an array with one compact row per line.",
    )
    panel_cmd.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="JSON, JSON Lines, CSV or workbook (.xlsx) files, directories of them, example names,"
        " or -",
    )
    panel_cmd.add_argument(
        "--deltas", action="store_true", help="list consecutive-edition deltas instead of scores"
    )
    add_scale(panel_cmd)
    add_fail_on(panel_cmd)
    panel_cmd.add_argument(
        "--all-infos",
        action="store_true",
        help="print every info finding (default: five of each code, and how many more)",
    )
    panel_cmd.add_argument(
        "--format",
        choices=_FORMATS,
        help="table for people (the default, or what -o FILE's ending names: .csv, .json,"
        " .jsonl, .xlsx); json, an array of row objects, one a line; jsonl, one row object per"
        " line; csv; xlsx, a workbook in Freedom House's layout (deltas on a second sheet with"
        " --deltas; needs -o and the excel extra)",
    )
    panel_cmd.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE instead of standard output (- is standard output)",
    )
    panel_cmd.set_defaults(handler=run)


#: The output formats; a file's ending names one of the last four.
_FORMATS = ("table", "json", "jsonl", "csv", "xlsx")
#: The endings of workbook files: what ``-o`` takes for an ``xlsx`` panel.
_WORKBOOKS = ("xlsx", "xlsm", "xls")


def run(args: argparse.Namespace, out: TextIO) -> int:
    from netfreedom.bulk import read_bulk

    problem = _usage_problem(args)
    if problem:
        return usage_error(problem, "panel")
    bulk = read_bulk(*args.sources, keep_going=True)
    report = bulk.validate()
    listing = (report.findings, {}) if args.all_infos else report.listed(INFOS_SHOWN)
    print_listed(listing, sys.stderr)
    findings = list(listing[0])
    if args.format == "xlsx":
        _write_workbook(args, bulk, findings)
    elif args.output in (None, "-"):
        _write(args, bulk, out, findings)
    else:
        with open(args.output, "w", encoding="utf-8", newline="") as file:  # noqa: PTH123
            _write(args, bulk, file, findings)
    return exit_code(findings, args.fail_on, report)


def _usage_problem(args: argparse.Namespace) -> str:
    """What is wrong with the command line ("": nothing); settles ``--format`` from ``-o``."""
    named = PurePath(args.output or "").suffix.lower().lstrip(".")
    workbook = named in _WORKBOOKS
    if args.format is None:
        args.format = "xlsx" if workbook else named if named in _FORMATS[1:] else "table"
    if workbook and args.format != "xlsx":
        return f"-o {args.output} names a workbook: give --format xlsx"
    if args.format == "xlsx" and named in _FORMATS[1:] and not workbook:
        return f"-o {args.output} names a {named} file: name a workbook .xlsx"
    if args.format == "xlsx" and args.output in (None, "-"):
        return "--format xlsx writes a file: give -o FILE"
    if args.scale != "modern" and not args.deltas:
        return "--scale is the scale of --deltas; add --deltas"
    return ""


def _deltas(args: argparse.Namespace, bulk: BulkDataset, said: list[Finding]) -> Table:
    """The panel's deltas; prints the findings of the deltas validating did not make.

    Infos as the panel's own are printed: at most five of a code, unless ``--all-infos``.

    Validating the panel reconciles each report's Score Change notes with the edition
    before, as its deltas do: those findings are said once.
    """
    from netfreedom.findings import listed

    table, found = bulk.delta_table(scale=args.scale)
    known = set(said)
    found = [finding for finding in found if finding not in known]
    print_listed(listed(found, len(found) if args.all_infos else INFOS_SHOWN), sys.stderr)
    said += found
    return table


def _write(
    args: argparse.Namespace, bulk: BulkDataset, out: TextIO, findings: list[Finding]
) -> None:
    """The panel's rows, or its deltas, in a text format."""
    from netfreedom.cli._output import write_table

    if args.format == "table":
        _write_table_for_people(args, bulk, out, findings)
    elif args.deltas:
        write_table(_deltas(args, bulk, findings), out, args.format)
    else:
        table = bulk.table()
        write_table(table, out, args.format, _by_country_and_edition(table))


def _write_workbook(args: argparse.Namespace, bulk: BulkDataset, said: list[Finding]) -> None:
    """The panel (and its deltas) as a workbook at ``-o``."""
    from netfreedom.workbook import write_workbook

    write_workbook(args.output, bulk.table(), _deltas(args, bulk, said) if args.deltas else None)


def _by_country_and_edition(table: Table) -> list[int] | None:
    """The row numbers sorted by country, then edition (None: the rows are in that order)."""
    if not len(table):
        return None
    keys = list(zip(table.column("country"), table.column("edition"), strict=True))
    if all(map(tuple.__le__, keys, keys[1:])):
        return None
    return sorted(range(len(keys)), key=keys.__getitem__)


def _write_table_for_people(
    args: argparse.Namespace, bulk: BulkDataset, out: TextIO, said: list[Finding]
) -> None:
    """The panel's rows, or its deltas, aligned in columns."""
    if args.deltas:
        write_aligned(_deltas(args, bulk, said), out)
        return
    table = bulk.table()
    write_aligned(table, out, _by_country_and_edition(table))
