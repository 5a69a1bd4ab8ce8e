"""``netfreedom validate``: every problem in datasets as located findings."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from netfreedom.cli._display import (
    add_fail_on,
    annotation,
    exit_code,
    text_report,
    usage_error,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from netfreedom.cli._display import Commands
    from netfreedom.reports import CountryReport
    from netfreedom.validation import Expected


def register(commands: Commands) -> None:
    """Add the command to a parser's subcommands."""
    validate_cmd = commands.add_parser(
        "validate",
        help="report every problem in one or more datasets",
        description=(
            "Check datasets and report every problem as a located finding. A source that"
            " cannot be read among others is an error finding (unreadable-source) and the"
            " others are still checked. Exit 0 when no finding is at or above --fail-on, 1"
            " when one is, 2 when no source can be read, or for a usage error."
        ),
    )
    validate_cmd.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="bundled example names, JSON, JSON Lines, CSV or workbook (.xlsx) files,"
        " directories of them, or - for stdin",
    )
    validate_cmd.add_argument(
        "--format",
        choices=("text", "json", "jsonl", "github"),
        default="text",
        help="text for people (the default); json, the report with its findings one a line;"
        " jsonl, one finding per line, then a summary line {valid, reports, counts};"
        " github, workflow annotations",
    )
    add_fail_on(validate_cmd)
    validate_cmd.add_argument(
        "--expect",
        type=_expectation,
        metavar="FIGURES",
        help='expected figures, e.g. "A=11,B=11,C=10,total=32,status=Not Free"',
    )
    validate_cmd.add_argument(
        "--methodology",
        metavar="FILE",
        help="check against this methodology file instead of the built-in ones",
    )
    validate_cmd.add_argument(
        "--with",
        dest="fiw",
        action="append",
        metavar="FIW",
        help="Freedom in the World data (a file such as Freedom House's workbook, or a"
        " directory) to check each report's Country Facts box against: its Global Freedom"
        " Score and status; repeat for several sources",
    )
    validate_cmd.add_argument(
        "--max-findings",
        type=_count,
        metavar="N",
        help="print at most N findings; the counts and the exit code still cover all of them",
    )
    validate_cmd.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO) -> int:
    from netfreedom.dataset import read_dataset
    from netfreedom.errors import LoadError
    from netfreedom.methodologies import load_methodology

    if args.expect is None and args.methodology is None and args.fiw is None:
        from netfreedom.bulk import read_bulk

        result = read_bulk(*args.sources, keep_going=True).validate()  # same findings, at speed
    else:
        from netfreedom.validation import ExpectationError

        methodology = load_methodology(args.methodology) if args.methodology else None
        try:
            if args.expect is not None:
                args.expect.check(methodology)
        except ExpectationError as error:
            return usage_error(f"argument --expect: {error}", "validate")
        dataset = read_dataset(*args.sources, keep_going=True)
        try:
            fiw = read_dataset(*args.fiw) if args.fiw is not None else None
        except LoadError as error:
            return usage_error(f"argument --with: {error}", "validate")
        if fiw is not None and not _holds_fiw(fiw.reports):
            sources = ", ".join(args.fiw)
            return usage_error(
                f"argument --with: {sources} holds no Freedom in the World report", "validate"
            )
        result = dataset.validate(expected=args.expect, methodology=methodology, fiw=fiw)
    limit = args.max_findings
    if args.format in {"json", "jsonl"}:
        from netfreedom.cli._output import write_validation

        write_validation(result, out, lines=args.format == "jsonl", limit=limit)
    elif args.format == "github":
        for finding in result.findings[:limit]:
            print(annotation(finding), file=out)
    else:
        print(text_report(result, _files(args.sources), limit), file=out)
    return exit_code(result.findings, args.fail_on)


def _holds_fiw(reports: Sequence[CountryReport]) -> bool:
    from netfreedom.crosscheck import FIW_INDEX
    from netfreedom.methodologies import index_of

    return any(index_of(r.methodology) == FIW_INDEX for r in reports)


def _files(sources: list[str]) -> list[str]:
    """The files the sources name (a directory's, one by one), as the summary counts them."""
    from netfreedom.dataset import expand
    from netfreedom.errors import LoadError

    files: list[str] = []
    for source in sources:
        try:
            files += expand([source])
        except LoadError:  # a directory without dataset files: reported as one source
            files.append(source)
    return files


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of findings, got {text!r}")
    return value


def _expectation(text: str) -> Expected:
    from netfreedom.validation import Expected

    try:
        return Expected.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
