"""Tables: a header naming the columns, then one report per row (CSV files, workbook sheets).

Columns are matched without regard to case and surrounding space, and Freedom House's names
are understood (``Country/Territory``, ``C/T``, ``PR rating``, ``Add Q``). ``country``,
``edition``, ``methodology``, ``index``, ``region`` and ``territory`` are the report's;
``total``, ``status`` and ``last_year_total`` published figures; a column named after a
category of the row's methodology a category total, after a group (``PR``) or its rating
published figures; a column named like a question (``A1``, ``D7``) or an adjustment a score
(see `netfreedom.converter.csv_row_to_record`). Any other column (notes) is reported as
``extra-column`` and left out. A table without an ``index`` or ``methodology`` column is of
the index its figure columns fit best (`netfreedom.methodologies.index_of_ids`).

Rows whose figures are all plain whole numbers for exactly one methodology's questions (or
categories) and the adjustments their edition scores, publishing at most a total, a status,
group totals, ratings and last year's total, are gathered column by column into batches;
every other row goes to the lenient stage.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from netfreedom._reading.source import Read, default_methodology, normal_names, status_named
from netfreedom.batch import Batch, columns_of, describes, pick
from netfreedom.converter import (
    CSV_FIXED_COLUMNS,
    NOT_APPLICABLE,
    csv_number,
    csv_row_to_record,
    given_text,
    territory_of,
)
from netfreedom.errors import NetfreedomError
from netfreedom.findings import Finding, Location, field_path
from netfreedom.methodologies import (
    builtin_figure_ids,
    get_methodology,
    index_key,
    index_of_ids,
    methodology_for_edition,
)
from netfreedom.methodology import DEFAULT_INDEX, Adjustment, Methodology, Status, rating_column
from netfreedom.reports import NotWholeNumberError, whole_number

#: A cell left empty.
_EMPTY = -1
#: Cells that give nothing, as written: empty, or "not applicable" in any case.
_NOTHING = [
    "",
    *(
        "".join(letters)
        for word in NOT_APPLICABLE
        for letters in itertools.product(*zip(word.lower(), word.upper(), strict=True))
    ),
]
#: Cells as written for whole numbers from 0 to 999 (a batch takes no other spelling).
_NUMBERS: dict[str, int] = {str(n): n for n in range(1000)} | dict.fromkeys(_NOTHING, _EMPTY)
#: A published group total or rating cell not written plainly.
_ODD = object()
#: Cells as written for published group totals and ratings (None: not given).
_SIGNED: dict[str, int | None] = {str(n): n for n in range(-999, 1000)} | dict.fromkeys(_NOTHING)
#: An empty status cell.
_NO_STATUS = ""
#: Cells as written for editions.
_YEARS = {str(n): n for n in range(1000, 3000)}


#: Column names as Freedom House and spreadsheets write them, by the name read.
_ALIASES = {
    "country/territory": "country",
    "country or territory": "country",
    "last year total": "last_year_total",
    "c/t": "territory",
    **{name: name for name in CSV_FIXED_COLUMNS},
}
#: A column named like a question or category id (``A1``, ``b``), in any case.
_ID = re.compile(r"[A-Za-z][0-9]*")


def column_names(header: Sequence[str]) -> list[str]:
    """The header's names as rows are read by: fixed columns lower-case, ids upper-case."""
    names = []
    for raw in header:
        name = raw.strip()
        key = " ".join(name.split()).casefold()
        if key in _ALIASES:
            names.append(_ALIASES[key])
        elif key in _methodology_ids():
            names.append(_methodology_ids()[key])
        elif _ID.fullmatch(name):
            names.append(name.upper())
        else:
            names.append(name)
    return names


@functools.cache
def _methodology_ids() -> dict[str, str]:
    """The built-in methodologies' figure ids, by their spelling in any case and spacing."""
    return {" ".join(figure.split()).casefold(): figure for figure in builtin_figure_ids()}


def names_table(names: Sequence[str]) -> bool:
    """Whether a header names the columns country and edition."""
    return "country" in names and "edition" in names


#: How far down a table (a sheet, a CSV file) its header row may be: rows above it are a
#: title, as Freedom House's files have, and are not read.
HEADER_ROWS = 20


