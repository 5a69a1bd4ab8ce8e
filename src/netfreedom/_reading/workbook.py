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
import html
import io
import itertools
import re
import zipfile
from typing import TYPE_CHECKING, Any

import attrs

from netfreedom._reading.source import Read
from netfreedom._reading.table import HEADER_ROWS, column_names, header_row, read_table
from netfreedom.errors import LoadError, SourceLocation
from netfreedom.findings import Finding, Location, column_letters

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence


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
    merged = _merged_ranges(raw)
    skipped: list[Finding] = []
    reads: list[Read] = []
    formulas: Any = None
    for sheet in book.worksheets:
        where = Location(source=source, sheet=sheet.title)
        if sheet.sheet_state != "visible":
            skipped.append(Finding.of("sheet-skipped", where, "the sheet is hidden: not read"))
            continue
        grid = _grid(sheet.iter_rows(values_only=True), merged.get(sheet.title, ()))
        at = header_row(grid)
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
            _mark_formulas(rows, formulas[sheet.title], first=at + 1)
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
    """The workbook, read-only (fast): saved values, or (``values=False``) formulas."""
    module = openpyxl()
    try:
        return module.load_workbook(io.BytesIO(raw), read_only=True, data_only=values)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        reason = str(error) or type(error).__name__
        raise LoadError(SourceLocation(source), f"not a readable workbook: {reason}") from None


#: Elements of a workbook's XML, as the file writes them (attributes in any order).
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


def _merged_ranges(raw: bytes) -> dict[str, list[tuple[int, int, int, int]]]:
    """Each sheet's merged ranges (first column, first row, last column, last row).

    openpyxl's read-only mode, which reads large workbooks several times faster, does not
    give them; they are read from the file's XML.
    """
    from openpyxl.utils.cell import range_boundaries  # noqa: PLC0415 - the excel extra

    ranges: dict[str, list[tuple[int, int, int, int]]] = {}
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        names = set(archive.namelist())
        targets = {}
        for tag in _RELATIONSHIP.findall(archive.read("xl/_rels/workbook.xml.rels")):
            attributes = dict(_ATTRIBUTE.findall(tag))
            target = attributes.get(b"Target", b"").decode()
            targets[attributes.get(b"Id")] = (
                target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            )
        for tag in _SHEET.findall(archive.read("xl/workbook.xml")):
            attributes = {key.rpartition(b":")[2]: value for key, value in _ATTRIBUTE.findall(tag)}
            path = targets.get(attributes.get(b"id"))
            if path in names and b"name" in attributes:
                title = html.unescape(attributes[b"name"].decode())
                refs = _MERGE.findall(archive.read(path))
                ranges[title] = [range_boundaries(ref.decode()) for ref in refs]
    return ranges


def _grid(
    rows: Iterable[Sequence[object]], merged: Iterable[tuple[int, int, int, int]]
) -> list[list[str]]:
    """A sheet's cells as text, from column A, merged cells filled from their first cell."""
    values = [list(row) for row in rows]
    width = max(map(len, values), default=0)
    for cells in values:
        cells.extend([None] * (width - len(cells)))
    for first_column, first_row, last_column, last_row in merged:
        if first_row > len(values) or first_column > width:
            continue
        value = values[first_row - 1][first_column - 1]
        for at, column in itertools.product(
            range(first_row - 1, min(last_row, len(values))),
            range(first_column - 1, min(last_column, width)),
        ):
            values[at][column] = value
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
    """Put the formula of each empty cell that has one, saying it has no saved value.

    ``first`` is the sheet's row number before the first of ``rows``.
    """
    written = sheet.iter_rows(min_row=first + 1, values_only=True)
    for row, formulas in zip(rows, written, strict=False):
        for column, formula in enumerate(formulas[: len(row)]):
            if row[column] == "" and isinstance(formula, str) and formula.startswith("="):
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
        lambda row, columns, country, edition, path: Location(
            source=source,
            sheet=sheet,
            row=row,
            header=columns,
            country=country,
            edition=edition,
            path=path,
        ),
        lambda index: Location(
            source=source, sheet=sheet, row=at, cell=f"{column_letters(index + 1)}{at}"
        ),
    )


def _joined(reads: Sequence[Read]) -> Read:
    """The reads of several sheets as one, their records numbered on."""
    if len(reads) == 1:
        return reads[0]
    starts = list(itertools.accumulate((r.count for r in reads), initial=0))

    def locate(
        n: int, country: str | None = None, edition: int | None = None, key: str | None = None
    ) -> Location:
        part = bisect.bisect_right(starts, n) - 1
        return reads[part].locate(n - starts[part], country, edition, key)

    joined = Read(starts[-1], locate)
    for start, read in zip(starts, reads, strict=False):
        joined.batches += [
            attrs.evolve(batch, records=[start + n for n in batch.records])
            for batch in read.batches
        ]
        joined.records.update({start + n: record for n, record in read.records.items()})
        joined.findings += read.findings
    return joined
