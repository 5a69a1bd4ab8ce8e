"""``netfreedom score``: category totals, total and status."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, TextIO

from netfreedom.cli._display import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    print_findings,
    scorecard_table,
)

if TYPE_CHECKING:
    import argparse

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
        help="a bundled example name, a JSON or CSV file, or - for stdin",
    )
    score_cmd.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="output format (default: table)",
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
    score_cmd.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from netfreedom.aggregation import score, to_modern_scale
    from netfreedom.converter import get_converter
    from netfreedom.dataset import Dataset, read_dataset
    from netfreedom.errors import ScoringError
    from netfreedom.methodologies import load_methodology

    dataset: Dataset = read_dataset(args.source)
    methodology: Methodology | None = (
        load_methodology(args.methodology) if args.methodology else None
    )
    print_findings(dataset.findings, sys.stderr)
    status = EXIT_FINDINGS if dataset.findings else EXIT_CLEAN
    cards: list[Scorecard] = []
    for entry in dataset.entries:
        try:
            card = score(entry.report, methodology)
        except ScoringError as error:
            print(f"{entry.location}: error: {error}", file=sys.stderr)
            status = EXIT_FINDINGS
            continue
        cards.append(to_modern_scale(card) if args.modern else card)
    single = len(dataset.entries) == 1 and dataset.entries[0].location.path == "$"
    if args.format == "json":
        data = get_converter().unstructure(cards)
        print(
            json.dumps(data[0] if single and cards else data, indent=2, ensure_ascii=False),
            file=out,
        )
    else:
        print("\n\n".join(scorecard_table(card) for card in cards), file=out)
    return status