def header_row(rows: Sequence[Sequence[str]]) -> int | None:
    """The position of a table's header among its first `HEADER_ROWS` rows, if one is there."""
    return next(
        (n for n, row in enumerate(rows[:HEADER_ROWS]) if names_table(column_names(row))), None
    )


def _is_figure(name: str) -> bool:
    return (
        name in CSV_FIXED_COLUMNS
        or bool(_ID.fullmatch(name))
        or name.casefold() in _methodology_ids()
    )


def read_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numbers: list[int],
    at_row: Callable[[int, tuple[str, ...], str | None, int | None, str | None], Location],
    at_header: Callable[[int], Location],
) -> Read:
    """Read a table: its header (as `column_names` gives), rows of cell texts, row numbers.

    Args:
        header: The column names, as `column_names` gives them.
        rows: Each row's cells, as text (an empty cell is ``""``).
        numbers: Each row's number in its source (a line, or a sheet's row).
        at_row: Where a row is, by its number and the table's columns (and its report's
            country, edition and the path of its field, where known).
        at_header: Where the header's column is, by its index.
    """
    findings = _header_findings(header, at_header)
    used = [name if _is_figure(name) else "" for name in header]
    filled = list(map(any, map(map, itertools.repeat(str.strip), rows)))
    if not all(filled):  # rows of blank cells are no records
        numbers = list(itertools.compress(numbers, filled))
        rows = list(itertools.compress(rows, filled))
    findings += _unnamed_findings(header, rows, at_header)
    # a finding about a figure is placed at the column read: of a repeated name, the last
    names = tuple("" if name in used[n + 1 :] else name for n, name in enumerate(used))
    fitted = index_of_ids(used) or DEFAULT_INDEX
    index = None if {"index", "methodology"} & set(used) else fitted

    def locate(
        n: int, country: str | None = None, edition: int | None = None, key: str | None = None
    ) -> Location:
        path = None if key is None else field_path(None, key)
        return at_row(numbers[n], names, country, edition, path)

    read = Read(len(rows), locate)
    read.findings += findings
    width = len(used)
    even = [n for n, size in enumerate(map(len, rows)) if size == width]
    batched: set[int] = set()
    kept = [name for name in used if name]
    if len(set(kept)) == len(kept) and even:
        whole = len(even) == len(rows)
        columns: list[Sequence[str]] = list(columns_of(rows if whole else pick(rows, even), width))
        for batch in _batches(used, columns, even, fitted):
            read.batches.append(batch)
            batched.update(batch.records)
    for n in itertools.filterfalse(batched.__contains__, range(len(rows))):
        read.records[n], problems = _record(used, rows[n], locate(n), index, fitted)
        read.findings += problems
    return read


def _header_findings(header: Sequence[str], at: Callable[[int], Location]) -> list[Finding]:
    """Columns named twice, and columns that are not read (``Region``, notes)."""
    findings: list[Finding] = []
    seen: set[str] = set()
    for index, column in enumerate(header):
        if not _is_figure(column):
            if column:
                findings.append(
                    Finding.of(
                        "extra-column",
                        attrs.evolve(at(index), column=index + 1),
                        f"column {column!r} is not read: it names no figure of a report",
                        actual=column,
                    )
                )
            continue
        if column in seen:
            fixed = column in CSV_FIXED_COLUMNS or len(column) == 1
            findings.append(
                Finding.of(
                    "duplicate-key" if fixed else "duplicate-question",
                    attrs.evolve(at(index), column=index + 1, question=None if fixed else column),
                    f"column {column!r} appears more than once; a row's last cell under it is used",
                    actual=column,
                )
            )
        seen.add(column)
    return findings


def _unnamed_findings(
    header: Sequence[str], rows: Sequence[Sequence[str]], at: Callable[[int], Location]
) -> list[Finding]:
    """Columns without a name that hold values (a row index, as pandas writes one): not read."""
    return [
        Finding.of(
            "extra-column",
            attrs.evolve(at(index), column=index + 1),
            f"column {index + 1} has no name but holds values (a row index?): it is not read",
            actual="",
        )
        for index, column in enumerate(header)
        if not column and any(len(row) > index and row[index].strip() for row in rows)
    ]


