"""``netfreedom diff``: how a country moved between two editions."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from netfreedom.cli._display import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    add_fail_on,
    add_scale,
    delta_table,
    exit_code,
    print_findings,
    usage_error,
)

if TYPE_CHECKING:
    import argparse

    from netfreedom.cli._display import Commands
    from netfreedom.dataset import Dataset
    from netfreedom.validation import Target


def register(commands: Commands) -> None:
    """Add the command to a parser's subcommands."""
    diff_cmd = commands.add_parser(
        "diff",
        help="compare two editions of a country",
        description=(
            "Compare two reports of one country: per question, per category, total, status"
            " and the distance to the nearest status boundary, on the modern scale (legacy"
            " figures converted; --scale native keeps two legacy editions on their own"
            " scale), and Score Change notes are checked."
        ),
    )
    diff_cmd.add_argument(
        "old", metavar="OLD", help="the earlier report (a file of any format, or an example name)"
    )
    diff_cmd.add_argument(
        "new", metavar="NEW", help="the later report (a file of any format, or an example name)"
    )
    diff_cmd.add_argument(
        "--format",
        choices=("table", "json", "jsonl"),
        default="table",
        help="table for people (the default); json, the delta indented; jsonl, on one line",
    )
    add_scale(diff_cmd)
    add_fail_on(diff_cmd)
    diff_cmd.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from netfreedom.converter import get_converter
    from netfreedom.deltas import compare, delta_at
    from netfreedom.errors import ScoringError
    from netfreedom.methodologies import index_of

    (old_entry, old_data), (new_entry, new_data) = _single(args.old), _single(args.new)
    old, new = old_entry.report, new_entry.report
    if index_of(old.methodology) != index_of(new.methodology):
        return usage_error(
            f"OLD follows {old.methodology}, NEW {new.methodology}: diff compares reports of"
            " one index (Freedom on the Net or Freedom in the World)"
        )
    if old.country != new.country or old.edition >= new.edition:
        if old.country != new.country:
            problem = f"OLD is {old.country}, NEW is {new.country}: diff compares one country"
        elif old.edition == new.edition:
            problem = f"OLD and NEW are both {old.edition}: diff compares two editions"
        else:
            problem = f"OLD is {old.edition}, NEW is {new.edition}: give the earlier edition first"
        return usage_error(problem)
    # the two validated together: as a panel, NEW's published last year's total and notes
    # are checked against OLD (a usage error above is all that is said)
    found = (old_data + new_data).validate().findings
    try:
        delta = delta_at(compare(old, new, scale=args.scale), new_entry)
    except ScoringError as error:  # as `score` does: the data has a problem, an error
        print_findings(found, sys.stderr)
        print(f"netfreedom: error: {error}", file=sys.stderr)
        return EXIT_FINDINGS if args.fail_on != "never" else EXIT_CLEAN
    print_findings([f for f in found if f not in delta.findings], sys.stderr)  # those: below
    if args.format in {"json", "jsonl"}:
        from netfreedom.cli._output import write_object

        write_object(get_converter().unstructure(delta), out, lines=args.format == "jsonl")
    else:
        print(delta_table(delta), file=out)
    return exit_code([*found, *delta.findings], args.fail_on)


def _single(source: str) -> tuple[Target, Dataset]:
    """The one report a source holds, located, and the dataset read."""
    from netfreedom.dataset import read_dataset
    from netfreedom.errors import LoadError, SourceLocation

    dataset = read_dataset(source)
    if len(dataset.entries) != 1:
        raise LoadError(
            SourceLocation(source), f"expected one report, found {len(dataset.entries)}"
        )
    return dataset.entries[0], dataset
