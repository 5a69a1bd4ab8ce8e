"""CSV: a table in text, comma-, semicolon- or tab-separated (see `netfreedom._reading.table`)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from netfreedom._reading.table import column_names, names_table, read_table
from netfreedom.errors import LoadError, SourceLocation
from netfreedom.findings import Location

if TYPE_CHECKING:
    from netfreedom._reading.source import Read


def read_csv(text: str, source: str) -> Read:
    """Read CSV text.

    Raises:
        LoadError: The text is not valid CSV, or its header lacks country or edition.
    """
    raw, lines, rows = _rows(text, source)
    header = column_names(raw)
    if not names_table(header):
        shown = ", ".join(repr(name) for name in raw[:6]) + (", …" if len(raw) > 6 else "")
        raise LoadError(
            SourceLocation(source, line=1),
            f"CSV header must name the columns country and edition; found {shown}",
        )
    return read_table(
        header,
        rows,
        lines,
        lambda line, header, country, edition, path: Location(
            source=source, line=line, header=header, country=country, edition=edition, path=path
        ),
        lambda _: Location(source=source, line=1),
    )


def _rows(text: str, source: str) -> tuple[list[str], list[int], list[list[str]]]:
    """The header, the line each row ends on, and the rows of CSV text.

    Raises:
        LoadError: The text is not valid CSV, located at its line.
    """
    import csv  # noqa: PLC0415 - only CSV input needs it

    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=_delimiter(text))
    try:
        header = next(reader)
        lines: list[int] = []
        rows: list[list[str]] = []
        for row in reader:
            rows.append(row)
            lines.append(reader.line_num)
    except csv.Error as error:
        raise LoadError(
            SourceLocation(source, line=reader.line_num), f"invalid CSV: {error}"
        ) from None
    return header, lines, rows


#: The separators spreadsheet programs write, in the order preferred on a tie.
_DELIMITERS = (",", ";", "\t")


def _delimiter(text: str) -> str:
    """The separator of a CSV text: the one its first line holds most often (else a comma).

    Spreadsheet programs in many locales write semicolons, and tab-separated files are common.
    """
    first = text.lstrip("\ufeff").partition("\n")[0]
    return max(_DELIMITERS, key=first.count)
