"""The ``netfreedom`` command.

Exit codes: 0 clean, 1 findings (or a report that cannot be scored), 2 unusable
input or usage. Bad input never produces a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, TextIO

from netfreedom.aggregation import score, to_modern_scale
from netfreedom.converter import get_converter
from netfreedom.dataset import Dataset, read_dataset
from netfreedom.errors import NetfreedomError, ScoringError
from netfreedom.methodologies import load_methodology

if TYPE_CHECKING:
    from collections.abc import Sequence

    from netfreedom.findings import Finding
    from netfreedom.methodology import Methodology
    from netfreedom.scorecard import Scorecard

EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors exit 2 with one line, like all bad input."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_UNUSABLE, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="netfreedom",
        description="Score, validate and compare Freedom on the Net country reports.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

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
    score_cmd.set_defaults(handler=_score_command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    try:
        code: int = args.handler(args, sys.stdout)
    except NetfreedomError as error:
        print(f"netfreedom: error: {error}", file=sys.stderr)
        return EXIT_UNUSABLE
    except BrokenPipeError:
        return EXIT_CLEAN
    return code


def _print_findings(findings: Sequence[Finding], stream: TextIO) -> None:
    for finding in findings:
        print(
            f"{finding.location}: {finding.severity.value}: {finding.message} [{finding.code}]",
            file=stream,
        )


def _score_command(args: argparse.Namespace, out: TextIO) -> int:
    dataset: Dataset = read_dataset(args.source)
    methodology: Methodology | None = (
        load_methodology(args.methodology) if args.methodology else None
    )
    _print_findings(dataset.findings, sys.stderr)
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
        print("\n\n".join(_table(card) for card in cards), file=out)
    return status


def _table(card: Scorecard) -> str:
    direction = "higher is freer" if card.scale.value == "higher-is-freer" else "lower is freer"
    title = f"{card.country} {card.edition}  ({card.methodology}, {direction}"
    title += f", converted from {card.converted_from})" if card.converted_from else ")"
    width = max(len(c.name) for c in card.categories) + 2
    lines = [title]
    lines += [f"  {c.id}  {c.name:<{width}}{c.score:>4} / {c.max:<3}" for c in card.categories]
    lines.append(
        f"     {'Total':<{width}}{card.total:>4} / {card.max_total:<3}  {card.status.value}"
    )
    return "\n".join(line.rstrip() for line in lines)
