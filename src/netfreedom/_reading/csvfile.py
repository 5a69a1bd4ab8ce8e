"""CSV: a header naming the columns, then one report per row.

Columns ``country``, ``edition`` and ``methodology`` are the report's; ``total``, ``status``
and ``last_year_total`` published figures; a column named after a category of the row's
methodology a category total; any other a question score (see
`netfreedom.converter.csv_row_to_record`). Rows whose figures are all plain whole numbers
for exactly one methodology's questions (or categories), with nothing published, are
gathered column by column into batches; every other row goes to the lenient stage.
"""

from __future__ import annotations

import io
import itertools
import operator
from collections.abc import Sequence
from typing import Any

import attrs

from netfreedom._reading.source import Read, default_methodology, normal_names
from netfreedom.batch import Batch, pick
from netfreedom.converter import CSV_FIXED_COLUMNS, csv_row_to_record
from netfreedom.errors import LoadError, NetfreedomError, SourceLocation
from netfreedom.findings import Finding, Location
from netfreedom.methodologies import get_methodology, methodology_for_edition
from netfreedom.methodology import Methodology

#: A cell left empty.
_EMPTY = -1
#: Cells as written for whole numbers from 0 to 999 (a batch takes no other spelling).
_NUMBERS: dict[str, int] = {str(n): n for n in range(1000)} | {"": _EMPTY}
#: Cells as written for editions.
_YEARS = {str(n): n for n in range(1000, 3000)}


def read_csv(text: str, source: str) -> Read:
    """Read CSV text.

    Raises:
        LoadError: The text is not valid CSV, or its header lacks country or edition.
    """
    header, lines, rows = _rows(text, source)
    filled = list(map(any, map(map, itertools.repeat(str.strip), rows)))
    if not all(filled):  # rows of blank cells are no records
        lines = list(itertools.compress(lines, filled))
        rows = list(itertools.compress(rows, filled))
    read = Read(len(rows), lambda n: Location(source=source, line=lines[n]))
    read.findings += _header_findings(header, source)
    width = len(header)
    even = [n for n, size in enumerate(map(len, rows)) if size == width]
    batched: set[int] = set()
    if len(set(header)) == width and even:
        whole = len(even) == len(rows)
        columns: list[Sequence[str]] = list(
            zip(*(rows if whole else pick(rows, even)), strict=True)
        )
        for batch in _batches(header, columns, even):
            read.batches.append(batch)
            batched.update(batch.records)
    for n in itertools.filterfalse(batched.__contains__, range(len(rows))):
        read.records[n], problems = _record(header, rows[n], lines[n], source)
        read.findings += problems
    return read


def _rows(text: str, source: str) -> tuple[list[str], list[int], list[list[str]]]:
    """The header (its names stripped), the line each row ends on, and the rows of CSV text.

    Raises:
        LoadError: The text is not valid CSV, located at its line.
    """
    import csv  # noqa: PLC0415 - only CSV input needs it

    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=_delimiter(text))
    try:
        header = [column.strip() for column in next(reader)]
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


def _header_findings(header: list[str], source: str) -> list[Finding]:
    """A CSV header must name country and edition, each column once.

    Raises:
        LoadError: The header lacks country or edition.
    """
    if "country" not in header or "edition" not in header:
        shown = ", ".join(repr(name) for name in header[:6]) + (", …" if len(header) > 6 else "")
        raise LoadError(
            SourceLocation(source, line=1),
            f"CSV header must name the columns country and edition; found {shown}",
        )
    findings: list[Finding] = []
    seen: set[str] = set()
    for index, column in enumerate(header, start=1):
        if column in seen:
            fixed = column in CSV_FIXED_COLUMNS or len(column) == 1
            findings.append(
                Finding.of(
                    "duplicate-key" if fixed else "duplicate-question",
                    Location(
                        source=source, line=1, column=index, question=None if fixed else column
                    ),
                    f"column {column!r} appears more than once; the last one is used",
                    actual=column,
                )
            )
        seen.add(column)
    return findings


