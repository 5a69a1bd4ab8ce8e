"""``netfreedom plot``: a trajectory, a scorecard or an edition's movers, as an image file."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from netfreedom.cli._display import (
    add_fail_on,
    exit_code,
    print_findings,
    usage_error,
)

if TYPE_CHECKING:
    import argparse

    from netfreedom.cli._display import Commands
    from netfreedom.panel import Panel
    from netfreedom.reports import CountryReport

#: The image formats written, by file ending.
FORMATS = (".png", ".svg", ".pdf")


def register(commands: Commands) -> None:
    """Add the command to a parser's subcommands."""
    plot_cmd = commands.add_parser(
        "plot",
        help="draw a trajectory, a scorecard or an edition's movers (needs the plot extra)",
        description="Draw the reports' figures to an image (PNG, SVG or PDF by the file's"
        " ending). trajectory: each country's total (or --category) per edition on the modern"
        " scale, status bands behind, the 2019 change of scale marked; scorecard: one report's"
        " categories and questions; movers: the largest changes into --edition. Findings of"
        " reading go to standard error.",
    )
    plot_cmd.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="dataset files, directories, example names, or -",
    )
    plot_cmd.add_argument(
        "--kind", choices=("trajectory", "scorecard", "movers"), default="trajectory"
    )
    plot_cmd.add_argument(
        "--country",
        action="append",
        metavar="NAME",
        help="a country to draw (repeat for more;"
        " default: every country, or the only report for a scorecard)",
    )
    plot_cmd.add_argument(
        "--edition", type=int, metavar="YEAR", help="the edition (scorecard, movers)"
    )
    plot_cmd.add_argument(
        "--category",
        metavar="ID",
        help="a category (or FIW's group, PR or CL) instead of the total (trajectory)",
    )
    plot_cmd.add_argument(
        "--index",
        choices=("fotn", "fiw"),
        help="draw Freedom on the Net's (fotn) or Freedom in the World's (fiw) reports; needed"
        " only where the data holds both for the countries drawn",
    )
    plot_cmd.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=".png, .svg or .pdf (default: SVG to standard output)",
    )
    add_fail_on(plot_cmd)
    plot_cmd.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from netfreedom.dataset import read_dataset
    from netfreedom.plots import movers, scorecard, trajectory

    if args.output is not None and not args.output.lower().endswith(FORMATS):
        return usage_error(f"-o names a {', '.join(FORMATS)} file, not {args.output!r}", "plot")
    if args.kind == "trajectory" and args.edition is not None:
        return usage_error(
            "--edition is for scorecard and movers; a trajectory shows every edition", "plot"
        )
    if args.kind != "trajectory" and args.category is not None:
        return usage_error("--category is for a trajectory", "plot")
    dataset = read_dataset(*args.sources, keep_going=True)
    print_findings(dataset.findings, sys.stderr)
    panel = dataset.panel()
    try:
        if args.kind == "trajectory":
            ax = trajectory(panel, args.country, category=args.category, index=args.index)
        elif args.kind == "movers":
            if args.edition is None:
                return usage_error("movers needs --edition YEAR", "plot")
            ax = movers(panel, args.edition, index=args.index)
        else:
            ax = scorecard(_one(panel, args.country, args.edition, args.index))
    except ValueError as error:
        return usage_error(str(error), "plot")
    figure = ax.get_figure(root=True)
    assert figure is not None  # noqa: S101 - the plots draw on a figure's axes
    if args.output is None:
        figure.savefig(out, format="svg")
    else:
        figure.savefig(args.output)
    return exit_code(dataset.findings, args.fail_on)


def _named(countries: list[str] | None, edition: int | None, index: str | None) -> str:
    """The reports a scorecard's options name, in words."""
    parts = [", ".join(countries) if countries else "any country"]
    parts.append(f"edition {edition}" if edition is not None else "any edition")
    if index is not None:
        parts.append(f"index {index}")
    return ", ".join(parts)


def _one(
    panel: Panel, countries: list[str] | None, edition: int | None, index: str | None
) -> CountryReport:
    """The report a scorecard is drawn for.

    Raises:
        ValueError: The country, edition and index do not name exactly one report.
    """
    from netfreedom.methodologies import index_of

    chosen = [r for r in panel if (not countries or r.country in countries)
              and (edition is None or r.edition == edition)
              and (index is None or index_of(r.methodology) == index)]  # fmt: skip
    if len(chosen) != 1:
        indexes = {index_of(r.methodology) for r in chosen}
        hint = "; --index chooses between them" if index is None and len(indexes) > 1 else ""
        raise ValueError(
            f"a scorecard is drawn for one report; the data holds {len(chosen)} of"
            f" {_named(countries, edition, index)}{hint}"
        )
    return chosen[0]