def _record(
    header: list[str], row: Sequence[str], where: Location, index: str | None, fitted: str
) -> tuple[dict[str, Any], list[Finding]]:
    """One row as a JSON-form record (of the table's index, if any); a finding if too short.

    ``fitted`` is the index the table's figure columns fit best: that of a row naming none.
    """
    problems = []
    if len(row) != len(header):
        problems.append(
            Finding.of(
                "invalid-value",
                where,
                f"row has {len(row)} cells but the header has {len(header)} columns",
                expected=len(header),
                actual=len(row),
            )
        )
    cells = {name: cell for name, cell in zip(header, row, strict=False) if name}
    categories, groups = _category_ids(cells, fitted)
    record = csv_row_to_record(cells, categories, groups)
    if index is not None:
        record["index"] = index
    return record, problems


def _category_ids(cells: dict[str, str], index: str) -> tuple[frozenset[str], frozenset[str]]:
    """The ids of the categories and groups of the row's methodology, read as a record reads it.

    The methodology the row names; else its edition's in the index it names, or, where it
    names none, in ``index`` (the one the table's figure columns fit best).
    """
    named, chosen = given_text(cells.get("methodology", "")), given_text(cells.get("index", ""))
    edition = given_text(cells.get("edition", ""))
    try:
        if named is not None:
            methodology = get_methodology(named)
        else:
            year = whole_number(csv_number(edition or ""))
            methodology = methodology_for_edition(year, index=index_key(chosen or index))
    except (NotWholeNumberError, NetfreedomError):
        letters = frozenset(c for c in cells if len(c) == 1 and c.isalpha())
        return letters, frozenset()
    return (
        frozenset(c.id for c in methodology.categories),
        frozenset(g.id for g in methodology.groups),
    )


def _batches(
    header: list[str], columns: list[Sequence[str]], rows: list[int], index: str
) -> list[Batch]:
    """The rows (of the same width as the header) that batches can hold, by methodology."""
    at = {name: n for n, name in enumerate(header)}
    editions = _cells(columns[at["edition"]], dict(_YEARS), None)
    defaults: dict[int | None, Methodology | None] = {
        e: None if e is None else default_methodology(e, index) for e in dict.fromkeys(editions)
    }
    # in a fixed order (of the editions' first rows), so that batches are made alike each run
    chosen_methodologies = dict.fromkeys(m for m in defaults.values() if m is not None)
    grouped = {name for m in chosen_methodologies for name in _group_columns(m)}
    numbers, signed = dict(_NUMBERS), dict(_SIGNED)  # learning other spellings (`_cells`)
    figures = {
        name: _cells(columns[n], numbers, None)
        for name, n in at.items()
        if name and name not in CSV_FIXED_COLUMNS and name not in grouped
    }
    groups = {name: _cells(columns[n], signed, _ODD) for name, n in at.items() if name in grouped}
    # published figures (total, status, group totals, ratings, last year's total) are held
    # when written plainly; a row with a figure not written plainly is no batch's
    totals, last_years = (
        _cells(columns[at[name]], numbers, None) if name in at else None
        for name in ("total", "last_year_total")
    )
    statuses = list(map(_status, columns[at["status"]])) if "status" in at else None
    described = _described(columns, at)
    plain: list[bool] | None = None
    for values in (
        totals,
        last_years,
        statuses,
        *figures.values(),
        described and described[1],
    ):
        if values and None in values:
            fine = list(map(operator.is_not, values, [None] * len(values)))
            plain = fine if plain is None else list(map(operator.and_, plain, fine))
    named = columns[at["methodology"]] if "methodology" in at else None
    indexes = columns[at["index"]] if "index" in at else None
    cells = _Cells(editions, defaults, named, indexes, figures, groups, plain)
    batches: list[Batch] = []
    for methodology in chosen_methodologies:
        scoring = dict.fromkeys(
            methodology.adjustments_for(e)
            for e, m in defaults.items()
            if m is methodology and e is not None
        )
        for adjusted, (questions, stated) in itertools.product(scoring, _KINDS):
            items = methodology.questions if questions else methodology.categories
            ids = [item.id for item in (*items, *adjusted)]
            stated_ids = [c.id for c in methodology.categories] if stated else []
            chosen = _rows_giving(methodology, adjusted, ids, stated_ids, cells)
            batches.extend(
                Batch(
                    methodology,
                    questions,
                    [rows[n] for n in part],
                    normal_names(pick(columns[at["country"]], part)),
                    pick(editions, part),
                    tuple(pick(figures[i], part) for i in ids),
                    tuple(pick(figures[i], part) for i in stated_ids),
                    _published(totals, statuses, part),
                    adjusted,
                    *_published_groups(methodology, groups, part),
                    last_year_totals=_last_years(last_years, part),
                    described=_description(described, part),
                )
                for part in _by_description(chosen, described)
            )
    return batches


