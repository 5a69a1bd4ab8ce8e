"""Reading JSON and CSV text for the bulk path: fast where the text allows, proven equal.

JSON is parsed without duplicate-key detection and then proven free of repeated keys (or
parsed again with detection); CSV text with nothing to unquote is split at commas, or cut
where every cell after the first has one width, and a file whose every row gives every
question is converted column by column. (JSON arrays of one layout: `netfreedom._layout`.)
"""

from __future__ import annotations

import csv
import itertools
import json
import operator
from typing import TYPE_CHECKING, Any

import attrs

from netfreedom._columns import Found, found_in_cells, rules_for
from netfreedom.dataset import _parse_json
from netfreedom.methodologies import get_methodology

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

#: Keys a JSON record may have and still take the column path.
_SIMPLE_KEYS = frozenset({"country", "edition", "methodology", "scores", "categories"})
#: Keys a JSON record needs to take the column path.
_REQUIRED_KEYS = frozenset({"country", "edition"})

# -- JSON -------------------------------------------------------------------------------


def plain_json(text: str, source: str) -> Any:  # noqa: ANN401 - JSON
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return _parse_json(text, source)  # raises the located LoadError


def simple_indices(records: list[Any]) -> list[int]:
    """The indices of the simple records (see `simple`), checked by key set where possible."""
    if set(map(type, records)) == {dict}:
        keysets = set(map(frozenset, records))
        if all(simple(dict.fromkeys(keys)) for keys in keysets):
            return list(range(len(records)))
    return [i for i, record in enumerate(records) if simple(record)]


def simple(record: object) -> bool:
    """Whether a record holds only what the column path checks (and no repeated key)."""
    if not isinstance(record, dict) or getattr(record, "duplicates", None):
        return False
    keys = record.keys()
    return _REQUIRED_KEYS <= keys <= _SIMPLE_KEYS and ("scores" in record) != (
        "categories" in record
    )


def free_of_duplicates(text: str, records: list[Any], found: list[Found]) -> bool:
    """Whether the plain parse provably lost no repeated key.

    Outside strings, each colon of JSON text follows a key. When no parsed key or string
    holds a colon (escaped or not), the text has exactly one colon per key written, and a
    repeated key, which the parse keeps once, would leave more colons than parsed keys.
    Anything unproven is settled by parsing again with detection.
    """
    keys = 0
    passed: set[int] = set()
    for group in found:
        # the keys are known names and a methodology given is the default one's id
        if any(map(operator.contains, group.countries, itertools.repeat(":"))):
            return False
        chosen = list(map(records.__getitem__, group.positions))
        keys += sum(map(len, chosen)) + len(chosen) * len(group.rules.ids)
        passed.update(group.positions)
    for i, record in enumerate(records):
        if i not in passed:
            counted = _count_keys(record)
            if counted is None:
                return False
            keys += counted
    return text.count(":") == keys


def _count_keys(value: object) -> int | None:
    """The keys in a parsed JSON value, or None if a key or string holds a colon."""
    if isinstance(value, str):
        return None if ":" in value else 0
    if isinstance(value, list):
        items: Sequence[object] = value
        keys = 0
    elif isinstance(value, dict):
        if any(":" in key for key in value):
            return None
        items, keys = list(value.values()), len(value)
    else:
        return 0
    for item in items:
        counted = _count_keys(item)
        if counted is None:
            return None
        keys += counted
    return keys


# -- CSV --------------------------------------------------------------------------------


def plain_csv(text: str) -> tuple[list[str], list[Sequence[str]]] | None:
    """The header and columns of a CSV text with nothing to unquote, split at commas.

    Only for text without quotes, carriage returns or NULs whose every line (the last one
    may be empty) has the header's number of cells: there the `csv` module reads exactly
    these cells, and row ``n`` (from 0) is on line ``n + 2``. A column whose every cell
    is one character may be given as a string (a character per row). Anything else: None.
    """
    if '"' in text or "\r" in text or "\0" in text:
        return None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    commas = lines[0].count(",")
    if commas == 0 or max(map(len, lines)) > csv.field_size_limit():
        return None  # one column: left to the csv module; a cell too long: it refuses it
    header = [cell.strip() for cell in lines[0].split(",")]
    columns = _fixed_columns(lines[1:], commas)
    if columns is not None:
        return header, columns
    if set(map(str.count, lines, itertools.repeat(","))) != {commas}:
        return None
    cells = ",".join(lines[1:]).split(",") if len(lines) > 1 else []
    return header, [cells[k :: commas + 1] for k in range(commas + 1)]


