"""CSV: a table in text, comma-, semicolon- or tab-separated (see `netfreedom._reading.table`)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from netfreedom._reading.table import HEADER_ROWS, column_names, header_row, read_table
from netfreedom.errors import LoadError, SourceLocation
from netfreedom.findings import Location

if TYPE_CHECKING:
    from netfreedom._reading.source import Read


def read_csv(text: str, source: str) -> Read:
    """Read CSV text: its header, the first of its first rows to name country and edition.

    Rows above the header (a title, as in a spreadsheet's export) are not read.

    Raises:
        LoadError: The text is not valid CSV, or none of its first rows names country and
            edition.
    """
    lines, rows = _rows(text, source)
    at = header_row(rows)
    if at is None:
        raw = rows[0] if rows else []
        shown = ", ".join(repr(name) for name in raw[:6]) + (", …" if len(raw) > 6 else "")
        raise LoadError(
            SourceLocation(source, line=1),
            "CSV header must name the columns country and edition (in one of the first"
            f" {HEADER_ROWS} lines); found {shown}",
        )
    header_line = lines[at]
    return read_table(
        column_names(rows[at]),
        rows[at + 1 :],
        lines[at + 1 :],
        lambda line, header, country, edition, path: Location(
            source=source, line=line, header=header, country=country, edition=edition, path=path
        ),
        lambda _: Location(source=source, line=header_line),
    )


def _rows(text: str, source: str) -> tuple[list[int], list[tuple[str, ...]]]:
    """The rows of CSV text, and the line each ends on.

    Raises:
        LoadError: The text is not valid CSV, located at its line.
    """
    import csv  # noqa: PLC0415 - only CSV input needs it

    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=_delimiter(text))
    lines: list[int] = []
    rows: list[tuple[str, ...]] = []  # tuples, which the garbage collector soon stops visiting
    try:
        for row in reader:
            rows.append(tuple(row))
            lines.append(reader.line_num)
    except csv.Error as error:
        raise LoadError(
            SourceLocation(source, line=reader.line_num), f"invalid CSV: {error}"
        ) from None
    return lines, rows


#: The separators spreadsheet programs write, in the order preferred on a tie.
_DELIMITERS = (",", ";", "\t")


def _delimiter(text: str) -> str:
    """The separator of a CSV text: the one a line of its first holds most often (else a comma).

    Spreadsheet programs in many locales write semicolons, and tab-separated files are common;
    the header, which holds the most, may follow a title line.
    """
    first = text.lstrip("\ufeff").split("\n", HEADER_ROWS)[:HEADER_ROWS]
    return max(_DELIMITERS, key=lambda mark: max(line.count(mark) for line in first))