#: The kinds of batch: question scores, with category totals beside them, or category totals.
_KINDS = ((True, False), (True, True), (False, False))


def _group_columns(methodology: Methodology) -> list[str]:
    """The columns of a methodology's published group totals and ratings (``PR rating``)."""
    return [
        *(g.id for g in methodology.groups),
        *(rating_column(g.id) for g in methodology.rated_groups),
    ]


def _described(
    columns: list[Sequence[str]], at: dict[str, int]
) -> tuple[list[str | None], list[bool | None]] | None:
    """Each row's region and whether it is a territory (None: not plain), if a column gives one."""
    if "region" not in at and "territory" not in at:
        return None
    count = len(columns[at["country"]])
    regions: list[str | None] = [None] * count
    if "region" in at:
        region = {cell: given_text(cell) for cell in set(columns[at["region"]])}
        regions = list(map(region.__getitem__, columns[at["region"]]))
    territories: list[bool | None] = [False] * count
    if "territory" in at:
        territory = {cell: _plain_territory(cell) for cell in set(columns[at["territory"]])}
        territories = list(map(territory.__getitem__, columns[at["territory"]]))
    return regions, territories


def _plain_territory(cell: str) -> bool | None:
    """A territory cell's value (False if empty); None where it says neither (reported later)."""
    text = given_text(cell)
    value = False if text is None else territory_of(text)
    return value if isinstance(value, bool) else None


def _by_description(
    chosen: list[int], described: tuple[list[str | None], list[bool | None]] | None
) -> list[list[int]]:
    """The chosen rows, those giving a region or territory apart from those giving neither."""
    if described is None:
        return [chosen] if chosen else []
    flags = list(map(describes, *described))
    giving = [n for n in chosen if flags[n]]
    neither = [n for n in chosen if not flags[n]]
    return [part for part in (giving, neither) if part]


def _description(
    described: tuple[list[str | None], list[bool | None]] | None, rows: list[int]
) -> tuple[list[str | None], list[bool]] | tuple[()]:
    """The region and territory of rows that give one (nothing for rows that give neither)."""
    if described is None:
        return ()
    regions, territories = pick(described[0], rows), pick(described[1], rows)
    if not any(regions) and not any(territories):
        return ()
    return regions, territories  # type: ignore[return-value]


def _published_groups(
    methodology: Methodology, groups: dict[str, list[Any]], rows: list[int]
) -> tuple[tuple[list[int | None], ...], tuple[list[int | None], ...]]:
    """The chosen rows' published group totals and ratings (nothing where no column gives them)."""
    nothing: list[int | None] = [None] * len(rows)
    totals = [groups.get(g.id) for g in methodology.groups]
    ratings = [groups.get(rating_column(g.id)) for g in methodology.rated_groups]
    return (
        tuple(nothing if c is None else pick(c, rows) for c in totals) if any(totals) else (),
        tuple(nothing if c is None else pick(c, rows) for c in ratings) if any(ratings) else (),
    )


def _cells(cells: Sequence[str], spellings: dict[str, Any], odd: object) -> list[Any]:
    """Number cells by their spelling (``""``'s value where a cell gives nothing), else ``odd``.

    ``spellings`` learns each cell written otherwise, read as a record's reader reads it
    (`csv_number`, `whole_number`): a whole number as its plain spelling's value (``3.0``,
    as pandas writes a column with a gap, or ``" 3"``), anything else as ``odd``.
    """
    try:
        return list(map(spellings.__getitem__, cells))
    except KeyError:  # a spelling not seen yet: learn every one of the column's
        pass
    for cell in set(cells) - spellings.keys():
        text = given_text(cell)
        try:
            plain = "" if text is None else str(whole_number(csv_number(text)))
        except NotWholeNumberError:
            plain = cell
        spellings[cell] = spellings.get(plain, odd)
    return list(map(spellings.__getitem__, cells))


