"""``netfreedom report``: a dataset's overview as one self-contained HTML page."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from netfreedom.cli._display import add_fail_on, exit_code, print_findings

if TYPE_CHECKING:
    import argparse

    from netfreedom.cli._display import Commands


def register(commands: Commands) -> None:
    """Add the command to a parser's subcommands."""
    report_cmd = commands.add_parser(
        "report",
        help="write a dataset's overview as one HTML page (needs the plot extra)",
        description="Write one self-contained HTML page (inline SVG and CSS, nothing loaded):"
        " status counts per edition, each country's latest total, status and change, the"
        " largest movers and status changes of the latest edition, a trajectory per country,"
        " and the validation findings. Findings also go to standard error.",
    )
    report_cmd.add_argument(
        "sources", nargs="+", metavar="SOURCE", help="dataset files, directories, examples, or -"
    )
    report_cmd.add_argument("-o", "--output", required=True, metavar="FILE", help="the .html file")
    report_cmd.add_argument("--title", help="the page's title")
    add_fail_on(report_cmd)
    report_cmd.set_defaults(handler=run)


def run(args: argparse.Namespace, _: TextIO) -> int:
    from netfreedom.dataset import read_dataset
    from netfreedom.overview import overview

    dataset = read_dataset(*args.sources, keep_going=True)
    findings = dataset.validate().findings
    print_findings(findings, sys.stderr)
    page = overview(dataset) if args.title is None else overview(dataset, title=args.title)
    with open(args.output, "w", encoding="utf-8") as file:  # noqa: PTH123 - a path given
        file.write(page)
    return exit_code(findings, args.fail_on)