def _record(
    header: list[str], row: list[str], line: int, source: str
) -> tuple[dict[str, Any], list[Finding]]:
    """One CSV row as a JSON-form record, and a finding if its length is wrong."""
    problems = []
    if len(row) != len(header):
        problems.append(
            Finding.of(
                "invalid-value",
                Location(source=source, line=line),
                f"row has {len(row)} cells but the header has {len(header)} columns",
                expected=len(header),
                actual=len(row),
            )
        )
    cells = dict(zip(header, row, strict=False))
    return csv_row_to_record(cells, _category_ids(cells)), problems


def _category_ids(cells: dict[str, str]) -> frozenset[str]:
    try:
        if cells.get("methodology", "").strip():
            methodology = get_methodology(cells["methodology"].strip())
        else:
            methodology = methodology_for_edition(int(cells.get("edition", "").strip()))
    except (ValueError, NetfreedomError):
        return frozenset(c for c in cells if len(c) == 1 and c.isalpha())
    return frozenset(c.id for c in methodology.categories)


def _batches(header: list[str], columns: list[Sequence[str]], rows: list[int]) -> list[Batch]:
    """The rows (of the same width as the header) that batches can hold, by methodology."""
    at = {name: n for n, name in enumerate(header)}
    editions = list(map(_YEARS.get, columns[at["edition"]]))
    defaults: dict[int | None, Methodology | None] = {
        e: None if e is None else default_methodology(e) for e in set(editions)
    }
    named = columns[at["methodology"]] if "methodology" in at else None
    published = [columns[at[c]] for c in ("total", "status", "last_year_total") if c in at]
    figures = {
        name: list(map(_NUMBERS.get, columns[n]))
        for name, n in at.items()
        if name not in CSV_FIXED_COLUMNS
    }
    # a row with a published figure, or a figure not written plainly, is no batch's
    plain = [not any(cells) for cells in zip(*published, strict=True)] if published else None
    for values in figures.values():
        if None in values:
            fine = list(map(operator.is_not, values, [None] * len(values)))
            plain = fine if plain is None else list(map(operator.and_, plain, fine))
    cells = _Cells(editions, defaults, named, figures, plain)
    batches = []
    for methodology in {m for m in defaults.values() if m is not None}:
        for questions, stated in ((True, False), (True, True), (False, False)):
            items = methodology.questions if questions else methodology.categories
            ids = [item.id for item in items]
            totals = [c.id for c in methodology.categories] if stated else []
            chosen = _rows_giving(methodology, ids, totals, cells)
            if chosen:
                batches.append(
                    Batch(
                        methodology,
                        questions,
                        [rows[n] for n in chosen],
                        normal_names(pick(columns[at["country"]], chosen)),
                        pick(editions, chosen),  # type: ignore[arg-type]
                        tuple(pick(figures[i], chosen) for i in ids),  # type: ignore[arg-type]
                        tuple(pick(figures[i], chosen) for i in totals),  # type: ignore[arg-type]
                    )
                )
    return batches


@attrs.frozen
class _Cells:
    """The cells of a CSV text's rows, as batches read them.

    Attributes:
        editions: Each row's edition (None where it is not written plainly).
        defaults: The methodology of each edition.
        named: The methodology column, if there is one.
        figures: Each figure column's values (`_EMPTY` for an empty cell, None for a
            value not written plainly).
        plain: Whether each row publishes nothing and writes every figure plainly.
    """

    editions: list[int | None]
    defaults: dict[int | None, Methodology | None]
    named: Sequence[str] | None
    figures: dict[str, list[int | None]]
    plain: list[bool] | None


def _rows_giving(
    methodology: Methodology, ids: list[str], totals: list[str], cells: _Cells
) -> list[int]:
    """The rows of this methodology's editions that give exactly these figures, plainly.

    ``ids`` are the question (or category) ids the rows give; ``totals`` the category ids
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
    wanted = [defaults[e] is methodology for e in editions]
    if plain is not None:
        wanted = list(map(operator.and_, wanted, plain))
    if named is not None:
        fits = [not cell.strip() or cell.strip() == methodology.id for cell in named]
        wanted = list(map(operator.and_, wanted, fits))
    for name, values in figures.items():
        # every figure of the kind given; every other column left empty
        given = name in ids or name in totals
        if (_EMPTY in values) if given else values.count(_EMPTY) != len(values):
            ok = [(v != _EMPTY) == given for v in values]
            wanted = list(map(operator.and_, wanted, ok))
    return [n for n, w in enumerate(wanted) if w]
