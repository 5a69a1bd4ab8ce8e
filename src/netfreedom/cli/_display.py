"""How the command line shows results: finding lines, tables, CSV, workflow annotations."""

from __future__ import annotations

import itertools
import re
import sys
from typing import TYPE_CHECKING, Any, TextIO

import attrs

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterable, Iterator, Mapping, Sequence
    from typing import TypeAlias

    from netfreedom.changes import ReportDelta
    from netfreedom.findings import Finding, ValidationReport
    from netfreedom.scorecard import Scorecard
    from netfreedom.table import Table

EXIT_CLEAN, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2

if TYPE_CHECKING:
    #: What ``add_subparsers()`` returns: where each command adds its parser.
    Commands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]  # noqa: SLF001


def add_fail_on(command: argparse.ArgumentParser) -> None:
    """Add ``--fail-on``: the lowest severity of a finding that makes the exit code 1."""
    command.add_argument(
        "--fail-on",
        choices=("error", "warning", "never"),
        default="error",
        help="lowest severity that makes the exit code 1 (default: error)",
    )


def exit_code(
    findings: Iterable[Finding], fail_on: str, report: ValidationReport | None = None
) -> int:
    """1 when a finding (of ``findings``, or of ``report``) is at or above ``--fail-on``."""
    from netfreedom.findings import Severity

    if fail_on == "never":
        return EXIT_CLEAN
    lowest = Severity(fail_on).rank
    counts = report.counts_by_severity if report is not None else {}
    if any(counts.get(s.value) for s in Severity if s.rank >= lowest):
        return EXIT_FINDINGS
    return EXIT_FINDINGS if any(f.severity.rank >= lowest for f in findings) else EXIT_CLEAN


def usage_error(message: str, command: str | None = None) -> int:
    """Say what is wrong with the command line, in one line; return the exit code 2."""
    print(f"netfreedom{f' {command}' if command else ''}: error: {message}", file=sys.stderr)
    return EXIT_UNUSABLE


def add_scale(command: argparse.ArgumentParser) -> None:
    """Add ``--scale``: the scale deltas are on."""
    command.add_argument(
        "--scale",
        choices=("modern", "native"),
        default="modern",
        help="modern (the default): deltas higher-is-freer, legacy figures (2011-2018)"
        " converted per category, so that a country's deltas add up; native: two legacy"
        " editions compared on their own inverted scale (+ then means less free)",
    )


def print_findings(findings: Sequence[Finding], stream: TextIO) -> None:
    """One line per finding: location, severity, message, code."""
    for finding in findings:
        print(
            f"{finding.location}: {finding.severity.value}: {finding.message} [{finding.code}]",
            file=stream,
        )


def print_listed(listing: tuple[Sequence[Finding], Mapping[str, int]], stream: TextIO) -> None:
    """Print findings as `netfreedom.findings.listed` chooses them, then count the rest.

    ``listing``: the findings shown, and how many infos of each code are not.
    """
    shown, left_out = listing
    print_findings(shown, stream)
    for code, more in left_out.items():
        print(f"info: {more} more [{code}] not shown; --all-infos shows them", file=stream)


def scorecard_table(card: Scorecard) -> str:
    """A scorecard for people: categories with maxima, total and status."""
    direction = "higher is freer" if card.scale.value == "higher-is-freer" else "lower is freer"
    from netfreedom.findings import printable

    kind = ", territory" if card.territory else ""
    title = f"{printable(card.country)} {card.edition}  ({card.methodology}{kind}, {direction}"
    title += f", converted from {card.converted_from})" if card.converted_from else ")"
    width = max(len(c.name) for c in card.categories) + 2
    lines = [title]
    lines += [f"  {c.id}  {c.name:<{width}}{c.score:>4} / {c.max:<3}" for c in card.categories]
    for group in card.groups:
        rating = f"  rating {group.rating}" if group.rating is not None else ""
        lines.append(
            f"  {group.id:<2} {group.name:<{width}}{group.score:>4} / {group.max:<3}{rating}"
        )
    lines += [
        f"     {a.id:<{width}}{f'{a.signed:+d}' if a.signed else '0':>4}  ({a.group})"
        for a in card.adjustments
    ]
    lines.append(
        f"     {'Total':<{width}}{card.total:>4} / {card.max_total:<3}  {card.status.value}"
    )
    if card.designations:
        lines.append(f"     {', '.join(card.designations)}")
    return "\n".join(line.rstrip() for line in lines)


