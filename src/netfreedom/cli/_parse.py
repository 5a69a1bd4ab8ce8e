"""``netfreedom parse``: published report text to the dataset format."""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, TextIO

from netfreedom.cli._display import EXIT_CLEAN, EXIT_FINDINGS, print_findings

if TYPE_CHECKING:
    import argparse

    from netfreedom.cli._display import Commands


def register(commands: Commands) -> None:
    """Add the command to a parser's subcommands."""
    parse_cmd = commands.add_parser(
        "parse",
        help="read a published report's text into a dataset",
        description=(
            "Parse a Freedom on the Net country report as copied from the web into the"
            " canonical dataset JSON that score, validate and diff read."
        ),
    )
    parse_cmd.add_argument("report", metavar="REPORT", help="the report text file, or - for stdin")
    parse_cmd.add_argument(
        "--edition",
        type=int,
        metavar="YEAR",
        help="the edition; by default read from the coverage period the text states",
    )
    parse_cmd.add_argument(
        "--format",
        choices=("json", "text"),
        default="json",
        help="json: the dataset (default); text: the report printed back from it",
    )
    parse_cmd.add_argument(
        "--scores-only",
        action="store_true",
        help="write only country, edition and question scores (no narrative or facts)",
    )
    parse_cmd.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of stdout")
    parse_cmd.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from netfreedom.dataset import dumps, example_names, read_text
    from netfreedom.errors import EditionRequiredError, LoadError, SourceLocation
    from netfreedom.findings import Severity
    from netfreedom.parsing import parse_report
    from netfreedom.rendering import render_report

    if not os.path.exists(args.report) and args.report in example_names():  # noqa: PTH110
        message = "a bundled dataset, not report text: parse reads a report's text"
        raise LoadError(SourceLocation(args.report), message)
    name, text = read_text(args.report)
    try:
        parsed = parse_report(text, edition=args.edition, source=name)
    except EditionRequiredError as error:  # in the command line's words
        reason = (
            "the text states no coverage period, so its edition is unknown; pass --edition YEAR"
        )
        raise EditionRequiredError(error.location, reason) from None
    print_findings(parsed.findings, sys.stderr)
    report = parsed.report
    if args.format == "text":
        written = render_report(report)
    elif args.scores_only:
        minimal = {
            "country": report.country,
            "edition": report.edition,
            "scores": dict(report.scores),
        }
        written = json.dumps(minimal, indent=2, ensure_ascii=False) + "\n"
    else:
        written = dumps(report)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as target:  # noqa: PTH123 - plain file
                target.write(written)
        except OSError as error:
            raise LoadError(SourceLocation(args.output), error.strerror or str(error)) from None
    else:
        out.write(written)
    errors = [f for f in parsed.findings if f.severity is Severity.ERROR]
    return EXIT_FINDINGS if errors else EXIT_CLEAN
