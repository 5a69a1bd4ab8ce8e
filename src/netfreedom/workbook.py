"""Writing workbooks in Freedom House's layout (the ``excel`` extra: openpyxl).

The score sheet is laid out as Freedom House publishes it: a title row merged across the
table, a header row ``Country, Edition, Status, A1 … A5, A, B1 … B8, B, C1 … C8, C, Total``,
then one row per report, statuses written ``F``, ``PF``, ``NF``. Freedom in the World's
sheet (``FIW13-24``) follows its own workbook: ``Country/Territory, Region, C/T, Edition,
Status, PR rating, CL rating``, each group's categories with their questions, the group's
adjustments and the group total (``… C, Add Q, Add A, PR, D1 …``), then ``Total``. A
``Methodology`` column is added only when a report's methodology is not its edition's.
Deltas, when given, fill a second sheet. Read back, the figures written beside the scores are
the reports' given totals and published figures, and agree with what they compute.
"""

from __future__ import annotations

import os
from typing import Any

from netfreedom._reading.source import default_methodology
from netfreedom._reading.workbook import openpyxl
from netfreedom.batch import pick
from netfreedom.methodologies import get_methodology, index_name, index_of
from netfreedom.methodology import DEFAULT_INDEX, Methodology, Status, rating_column
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
    book.remove(book.active)
    for index, part in _by_index(rows):
        _score_sheet(book.create_sheet(), index, part)
    if deltas is not None:
        changes = book.create_sheet("Score changes")
        changes.append(list(deltas.columns))
        for change in deltas.rows:
            changes.append(list(change))
    book.save(os.fspath(path))


def _by_index(rows: Table) -> list[tuple[str, Table]]:
    """The rows of each index (a sheet each), without the columns none of them fills."""
    indexes = [index_of(m) for m in rows.column("methodology")]
    found = sorted(set(indexes), key=lambda i: (i != DEFAULT_INDEX, i)) or [DEFAULT_INDEX]
    if len(found) == 1:
        return [(found[0], rows)]
    parts = []
    for index in found:
        chosen = [n for n, i in enumerate(indexes) if i == index]
        columns = [
            (name, pick(column, chosen))
            for name, column in zip(rows.columns, rows.data, strict=True)
        ]
        kept = [(n, c) for n, c in columns if any(v is not None for v in c) or n in _FIXED]
        parts.append((index, Table(tuple(n for n, _ in kept), [c for _, c in kept])))
    return parts


#: Columns every panel row has.
_FIXED = ("country", "edition", "methodology", "total", "status")


def _score_sheet(sheet: Any, index: str, rows: Table) -> None:  # noqa: ANN401 - openpyxl's
    """One index's rows in Freedom House's layout for it: a title row, the header, the rows."""
    editions = sorted(set(rows.column("edition"))) if len(rows) else []
    span = "-".join(map(str, sorted({editions[0], editions[-1]}))) if editions else ""
    if index == DEFAULT_INDEX:
        sheet.title = f"FOTN {span} score data" if editions else "FOTN score data"
        title = f"Freedom on the Net {span} country score data".replace("  ", " ")
    else:
        short = "-".join(f"{e % 100:02d}" for e in sorted({editions[0], editions[-1]}))
        sheet.title = f"{index.upper()}{short}"
        title = f"{index_name(index)} {span} scores"
    header, values = _layout(rows)
    sheet.append([title])
    sheet.append(header)
    for cells in values:
        sheet.append(cells)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))


def _layout(rows: Table) -> tuple[list[str], list[list[Any]]]:
    """The header in Freedom House's order and each row's cells under it."""
    names = set(rows.columns)
    chosen = sorted(set(rows.column("methodology")) if len(rows) else set())
    order: list[str] = []
    ratings: list[str] = []
    for methodology in map(get_methodology, chosen):
        ratings += [rating_column(g.id) for g in methodology.rated_groups]
        for name in _figure_order(methodology):
            if name in names and name not in order:
                order.append(name)
    described = [name for name in ("region", "territory") if name in names]
    fixed_names = {"country", "edition", "methodology", "status", "total", *described}
    ratings = [r for r in dict.fromkeys(ratings) if r in names]
    order += sorted(names - {*order, *fixed_names, *ratings})
    named = any(
        (default := default_methodology(e, index_of(m))) is None or m != default.id
        for m, e in zip(rows.column("methodology"), rows.column("edition"), strict=True)
    )
    country = "Country/Territory" if described else "Country"
    fixed = [
        country,
        *(_HEADERS[name] for name in described),
        "Edition",
        *(["Methodology"] if named else []),
        "Status",
    ]
    header = [*fixed, *ratings, *order, "Total"]
    columns = [
        rows.column("country"),
        *(_cells(rows, name) for name in described),
        rows.column("edition"),
        *([rows.column("methodology")] if named else []),
        [_ABBREVIATED.get(s, s) if s else None for s in rows.column("status")],
        *(rows.column(name) for name in ratings),
        *(_figures(rows, name) for name in order),
        rows.column("total"),
    ]
    countries, years = rows.column("country"), rows.column("edition")
    order_of_rows = sorted(range(len(rows)), key=lambda n: (countries[n], years[n]))
    return header, [[column[n] for column in columns] for n in order_of_rows]


#: Freedom House's names of the columns that describe an entity.
_HEADERS = {"region": "Region", "territory": "C/T"}


def _cells(rows: Table, name: str) -> list[Any]:
    """A describing column as Freedom House writes it (C/T: ``c`` or ``t``)."""
    if name != "territory":
        return list(rows.column(name))
    return [None if value is None else "t" if value else "c" for value in rows.column(name)]


def _figures(rows: Table, name: str) -> list[Any]:
    """A figure column; an adjustment its edition does not score written ``N/A``, as FH does."""
    column = list(rows.column(name))
    if None not in column:
        return column
    for n, (value, methodology_id, edition) in enumerate(
        zip(column, rows.column("methodology"), rows.column("edition"), strict=True)
    ):
        adjustments = {a.id: a for a in get_methodology(methodology_id).adjustments}
        if value is None and name in adjustments and not adjustments[name].applies(edition):
            column[n] = _NOT_APPLICABLE
    return column


#: What Freedom House writes for an adjustment an edition does not score.
_NOT_APPLICABLE = "N/A"


def _figure_order(methodology: Methodology) -> list[str]:
    """A methodology's figure columns in Freedom House's order.

    Each category's questions then the category; a group's categories, then its
    adjustments, then the group total.
    """
    order: list[str] = []
    grouped = {c for g in methodology.groups for c in g.categories}
    for category in methodology.categories:
        if category.id not in grouped:
            order += [*(q.id for q in methodology.questions_in(category.id)), category.id]
    for group in methodology.groups:
        for category_id in group.categories:
            order += [*(q.id for q in methodology.questions_in(category_id)), category_id]
        order += [a.id for a in methodology.adjustments if a.group == group.id]
        order.append(group.id)
    return order