def delta_table(delta: ReportDelta) -> str:
    before, after = delta.previous_edition, delta.current_edition
    title = f"{delta.country} {before} -> {after}  ({delta.methodology}"
    if delta.converted_scale:
        converted = ", ".join(map(str, delta.converted_editions))
        title += f"; {converted} converted to the modern scale"
    lines = [title + ")", f"         {before:>8} {after:>8}   change"]
    figures = [
        *delta.categories.items(),
        *delta.groups.items(),
        ("Total", delta.total),
        *((f"{g} rtg", c) for g, c in delta.ratings.items()),
    ]
    for name, change in figures:
        shown = f"{change.delta:+d}" if change.delta else "0"
        lines.append(f"  {name:<6} {change.previous:>8} {change.current:>8} {shown:>8}")
    status = f"{delta.status.previous.value} -> {delta.status.current.value}"
    margin = delta.status_margin
    if margin is None:
        lines.append(f"  Status  {status}  (from the mean rating)")
    else:
        lines.append(
            f"  Status  {status}  ({margin.previous} -> {margin.current} points from the next band)"
        )
    moved = ", ".join(
        f"{q} {c.previous} -> {c.current} ({c.delta:+d})" for q, c in delta.moved.items()
    )
    if delta.questions:
        lines.append(f"  Moved   {moved or 'no question'}")
    if delta.notes_confirmed:
        lines.append(f"  Notes   {', '.join(delta.notes_confirmed)} confirmed by the scores")
    if delta.notes_unchecked is not None:
        lines.append(f"  Notes   not checked: {delta.notes_unchecked}")
    lines += [f"  {f.location}: {f.severity.value}: {f.message} [{f.code}]" for f in delta.findings]
    return "\n".join(lines)


def write_csv_rows(rows: Iterable[Sequence[Any]], out: TextIO) -> None:
    """Rows as `csv` writes them, each line ending in a line feed, CR-safe.

    `csv` quotes a value that holds a character of its line terminator: with a line feed
    alone, a value holding a carriage return would go unquoted, and a reader would take
    it for the end of a line. Such a row is written as `csv` writes it for lines that end
    in a carriage return and a line feed, then ended with a line feed.
    """
    import csv  # only CSV output needs it (start-up budget)
    import io

    plain = csv.writer(out, lineterminator="\n")
    buffer = io.StringIO()
    careful = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        if any(isinstance(value, str) and "\r" in value for value in row):
            careful.writerow(row)
            out.write(buffer.getvalue()[:-2] + "\n")
            buffer.seek(0)
            buffer.truncate()
        else:
            plain.writerow(row)


#: Rows a table writes at a time, in every format (bounds the memory of the text made).
_CHUNK = 10_000


def table_parts(table: Table, order: Sequence[int] | None = None) -> Iterator[list[Sequence[Any]]]:
    """The table's columns, `_CHUNK` rows at a time: all its rows, or those of ``order``.

    Args:
        table: The rows.
        order: Row numbers in the order to give them (None: the table's own order).
    """
    for start in range(0, len(table) if order is None else len(order), _CHUNK):
        if order is None:
            yield [column[start : start + _CHUNK] for column in table.data]
        else:
            picked = order[start : start + _CHUNK]
            yield [list(map(column.__getitem__, picked)) for column in table.data]


