"""JSON arrays of records that share one layout, read by slicing the text.

`json.dumps` writes a panel of question-level records, indented or not, so that past each
record's country every record has the same characters but for its digits. Once that is
proven of the text itself, the values stand in columns a fixed width apart and are cut
out without building a dict per record; the answers are those of `json.loads`.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import TYPE_CHECKING, Any

import attrs

from netfreedom._columns import (
    Found,
    check_records,
    default_methodology,
    found_in_cells,
    usable_rules,
)
from netfreedom._sources import simple
from netfreedom.dataset import _duplicate_findings, _parse_json
from netfreedom.errors import LoadError
from netfreedom.findings import Location

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

#: How a record opens, up to the text of its country: with `json.dumps`' spacing, or none.
_COUNTRY_KEYS = ('"country": "', '"country":"')
_WHITE = " \t\n\r"
#: Every digit to "0": a text's shape with its numbers blanked.
_ZEROED = str.maketrans("123456789", "000000000")
#: A value that is not a string, object or array: a number or a literal.
_VALUE = re.compile(r'": ?+(?![\"{\[])([^,\n\r}\]]*)')
_WHOLE = re.compile(r"0|[1-9][0-9]*")
#: What a country's text may not hold here: quotes, backslashes, control characters.
_UNSAFE = re.compile(r'["\\\x00-\x1f]')
#: Between two records: a comma and the next record's brace, in JSON's white space.
_BETWEEN = re.compile(r"[ \t\n\r]*,[ \t\n\r]*\{[ \t\n\r]*")


@attrs.frozen(eq=False, repr=False)
class _Layout:
    """Records cut at their countries, the rest of each laid end to end at one width.

    ``heads`` are the countries' texts; ``tails`` the rest of every record, with the
    comma and brace that follow it, ``width`` characters each; ``rest`` the first record
    past its country; ``slots`` where its numbers are (start, width), whole numbers in
    every record.
    """

    heads: list[str]
    tails: str
    width: int
    rest: str
    slots: list[tuple[int, int]]

    @classmethod
    def of(cls, pieces: list[str]) -> _Layout | None:
        """The layout of pieces (a country's text and what follows), if they share one."""
        width = len(pieces[0]) - pieces[0].find('"')
        if width > len(pieces[0]) or min(map(len, pieces)) < width:
            return None
        tails = "".join([piece[-width:] for piece in pieces])
        shape = tails[:width]
        rest = shape[: shape.rfind("{")].rstrip(_WHITE)[:-1].rstrip(_WHITE)
        heads = [piece[: len(piece) - width] for piece in pieces]
        if (
            not rest.endswith("}")
            or "\\" in rest  # an escape: a string could hold what looks like a number
            or not _BETWEEN.fullmatch(shape[len(rest) :])
            or _UNSAFE.search("".join(heads))
            or not _alike(tails, shape)
        ):
            return None
        slots = _number_slots(rest)
        if slots is None:
            return None
        layout = cls(heads, tails, width, rest, slots)
        return layout if layout.digits_agree(shape) else None

    def digits_agree(self, shape: str) -> bool:
        """Whether the digits outside the numbers (in keys, strings) agree in every record.

        Also, no number of several digits may start with a zero (that is not JSON).
        """
        count = len(self.heads)
        numbers = {at for start, size in self.slots for at in range(start, start + size)}
        fixed = (at for at, char in enumerate(shape) if char.isdigit() and at not in numbers)
        return all(self.tails[at :: self.width].count(shape[at]) == count for at in fixed) and (
            not any(size > 1 and "0" in self.column(start, 1) for start, size in self.slots)
        )

    def column(self, start: int, size: int) -> Sequence[str]:
        """The text of one number in every record (one string when it is one digit)."""
        if size == 1:
            return self.tails[start :: self.width]
        return [self.tails[at : at + size] for at in range(start, len(self.tails), self.width)]


#: Records compared at a time (bounds the memory of the comparison).
_BLOCK = 10_000


def _alike(tails: str, shape: str) -> bool:
    """Whether every record's text is ``shape`` but for its digits, block by block."""
    blank = shape.translate(_ZEROED) * _BLOCK
    step = len(shape) * _BLOCK
    return all(
        tails[at : at + step].translate(_ZEROED) == blank[: len(tails) - at]
        for at in range(0, len(tails), step)
    )


def fixed_json(text: str) -> tuple[list[Any], list[Found]] | None:
    """The records of a JSON array whose records share one layout, and what passed.

    The records the object path needs are given (None where the columns hold them); the
    last record is parsed like any other. Text of another layout: None.
    """
    body = text.strip(_WHITE)
    if not (body.startswith("[") and body.endswith("]")):
        return None
    key = next((key for key in _COUNTRY_KEYS if body.startswith(key, body.find('"'))), "")
    pieces = body[1:-1].split(key) if key else []
    if len(pieces) < 4 or pieces[0].strip(_WHITE) != "{":
        return None
    layout = _Layout.of(pieces[1:-1])
    if layout is None:
        return None
    first = _record(pieces[0] + key + layout.heads[0] + layout.rest)
    last = _record("{" + key + pieces[-1].rstrip(_WHITE))
    if first is None or last is None or not simple(first):
        return None
    return _columns_of(first, last, layout)


def _number_slots(rest: str) -> list[tuple[int, int]] | None:
    """Where the numbers of a record's text are; None if another kind of value is there."""
    slots = []
    for match in _VALUE.finditer(rest):
        value = match.group(1).rstrip(_WHITE)
        if not _WHOLE.fullmatch(value):
            return None  # true, false, null, a fraction, a sign: for the json module
        slots.append((match.start(1), len(value)))
    return slots


def _record(text: str) -> dict[str, Any] | None:
    """One record's text as JSON: an object with no repeated key anywhere, or None."""
    try:
        checked = _parse_json(text, "")
    except LoadError:
        return None
    if not isinstance(checked, dict) or next(_duplicate_findings(checked, (), Location()), None):
        return None
    record: dict[str, Any] = json.loads(text)  # plain dicts, as the column checks take
    return record


def _columns_of(
    first: dict[str, Any], last: dict[str, Any], layout: _Layout
) -> tuple[list[Any], list[Found]] | None:
    """The records of a layout checked as columns; the last record checked on its own."""
    field = "scores" if "scores" in first else "categories"
    numbers = list(_numbers(first, field))
    if len(numbers) != len(layout.slots) or not isinstance(first.get("methodology", ""), str):
        return None
    cells = {n: layout.column(*slot) for n, slot in zip(numbers, layout.slots, strict=True)}
    editions = list(map(int, cells.pop("")))
    questions = field == "scores"
    distinct = dict.fromkeys(editions)  # in the order first seen
    candidates = (usable_rules(default_methodology(e), questions=questions) for e in distinct)
    rules = next(filter(None, candidates), None)  # the rules of the first row they take
    if rules is None or set(cells) != set(rules.ids):  # None: the object path reads all
        return None
    found = found_in_cells(rules, layout.heads, editions, cells, given=first.get("methodology"))
    if found is None:
        return None
    count = len(layout.heads)
    records: list[Any] = [None] * count + [last]
    for n in itertools.filterfalse({*found.positions, *found.outside}.__contains__, range(count)):
        row = {
            "country": layout.heads[n],
            "edition": editions[n],
            field: {name: int(column[n]) for name, column in cells.items()},
        }
        records[n] = {key: row.get(key, first[key]) for key in first}  # the object path's
    return records, [found, *check_records(records, [count] if simple(last) else [])]


def _numbers(record: dict[str, Any], field: str) -> Iterator[str]:
    """The numbers of a record in the order of its text: "" for the edition, then ids."""
    for key, value in record.items():
        if key == "edition":
            yield ""
        elif key == field:
            yield from value
