"""``netfreedom score``: category totals, total and status."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from netfreedom.cli._display import (
    EXIT_FINDINGS,
    add_fail_on,
    exit_code,
    print_findings,
    scorecard_table,
)

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator

    from netfreedom.cli._display import Commands
    from netfreedom.methodology import Methodology
    from netfreedom.scorecard import Scorecard


def register(commands: Commands) -> None:
    """Add the command to a parser's subcommands."""
    score_cmd = commands.add_parser(
        "score",
        help="compute category totals, total and status",
        description="Compute the category totals, total and status of each report in SOURCE.",
    )
    score_cmd.add_argument(
        "source",
        metavar="SOURCE",
        help="a bundled example name, a JSON, JSON Lines, CSV or workbook (.xlsx) file, or -"
        " for stdin",
    )
    score_cmd.add_argument(
        "--format",
        choices=("table", "json", "jsonl"),
        default="table",
        help="table for people (the default); json, the scorecard of one report indented, or an"
        " array of scorecards, one a line; jsonl, one scorecard per line",
    )
    score_cmd.add_argument(
        "--modern",
        action="store_true",
        help="convert legacy (2011-2018, lower-is-freer) figures to the modern scale",
    )
    score_cmd.add_argument(
        "--methodology",
        metavar="FILE",
        help="score against this methodology file instead of the built-in ones",
    )
    add_fail_on(score_cmd)
    score_cmd.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from netfreedom.aggregation import score, to_modern_scale
    from netfreedom.dataset import Dataset, read_dataset
    from netfreedom.errors import ScoringError
    from netfreedom.methodologies import load_methodology
    from netfreedom.validation import shape_findings

    dataset: Dataset = read_dataset(args.source, keep_going=True)
    methodology: Methodology | None = (
        load_methodology(args.methodology) if args.methodology else None
    )
    print_findings(dataset.findings, sys.stderr)
    unscorable: list[str] = []
    found = list(dataset.findings)

    def cards() -> Iterator[Scorecard]:
        """The scorecards, as the reports are scored (an error goes to standard error).

        What a scorecard cannot show is said beside it: a report without a country name,
        or whose names hold control characters (the rules that need no methodology).
        """
        for entry in dataset.entries:
            try:
                card = score(entry.report, methodology)
            except ScoringError as error:
                unread = ", ".join(sorted(entry.reported))
                why = f"; {unread}: not read (see the finding above)" if unread else ""
                print(f"{entry.location}: error: {error}{why}", file=sys.stderr)
                unscorable.append(str(entry.location))
                continue
            shape = shape_findings(entry)
            print_findings(shape, sys.stderr)
            found.extend(shape)
            yield to_modern_scale(card) if args.modern else card

    single = len(dataset.entries) == 1 and dataset.entries[0].location.path == "$"
    if args.format == "table":
        tables = "\n\n".join(scorecard_table(card) for card in cards())
        if tables:
            print(tables, file=out)
    else:
        _write_json(cards(), out, single=single, lines=args.format == "jsonl")
    # a report that cannot be scored counts as an error finding
    code = exit_code(found, args.fail_on)
    return EXIT_FINDINGS if unscorable and args.fail_on != "never" else code


def _write_json(cards: Iterator[Scorecard], out: TextIO, *, single: bool, lines: bool) -> None:
    """The scorecards as JSON Lines, or as JSON: one object for one report, else an array."""
    from netfreedom.cli._output import batches, write_object, write_records
    from netfreedom.converter import get_converter

    unstructure = get_converter().unstructure
    if single and not lines:  # one object ([] when the report cannot be scored)
        write_object(next(map(unstructure, cards), []), out, lines=False)
    else:
        write_records(map(unstructure, batches(cards)), out, lines=lines)
