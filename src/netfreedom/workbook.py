"""Writing workbooks in Freedom House's layout (the ``excel`` extra: openpyxl).

The score sheet is laid out as Freedom House publishes it: a title row merged across the
table, a header row ``Country, Edition, Status, A1 … A5, A, B1 … B8, B, C1 … C8, C, Total``,
then one row per report, statuses written ``F``, ``PF``, ``NF``. A ``Methodology`` column is
added only when a report's methodology is not its edition's. Deltas, when given, fill a
second sheet. Read back, the category totals, total and status written beside the scores are
the reports' given totals and published figures, and agree with what they compute.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from netfreedom._reading.source import default_methodology
from netfreedom._reading.workbook import openpyxl
from netfreedom.methodologies import get_methodology
from netfreedom.methodology import Status

if TYPE_CHECKING:
    from netfreedom.table import Table

#: Statuses as Freedom House's workbooks write them.
_ABBREVIATED = {s.value: s.abbreviation for s in Status}


def write_workbook(path: str | os.PathLike[str], rows: Table, deltas: Table | None = None) -> None:
    """Write panel rows (`BulkDataset.table`) and, if given, their deltas to a workbook.

    Raises:
        LoadError: openpyxl is not installed (it is the ``excel`` extra).
        OSError: The file cannot be written.
    """
    book = openpyxl().Workbook()
    sheet = book.active
    editions = sorted(set(rows.column("edition"))) if len(rows) else []
    span = "-".join(map(str, sorted({editions[0], editions[-1]}))) if editions else ""
    sheet.title = f"FOTN {span} score data" if editions else "FOTN score data"
    header, values = _layout(rows)
    sheet.append([f"Freedom on the Net {span} country score data".replace("  ", " ")])
    sheet.append(header)
    for cells in values:
        sheet.append(cells)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    if deltas is not None:
        changes = book.create_sheet("Score changes")
        changes.append(list(deltas.columns))
        for change in deltas.rows:
            changes.append(list(change))
    book.save(os.fspath(path))


def _layout(rows: Table) -> tuple[list[str], list[list[Any]]]:
    """The header in Freedom House's order and each row's cells under it."""
    names = set(rows.columns)
    chosen = sorted(set(rows.column("methodology")) if len(rows) else set())
    order: list[str] = []
    for methodology in map(get_methodology, chosen):
        for category in methodology.categories:
            ids = [q.id for q in methodology.questions_in(category.id)]
            for name in (*ids, category.id):
                if name in names and name not in order:
                    order.append(name)
    order += sorted(names - {*order, "country", "edition", "methodology", "status", "total"})
    named = any(
        (default := default_methodology(e)) is None or m != default.id
        for m, e in zip(rows.column("methodology"), rows.column("edition"), strict=True)
    )
    fixed = ["Country", "Edition", *(["Methodology"] if named else []), "Status"]
    header = [*fixed, *order, "Total"]
    columns = [
        rows.column("country"),
        rows.column("edition"),
        *([rows.column("methodology")] if named else []),
        [_ABBREVIATED.get(s, s) if s else None for s in rows.column("status")],
        *(rows.column(name) for name in order),
        rows.column("total"),
    ]
    countries, years = rows.column("country"), rows.column("edition")
    order_of_rows = sorted(range(len(rows)), key=lambda n: (countries[n], years[n]))
    return header, [[column[n] for column in columns] for n in order_of_rows]
