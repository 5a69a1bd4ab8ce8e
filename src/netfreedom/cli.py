"""The ``netfreedom`` command.

Exit codes: 0 clean, 1 findings (or a report that cannot be scored), 2 unusable
input or usage. Bad input never produces a traceback.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from typing import TYPE_CHECKING, TextIO

import attrs

from netfreedom.aggregation import score, to_modern_scale
from netfreedom.converter import get_converter
from netfreedom.dataset import Dataset, dumps, read_dataset, read_text
from netfreedom.deltas import compare
from netfreedom.errors import LoadError, NetfreedomError, ScoringError, SourceLocation
from netfreedom.findings import Severity
from netfreedom.methodologies import load_methodology
from netfreedom.parsing import parse_report
from netfreedom.rendering import render_report
from netfreedom.schemas import SCHEMA_NAMES, json_schema
from netfreedom.validation import Expected

if TYPE_CHECKING:
    from collections.abc import Sequence

    from netfreedom.changes import ReportDelta
    from netfreedom.findings import Finding, ValidationReport
    from netfreedom.methodology import Methodology
    from netfreedom.reports import CountryReport
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

    validate_cmd = commands.add_parser(
        "validate",
        help="report every problem in one or more datasets",
        description=(
            "Check datasets and report every problem as a located finding. Exit 0 when no"
            " finding is at or above --fail-on, 1 when one is, 2 for unusable input or usage."
        ),
    )
    validate_cmd.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="bundled example names, JSON, JSON Lines or CSV files, or - for stdin",
    )
    validate_cmd.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text for people, json for programs, github for workflow annotations (default: text)",
    )
    validate_cmd.add_argument(
        "--fail-on",
        choices=("error", "warning", "never"),
        default="error",
        help="lowest severity that makes the exit code 1 (default: error)",
    )
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
    validate_cmd.set_defaults(handler=_validate_command)

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
    parse_cmd.set_defaults(handler=_parse_command)

    diff_cmd = commands.add_parser(
        "diff",
        help="compare two editions of a country",
        description=(
            "Compare two reports of one country: per question, per category, total, status"
            " and the distance to the nearest status boundary; legacy figures are converted"
            " across the 2019 scale break, and Score Change notes are checked."
        ),
    )
    diff_cmd.add_argument("old", metavar="OLD", help="the earlier report (file or example name)")
    diff_cmd.add_argument("new", metavar="NEW", help="the later report (file or example name)")
    diff_cmd.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="output format (default: table)",
    )
    diff_cmd.set_defaults(handler=_diff_command)

    panel_cmd = commands.add_parser(
        "panel",
        help="score a panel of countries and editions, or list its deltas",
        description="Score every report of a panel, or with --deltas list every"
        " consecutive-edition change per country.",
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
    panel_cmd.set_defaults(handler=_panel_command)

    schema_cmd = commands.add_parser(
        "schema",
        help="print a JSON Schema",
        description="Print the JSON Schema of the dataset format or of validate's JSON output.",
    )
    schema_cmd.add_argument(
        "name", nargs="?", default="dataset", choices=SCHEMA_NAMES, help="default: dataset"
    )
    schema_cmd.set_defaults(handler=_schema_command)
    return parser


def _expectation(text: str) -> Expected:
    try:
        return Expected.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


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


def _validate_command(args: argparse.Namespace, out: TextIO) -> int:
    methodology = load_methodology(args.methodology) if args.methodology else None
    result = read_dataset(*args.sources).validate(expected=args.expect, methodology=methodology)
    if args.format == "json":
        data = get_converter().unstructure(result)
        print(json.dumps(data, indent=2, ensure_ascii=False), file=out)
    elif args.format == "github":
        for finding in result.findings:
            print(_annotation(finding), file=out)
    else:
        print(_text_report(result, args.sources), file=out)
    if args.fail_on == "never":
        return EXIT_CLEAN
    failing = result.at_or_above(Severity(args.fail_on))
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def _parse_command(args: argparse.Namespace, out: TextIO) -> int:
    name, text = read_text(args.report)
    parsed = parse_report(text, edition=args.edition, source=name)
    _print_findings(parsed.findings, sys.stderr)
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


def _single(source: str) -> CountryReport:
    dataset = read_dataset(source)
    if len(dataset.entries) != 1:
        raise LoadError(
            SourceLocation(source), f"expected one report, found {len(dataset.entries)}"
        )
    _print_findings(dataset.findings, sys.stderr)
    return dataset.entries[0].report


def _diff_command(args: argparse.Namespace, out: TextIO) -> int:
    delta = compare(_single(args.old), _single(args.new))
    if args.format == "json":
        print(
            json.dumps(get_converter().unstructure(delta), indent=2, ensure_ascii=False), file=out
        )
    else:
        print(_delta_table(delta), file=out)
    return EXIT_FINDINGS if delta.findings else EXIT_CLEAN


def _delta_table(delta: ReportDelta) -> str:
    before, after = delta.previous_edition, delta.current_edition
    title = f"{delta.country} {before} -> {after}  ({delta.methodology}"
    if delta.converted_scale:
        converted = ", ".join(map(str, delta.converted_editions))
        title += f"; {converted} converted to the modern scale"
    lines = [title + ")", f"         {before:>8} {after:>8}   change"]
    for name, change in [*delta.categories.items(), ("Total", delta.total)]:
        shown = f"{change.delta:+d}" if change.delta else "0"
        lines.append(f"  {name:<6} {change.previous:>8} {change.current:>8} {shown:>8}")
    status = f"{delta.status.previous.value} -> {delta.status.current.value}"
    margin = delta.status_margin
    lines.append(
        f"  Status  {status}  ({margin.previous} -> {margin.current} points from the next band)"
    )
    moved = ", ".join(
        f"{q} {c.previous} -> {c.current} ({c.delta:+d})" for q, c in delta.moved.items()
    )
    if delta.questions:
        lines.append(f"  Moved   {moved or 'no question'}")
    lines += [f"  {f.severity.value}: {f.message} [{f.code}]" for f in delta.findings]
    return "\n".join(lines)


def _panel_command(args: argparse.Namespace, out: TextIO) -> int:
    dataset = read_dataset(*args.sources)
    _print_findings(dataset.findings, sys.stderr)
    panel = dataset.panel()
    if args.deltas:
        deltas = panel.deltas()
        _print_findings(deltas.findings, sys.stderr)
        rows = deltas.rows()
        data: object = get_converter().unstructure(list(deltas.deltas))
    else:
        rows = panel.rows()
        data = rows
    if args.format == "json":
        print(json.dumps(data, indent=2, ensure_ascii=False), file=out)
    elif args.format == "csv":
        _write_csv(rows, out)
    else:
        print(_rows_table(rows), file=out)
    return EXIT_FINDINGS if dataset.findings else EXIT_CLEAN


def _columns(rows: Sequence[dict[str, object]]) -> list[str]:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return list(columns)


def _write_csv(rows: Sequence[dict[str, object]], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=_columns(rows), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _rows_table(rows: Sequence[dict[str, object]]) -> str:
    columns = [c for c in _columns(rows) if not re.fullmatch(r"[A-Z]\d+", c)]
    cells = [[("" if row.get(c) is None else str(row.get(c))) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(line.rstrip() for line in lines)


def _schema_command(args: argparse.Namespace, out: TextIO) -> int:
    print(json.dumps(json_schema(args.name), indent=2, ensure_ascii=False), file=out)
    return EXIT_CLEAN


def _text_report(result: ValidationReport, sources: Sequence[str]) -> str:
    lines: list[str] = []
    by_source: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_source.setdefault(finding.location.source or "", []).append(finding)
    for source, findings in by_source.items():
        lines.append(source)
        for finding in findings:
            place = str(attrs.evolve(finding.location, source=None))
            lines.append(f"  {place}: {finding.severity.value}: {finding.message} [{finding.code}]")
        lines.append("")
    counts = result.counts_by_severity
    plural = "s" if result.reports != 1 else ""
    summary = ", ".join(
        f"{n} {s}{'s' if n != 1 and s != 'info' else ''}" for s, n in counts.items()
    )
    verdict = "valid" if result.valid else "not valid"
    lines.append(
        f"{result.reports} report{plural} checked in {len(sources)} source"
        f"{'s' if len(sources) != 1 else ''}: {summary}; {verdict}"
    )
    return "\n".join(lines)


_GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _annotation(finding: Finding) -> str:
    """A GitHub workflow command: ``::error file=…,line=…,title=…::message``."""
    where = finding.location
    properties = {
        "file": where.source,
        "line": where.line,
        "col": where.column,
        "title": finding.code,
    }
    fields = ",".join(
        f"{k}={_escape(str(v), is_property=True)}" for k, v in properties.items() if v is not None
    )
    place = str(attrs.evolve(where, source=None, line=None, column=None))
    message = f"{place}: {finding.message}" if place else finding.message
    return f"::{_GITHUB_LEVELS[finding.severity]} {fields}::{_escape(message, is_property=False)}"


def _escape(text: str, *, is_property: bool) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if is_property else text


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
