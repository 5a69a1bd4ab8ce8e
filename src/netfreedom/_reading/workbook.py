"""Workbooks (``.xlsx``): every sheet that holds a score table, as Freedom House publishes them.

A sheet's table starts at the first of its top rows that names the columns Country and
Edition (a title row above it is passed over); each row below it is a report, read as a CSV
row is (see `netfreedom._reading.table`). Cells hold what the workbook last computed: a
formula is read by its saved value, and one without a saved value is reported as such.
Merged cells give their value to every cell they cover. Hidden sheets and sheets without a
table are not read, each with a ``sheet-skipped`` finding. openpyxl reads the file; it is
the ``excel`` extra, imported only here.
"""

from __future__ import annotations

import bisect
import datetime as dt
import io
import itertools
from typing import TYPE_CHECKING, Any

import attrs

from netfreedom._reading.source import Read
from netfreedom._reading.table import column_names, names_table, read_table
from netfreedom.errors import LoadError, SourceLocation
from netfreedom.findings import Finding, Location, column_letters

if TYPE_CHECKING:
    from collections.abc import Sequence

#: How far down a sheet its header row may be.
HEADER_ROWS = 20

#: What a workbook file starts with (a zip archive).
MAGIC = b"PK\x03\x04"


def openpyxl() -> Any:  # noqa: ANN401 - an untyped optional module
    """The openpyxl module.

    Raises:
        LoadError: openpyxl is not installed (it is the ``excel`` extra).
    """
    try:
        import openpyxl as module  # noqa: PLC0415 - the excel extra, only for workbooks
    except ImportError:
        raise LoadError(
            SourceLocation("openpyxl"),
            "workbooks need the excel extra: pip install 'netfreedom[excel]'",
        ) from None
    return module


def read_workbook(raw: bytes, source: str) -> Read:
    """Read a workbook's score tables.

    Raises:
        LoadError: openpyxl is missing, the file is no workbook, or no sheet holds a table.
    """
    book = _load(raw, source, values=True)
    skipped: list[Finding] = []
    reads: list[Read] = []
    formulas: Any = None
    for sheet in book.worksheets:
        where = Location(source=source, sheet=sheet.title)
        if sheet.sheet_state != "visible":
            skipped.append(Finding.of("sheet-skipped", where, "the sheet is hidden: not read"))
            continue
        grid = _grid(sheet)
        at = next(
            (n for n, row in enumerate(grid[:HEADER_ROWS]) if names_table(column_names(row))),
            None,
        )
        if at is None:
            message = (
                f"no score table: none of its first {HEADER_ROWS} rows names the columns"
                " Country and Edition"
            )
            skipped.append(Finding.of("sheet-skipped", where, message))
            continue
        header = column_names(grid[at])
        rows = grid[at + 1 :]
        if any(cell == "" for row in rows for cell in row):
            formulas = formulas or _load(raw, source, values=False)
            _mark_formulas(rows, formulas[sheet.title], first=at + 2)
        reads.append(_table(source, sheet.title, header, rows, at + 1))
    if not reads:
        hidden = [repr(s.title) for s in book.worksheets if s.sheet_state != "visible"]
        raise LoadError(
            SourceLocation(source),
            f"no sheet holds a score table (a row naming Country and Edition within its first"
            f" {HEADER_ROWS} rows); sheets: {', '.join(repr(s.title) for s in book.worksheets)}"
            + (f"; hidden sheets are not read: {', '.join(hidden)}" if hidden else ""),
        )
    read = _joined(reads)
    read.findings[:0] = skipped
    return read


def _load(raw: bytes, source: str, *, values: bool) -> Any:  # noqa: ANN401 - openpyxl's
    module = openpyxl()
    try:
        return module.load_workbook(io.BytesIO(raw), data_only=values)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        reason = str(error) or type(error).__name__
        raise LoadError(SourceLocation(source), f"not a readable workbook: {reason}") from None


def _grid(sheet: Any) -> list[list[str]]:  # noqa: ANN401 - openpyxl's
    """A sheet's cells as text, from column A, merged cells filled from their first cell."""
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        value = values[merged.min_row - 1][merged.min_col - 1]
        for row, column in itertools.product(
            range(merged.min_row - 1, min(merged.max_row, len(values))),
            range(merged.min_col - 1, merged.max_col),
        ):
            if column < len(values[row]):
                values[row][column] = value
    return [[_text(value) for value in row] for row in values]


def _text(value: object) -> str:
    """A cell's value as a CSV cell writes it (``5.0`` as ``5``; an empty cell as ``""``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _mark_formulas(rows: list[list[str]], sheet: Any, first: int) -> None:  # noqa: ANN401
    """Put the formula of each empty cell that has one, saying it has no saved value."""
    for offset, row in enumerate(rows):
        for column, cell in enumerate(row):
            if cell == "":
                formula = sheet.cell(row=first + offset, column=column + 1).value
                if isinstance(formula, str) and formula.startswith("="):
                    row[column] = f"{formula} (a formula with no saved value)"


def _table(source: str, sheet: str, header: list[str], rows: list[list[str]], at: int) -> Read:
    """The table of one sheet, its header on row ``at``."""
    width = len(header)
    rows = [row[:width] if len(row) > width and not any(row[width:]) else row for row in rows]
    numbers = list(range(at + 1, at + 1 + len(rows)))
    return read_table(
        header,
        rows,
        numbers,
        lambda row, columns: Location(source=source, sheet=sheet, row=row, header=columns),
        lambda index: Location(
            source=source, sheet=sheet, row=at, cell=f"{column_letters(index + 1)}{at}"
        ),
    )


def _joined(reads: Sequence[Read]) -> Read:
    """The reads of several sheets as one, their records numbered on."""
    if len(reads) == 1:
        return reads[0]
    starts = list(itertools.accumulate((r.count for r in reads), initial=0))

    def locate(n: int) -> Location:
        part = bisect.bisect_right(starts, n) - 1
        return reads[part].locate(n - starts[part])

    joined = Read(starts[-1], locate)
    for start, read in zip(starts, reads, strict=False):
        joined.batches += [
            attrs.evolve(batch, records=[start + n for n in batch.records])
            for batch in read.batches
        ]
        joined.records.update({start + n: record for n, record in read.records.items()})
        joined.findings += read.findings
    return joined