def _fixed_columns(rows: list[str], commas: int) -> list[Sequence[str]] | None:
    """The columns of rows whose every cell after the first has the same width in all rows.

    Such rows (a country, then a year and one-digit scores, say) are cut by slicing the
    text after each first cell, with no string made per cell of one character. Each row
    must hold ``commas`` commas, the first cell none; rows of another shape: None.
    """
    if not rows:
        return None
    first = rows[0]
    width = len(first) - first.find(",")  # of what follows the first cell, with its comma
    if width > len(first) or min(map(len, rows)) < width:
        return None
    tails = "".join([row[-width:] for row in rows])
    marks = [at for at, char in enumerate(first[-width:]) if char == ","]
    count = len(rows)
    if (
        len(marks) != commas
        or tails.count(",") != count * commas
        or any(tails[at::width].count(",") != count for at in marks)
    ):
        return None  # some row's commas lie elsewhere: cells of other widths
    heads = [row[: len(row) - width] for row in rows]
    if "," in "".join(heads):
        return None
    columns: list[Sequence[str]] = [heads]
    for start, end in itertools.pairwise([*marks, width]):
        size = end - start - 1
        if size == 0:
            columns.append([""] * count)
        elif size == 1:
            columns.append(tails[start + 1 :: width])  # a character per row
        else:
            columns.append([tails[at : at + size] for at in range(start + 1, len(tails), width)])
    return columns


@attrs.frozen(eq=False, repr=False)
class CsvLayout:
    """Where a CSV header keeps what the column path reads."""

    width: int
    country: int
    edition: int
    questions: tuple[int, ...]
    categories: tuple[int, ...]
    others: tuple[int, ...]
    question_order: tuple[str, ...]
    category_order: tuple[str, ...]

    @classmethod
    def of(cls, header: list[str]) -> CsvLayout | None:
        """The layout, if every column is known and given once (else: the object path)."""
        modern, legacy = get_methodology("fotn-2019"), get_methodology("fotn-legacy")
        questions = [q.id for q in modern.questions]
        categories = [c.id for c in modern.categories]
        if len(set(header)) != len(header) or [c.id for c in legacy.categories] != categories:
            return None
        if not set(header) <= {"country", "edition", *questions, *categories, "methodology",
                               "total", "status", "last_year_total"}:  # fmt: skip
            return None
        if "country" not in header or "edition" not in header:
            return None
        named = {"country", "edition", *questions, *categories}
        return cls(
            width=len(header),
            country=header.index("country"),
            edition=header.index("edition"),
            questions=tuple(i for i, c in enumerate(header) if c in questions),
            categories=tuple(i for i, c in enumerate(header) if c in categories),
            others=tuple(i for i, c in enumerate(header) if c not in named),
            question_order=tuple(c for c in header if c in questions),
            category_order=tuple(c for c in header if c in categories),
        )

    def uniform(self, columns: list[Sequence[str]]) -> Found | None:
        """The rows that pass every check, for a file whose every row gives every question.

        Converted and checked column by column; another file goes row by row instead
        (None), and a row that fails a check goes to the object path.
        """
        rules = rules_for("fotn-2019", questions=True)
        if not columns or not columns[0] or sorted(self.question_order) != sorted(rules.ids):
            return None
        empty = [columns[i] for i in (*self.categories, *self.others)]
        if any(any(map(str.strip, column)) for column in empty):
            return None
        try:
            editions = list(map(int, columns[self.edition]))
        except ValueError:
            return None
        countries = list(map(str.strip, columns[self.country]))
        places = zip(self.question_order, self.questions, strict=True)
        cells = {name: columns[at] for name, at in places}
        return found_in_cells(rules, countries, editions, cells)

    def row_by_row(self, rows: list[list[str]]) -> dict[int, dict[str, Any]]:
        """JSON-form records of the rows that give only question scores or only totals."""
        records: dict[int, dict[str, Any]] = {}
        get_q = _getter(self.questions)
        get_c = _getter(self.categories)
        get_o = _getter(self.others)
        for i, row in enumerate(rows):
            if len(row) != self.width or any(map(str.strip, get_o(row))):
                continue
            questions, categories = get_q(row), get_c(row)
            try:
                if any(questions) and not any(map(str.strip, categories)):
                    figures = dict(zip(self.question_order, map(int, questions), strict=True))
                    field = "scores"
                elif any(categories) and not any(map(str.strip, questions)):
                    figures = dict(zip(self.category_order, map(int, categories), strict=True))
                    field = "categories"
                else:
                    continue
                edition = int(row[self.edition])
            except ValueError:
                continue
            records[i] = {"country": row[self.country].strip(), "edition": edition, field: figures}
        return records


def _getter(positions: tuple[int, ...]) -> Callable[[list[str]], tuple[str, ...]]:
    if not positions:
        return lambda _: ()
    if len(positions) == 1:
        (only,) = positions
        return lambda row: (row[only],)
    return operator.itemgetter(*positions)