def _status(cell: str) -> Status | str | None:
    """A status cell: the status, `_NO_STATUS` if empty, None if it names none."""
    return _NO_STATUS if not cell.strip() else status_named(cell)


def _published(
    totals: list[int | None] | None, statuses: list[Status | str | None] | None, rows: list[int]
) -> tuple[list[int | None], list[Status | None]] | tuple[()]:
    """The published totals and statuses of the chosen rows (None where not given)."""
    if totals is None and statuses is None:
        return ()
    chosen_totals = pick(totals, rows) if totals is not None else [_EMPTY] * len(rows)
    chosen_statuses = pick(statuses, rows) if statuses is not None else [_NO_STATUS] * len(rows)
    return (
        [None if t == _EMPTY else t for t in chosen_totals],
        [s if isinstance(s, Status) else None for s in chosen_statuses],
    )


def _last_years(totals: list[int | None] | None, rows: list[int]) -> list[int | None]:
    """The chosen rows' published totals of last year (nothing where none is given)."""
    if totals is None:
        return []
    chosen = pick(totals, rows)
    if chosen.count(_EMPTY) == len(chosen):
        return []
    return [None if t == _EMPTY else t for t in chosen]


@attrs.frozen
class _Cells:
    """The cells of a table's rows, as batches read them.

    Attributes:
        editions: Each row's edition (None where it is not written plainly).
        defaults: The methodology of each edition.
        named: The methodology column, if there is one.
        indexes: The index column, if there is one.
        figures: Each figure column's values (`_EMPTY` for an empty cell, None for a
            value not written plainly).
        groups: Each published group total's (or rating's) column: values, None for an
            empty cell, `_ODD` for a value not written plainly.
        plain: Whether each row writes its figures (and any published total and status)
            plainly, and publishes nothing else.
    """

    editions: list[int | None]
    defaults: dict[int | None, Methodology | None]
    named: Sequence[str] | None
    indexes: Sequence[str] | None
    figures: dict[str, list[int | None]]
    groups: dict[str, list[Any]]
    plain: list[bool] | None


def _rows_giving(
    methodology: Methodology,
    adjusted: tuple[Adjustment, ...],
    ids: list[str],
    totals: list[str],
    cells: _Cells,
) -> list[int]:
    """The rows of this methodology's editions that give exactly these figures, plainly.

    ``ids`` are the question (or category) ids the rows give, then the adjustments
    (``adjusted``: those every chosen row's edition scores); ``totals`` the category ids
    they give beside question scores (none, or every category).
    """
    editions, defaults, named = cells.editions, cells.defaults, cells.named
    figures, plain = cells.figures, cells.plain
    if not ids or not {*ids, *totals} <= figures.keys():
        return []
    if any(figures[i].count(_EMPTY) == len(figures[i]) for i in (*ids, *totals)):
        return []  # a figure no row gives
    others = figures.keys() - {*ids, *totals}
    if any(_EMPTY not in figures[name] for name in others):
        return []  # a figure of another kind every row gives
    fitting = {
        e: e is not None and m is methodology and methodology.adjustments_for(e) == adjusted
        for e, m in defaults.items()
    }
    wanted = list(map(fitting.__getitem__, editions))
    if plain is not None:
        wanted = list(map(operator.and_, wanted, plain))
    if named is not None:
        fits = [not cell.strip() or cell.strip() == methodology.id for cell in named]
        wanted = list(map(operator.and_, wanted, fits))
    if cells.indexes is not None:  # a row naming another index is the lenient stage's
        ours = {
            cell: not cell.strip() or index_key(cell) == methodology.index
            for cell in set(cells.indexes)
        }
        wanted = list(map(operator.and_, wanted, map(ours.__getitem__, cells.indexes)))
    for name, values in figures.items():
        # every figure of the kind given; every other column left empty
        given = name in ids or name in totals
        if (_EMPTY in values) if given else values.count(_EMPTY) != len(values):
            ok = [(v != _EMPTY) == given for v in values]
            wanted = list(map(operator.and_, wanted, ok))
    own = set(_group_columns(methodology))
    for name, values in cells.groups.items():
        # the methodology's own published group figures written plainly; others left empty
        ok = [v is not _ODD for v in values] if name in own else [v is None for v in values]
        wanted = list(map(operator.and_, wanted, ok))
    return [n for n, w in enumerate(wanted) if w]