def write_table_csv(table: Table, out: TextIO, order: Sequence[int] | None = None) -> None:
    """A table as CSV, exactly as `write_csv_rows` writes its rows, at the speed of formatting.

    Each chunk of rows is formatted with ``%s`` (which writes what `csv` writes for text
    without special characters, numbers and flags); a chunk whose text could differ — a
    value with a comma, quote or line break, or None — is written by `csv` instead. With
    ``order``, the rows of those numbers, in that order (see `table_parts`).
    """
    import csv  # only CSV output needs it (start-up budget)

    writer = csv.writer(out, lineterminator="\n")
    write_csv_rows([table.columns], out)
    width = len(table.columns)
    template = ",".join(["%s"] * width) + "\n"
    for part in table_parts(table, order):
        count = len(part[0])
        text = "".join(map(template.__mod__, zip(*part, strict=True)))
        if (
            width > 1  # csv writes a lone empty value as "", to tell it from an empty line
            and text.count(",") == (width - 1) * count
            and text.count("\n") == count
            and not any(map(text.__contains__, ('"', "\r", "None")))
        ):
            out.write(text)
        elif "\r" in text:
            write_csv_rows(zip(*part, strict=True), out)
        else:
            writer.writerows(zip(*part, strict=True))


#: Columns an aligned table leaves out: question scores (``A1``), which CSV and JSON carry.
_QUESTION = re.compile(r"[A-Z]\d+")


def write_aligned(table: Table, out: TextIO, order: Sequence[int] | None = None) -> None:
    """A table for people: its columns but question scores, aligned, `_CHUNK` rows at a time.

    A first pass finds each column's width; the lines are then made and written a chunk at
    a time, so memory holds a chunk's text, not the whole table's. None is shown empty,
    control characters escaped; trailing spaces are cut.
    """
    kept = [n for n, name in enumerate(table.columns) if not _QUESTION.fullmatch(name)]
    names = [table.columns[n] for n in kept]
    widths = list(map(len, names))
    for part in table_parts(table, order):
        shown = [_shown(part[n]) for n in kept]
        widths = [max(width, *map(len, texts)) for width, texts in zip(widths, shown, strict=True)]
    template = "  ".join(f"{{:<{width}}}" for width in widths)
    out.write(template.format(*names).rstrip() + "\n")
    for part in table_parts(table, order):
        shown = [_shown(part[n]) for n in kept]
        lines = map(str.rstrip, itertools.starmap(template.format, zip(*shown, strict=True)))
        out.write("".join(line + "\n" for line in lines))


def _shown(values: Sequence[Any]) -> list[str]:
    """Values as an aligned table shows them: None empty, control characters escaped."""
    from netfreedom.findings import printable

    shown = list(map(str, values))
    if None in values:
        shown = ["" if value is None else text for value, text in zip(values, shown, strict=True)]
    if not "".join(shown).isprintable():
        shown = list(map(printable, shown))
    return shown


def text_report(result: ValidationReport, sources: Sequence[str], limit: int | None = None) -> str:
    """Findings grouped by source (at most ``limit``), then a summary with exact counts."""
    lines: list[str] = []
    by_source: dict[str, list[Finding]] = {}
    for finding in result.findings[:limit]:
        by_source.setdefault(finding.location.source or "", []).append(finding)
    for source, findings in by_source.items():
        lines.append(source)
        for finding in findings:
            where = finding.location
            place = str(attrs.evolve(where, source=None, line=None, column=None))
            if where.line is not None:
                at = f"line {where.line}" + (f":{where.column}" if where.column else "")
                place = f"{at}, {place}" if place else at
            prefix = f"{place}: " if place else ""
            lines.append(f"  {prefix}{finding.severity.value}: {finding.message} [{finding.code}]")
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
    if limit is not None and len(result.findings) > limit:
        lines.append(f"{limit} of {len(result.findings)} findings shown (--max-findings)")
    return "\n".join(lines)


#: Workflow command per severity.
_GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def annotation(finding: Finding) -> str:
    """A GitHub workflow command: ``::error file=…,line=…,title=…::message``."""
    where = finding.location
    properties = {
        "file": where.source,
        "line": where.line,
        "col": where.column if where.line is not None else None,
        "title": finding.code,
    }
    fields = ",".join(
        f"{k}={_escape(str(v), is_property=True)}" for k, v in properties.items() if v is not None
    )
    place = str(attrs.evolve(where, source=None, line=None, column=None))
    message = f"{place}: {finding.message}" if place else finding.message
    level = _GITHUB_LEVELS[finding.severity.value]
    return f"::{level} {fields}::{_escape(message, is_property=False)}"


def _escape(text: str, *, is_property: bool) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if is_property else text
