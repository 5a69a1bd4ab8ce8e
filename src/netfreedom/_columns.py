"""Records checked, scored and compared column by column (the bulk path's engine).

A methodology is prepared once as `Rules`; records that pass every check under them are
gathered as `Found` (one source) and held as `Columns` (a whole dataset), whose delta
columns `delta_columns` computes without a row object.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar, cast

import attrs

from netfreedom.errors import NetfreedomError
from netfreedom.methodologies import get_methodology, methodology_for_edition
from netfreedom.methodology import Methodology, Status
from netfreedom.reports import CountryReport
from netfreedom.table import Deferred

_T = TypeVar("_T")


class Texts(dict[str, int]):
    """Canonical texts of the allowed values, to the values; any other text: `MISSING`."""

    MISSING = -(2**63)  # below every allowed value

    def __missing__(self, key: str) -> int:
        return self.MISSING


def _move(question: str, previous: int, current: int) -> str:
    """How a move shows in ``questions_moved`` (after a space); nothing if there is none."""
    return "" if previous == current else f" {question}:{previous}>{current}"


@attrs.frozen(eq=False, repr=False)
class Rules:
    """A methodology prepared for column checks of question scores or category totals.

    Compared and hashed by identity: one instance per methodology and kind of figures.
    """

    methodology: Methodology
    questions: bool
    ids: tuple[str, ...]
    minima: tuple[int, ...]
    maxima: tuple[int, ...]
    slices: tuple[slice, ...]
    statuses: dict[int, Status]
    status_texts: dict[int, str]
    #: Per id: the canonical text of every allowed value, to the value.
    texts: tuple[Texts, ...]
    #: Per id: previous value to current value to " id:previous>current" ("" if equal).
    moves: tuple[dict[int, dict[int, str]], ...]
    #: Per id: the same text by ``16 * previous + current``, for values 0 to 15.
    byte_moves: tuple[tuple[str, ...], ...]
    row_names: tuple[str, ...]
    delta_names: tuple[str, ...]

    @classmethod
    def of(cls, methodology: Methodology, *, questions: bool) -> Rules:
        if questions:
            items = [(q.id, q.min, q.max, q.category) for q in methodology.questions]
        else:
            items = [(c.id, c.min, c.max, c.id) for c in methodology.categories]
        slices = []
        for category in methodology.categories:
            where = [i for i, item in enumerate(items) if item[3] == category.id]
            slices.append(slice(where[0], where[-1] + 1) if where else slice(0, 0))
        totals = range(methodology.min_total, methodology.max_total + 1)
        statuses = {total: methodology.status_for(total) for total in totals}
        category_ids = [c.id for c in methodology.categories]
        return cls(
            methodology=methodology,
            questions=questions,
            ids=tuple(i[0] for i in items),
            minima=tuple(i[1] for i in items),
            maxima=tuple(i[2] for i in items),
            slices=tuple(slices),
            statuses=statuses,
            status_texts={total: status.value for total, status in statuses.items()},
            texts=tuple(
                Texts({str(v): v for v in range(low, high + 1)}) for _, low, high, _ in items
            ),
            moves=tuple(
                {
                    a: {b: _move(name, a, b) for b in range(low, high + 1)}
                    for a in range(low, high + 1)
                }
                for name, low, high, _ in items
            ),
            byte_moves=tuple(
                tuple(_move(name, a, b) for a in range(16) for b in range(16))
                for name, _, _, _ in items
            ),
            row_names=(
                "country",
                "edition",
                "methodology",
                *(i[0] for i in items if questions),
                *category_ids,
                "total",
                "status",
            ),
            delta_names=(
                "country",
                "from_edition",
                "to_edition",
                "methodology",
                "converted_scale",
                *(
                    f"{c}_{part}"
                    for c in (*category_ids, "total")
                    for part in ("from", "to", "delta")
                ),
                "status_from",
                "status_to",
                "questions_moved",
                "findings",
            ),
        )

    def report(self, country: str, edition: int, figures: dict[str, int]) -> CountryReport:
        """A report with these figures: question scores or category totals, as the rules read."""
        return CountryReport(
            country=country,
            edition=edition,
            methodology=self.methodology.id,
            scores=figures if self.questions else {},
            categories={} if self.questions else figures,
        )


@attrs.frozen(eq=False, repr=False)
class Found:
    """Records of one source that passed the column checks under one set of rules.

    ``positions`` index the source's records; ``figures`` holds one column per rule id.
    ``outside`` holds, by position, the reports of records whose only fault is a figure
    outside its range: made directly, they go to the object path's checks.
    """

    rules: Rules
    positions: Sequence[int]
    countries: Sequence[str]
    editions: Sequence[int]
    figures: list[Sequence[int]]
    outside: dict[int, CountryReport] = attrs.Factory(dict)  # by position

    def without(self, bad: set[int], outside: dict[int, CountryReport]) -> Found:
        """These records less the rows ``bad``, with the reports ``outside`` (rows from 0)."""
        outside = {self.positions[n]: report for n, report in outside.items()}
        if not bad:
            return attrs.evolve(self, outside=outside)
        ends = [-1, *sorted(bad), len(self.positions)]
        spans = [slice(a + 1, b) for a, b in itertools.pairwise(ends) if b > a + 1]
        return Found(
            self.rules,
            _kept(self.positions, spans),
            _kept(self.countries, spans),
            _kept(self.editions, spans),
            [_kept(column, spans) for column in self.figures],
            outside,
        )

    def report(self, row: int, figures: dict[str, int]) -> CountryReport:
        """Row ``row`` (counted from 0) as a report with these figures."""
        return self.rules.report(self.countries[row], self.editions[row], figures)


@attrs.define(eq=False, repr=False)
class Columns:
    """The valid, scored records of a dataset under one set of rules, column by column."""

    rules: Rules
    index: list[int] = attrs.Factory(list)  # record numbers, ascending
    country: list[str] = attrs.Factory(list)
    edition: list[int] = attrs.Factory(list)
    figures: list[Sequence[int]] = attrs.Factory(list)  # bytes where every value fits
    categories: list[list[int]] = attrs.Factory(list)
    total: list[int] = attrs.Factory(list)
    status_text: list[str] = attrs.Factory(list)

    def extend(self, found: Found, start: int) -> None:
        """Add what passed in one source (its records numbered from ``start``)."""
        rules, count = self.rules, len(found.positions)
        figures = found.figures
        categories = [_sums(figures[part], count, sum(rules.maxima[part])) for part in rules.slices]
        total = _sums(categories, count, rules.methodology.max_total)
        self.index += map(operator.add, found.positions, itertools.repeat(start, count))
        self.country += found.countries
        self.edition += found.editions
        if not self.figures:
            self.figures = [b"" if type(f) is bytes else [] for f in figures]
            self.categories = [[] for _ in rules.slices]
        self.figures = [
            held + values if type(held) is type(values) is bytes else [*held, *values]
            for held, values in zip(self.figures, figures, strict=True)
        ]
        for held, values in zip(self.categories, categories, strict=True):
            held.extend(values)
        self.total += total
        self.status_text += map(rules.status_texts.__getitem__, total)

    def row_parts(self) -> list[Sequence[Any]]:
        """The columns of the panel rows, in the order of ``rules.row_names``."""
        rules = self.rules
        return [
            self.country,
            self.edition,
            [rules.methodology.id] * len(self.index),
            *(self.figures if rules.questions else ()),
            *self.categories,
            self.total,
            self.status_text,
        ]

    def position(self, index: int) -> int | None:
        """Where record ``index`` is in the columns, if it is here."""
        at = bisect.bisect_left(self.index, index)
        return at if at < len(self.index) and self.index[at] == index else None

    def figures_of(self, at: int) -> dict[str, int]:
        return {name: column[at] for name, column in zip(self.rules.ids, self.figures, strict=True)}


@functools.cache
def rules_for(methodology_id: str, *, questions: bool) -> Rules:
    """The prepared rules of a built-in methodology (one instance each)."""
    return Rules.of(get_methodology(methodology_id), questions=questions)


def usable_rules(methodology_id: str | None, *, questions: bool) -> Rules | None:
    """The rules for scores (or totals) under a methodology, if it takes them.

    Question scores are taken only by a question-level methodology.
    """
    if methodology_id is None:
        return None
    if questions and not get_methodology(methodology_id).question_level:
        return None
    return rules_for(methodology_id, questions=questions)


def _kept(column: Sequence[_T], spans: list[slice]) -> Sequence[_T]:
    """The values of a column in these spans of rows (bytes stay bytes)."""
    if type(column) is bytes:
        return cast("Sequence[_T]", b"".join(map(column.__getitem__, spans)))
    return list(itertools.chain.from_iterable(map(column.__getitem__, spans)))


def _sums(columns: Sequence[Sequence[int]], count: int, most: int) -> Sequence[int]:
    """Element-wise sums of columns (zeros when there are none), each at most ``most``.

    Columns of bytes whose sums stay below 256 are added as whole numbers, a byte per row:
    no row's sum can carry into the next one.
    """
    if not columns:
        return [0] * count
    if len(columns) == 1:
        return columns[0]
    blocks = [column for column in columns if type(column) is bytes]
    if count and most < 256 and len(blocks) == len(columns):
        return sum(map(int.from_bytes, blocks)).to_bytes(count)
    return list(map(sum, zip(*columns, strict=True)))


def taker(positions: Sequence[int]) -> Callable[[Sequence[Any]], Sequence[Any]]:
    """A function that picks ``positions`` out of a column, as a tuple."""
    if len(positions) == 1:
        (only,) = positions
        return lambda column: (column[only],)
    return operator.itemgetter(*positions)


def delta_columns(
    columns: Columns,
    old_at: list[int],
    new_at: list[int],
    moved: Callable[[], list[str] | None] | None = None,
) -> list[Sequence[Any]]:
    """Delta columns between positions of the same columns, computed column by column.

    The questions moved, the costliest column, are computed when first used: by ``moved``
    when it gives them, else by picking each question's values.
    """
    rules, count = columns.rules, len(old_at)
    old, new = taker(old_at), taker(new_at)
    parts: list[Iterable[Any]] = [
        new(columns.country),
        old(columns.edition),
        new(columns.edition),
        itertools.repeat(rules.methodology.id, count),
        itertools.repeat(False, count),  # noqa: FBT003 - a column of flags
    ]
    for column in (*columns.categories, columns.total):
        was, now = old(column), new(column)
        parts += (was, now, map(operator.sub, now, was))
    parts += (old(columns.status_text), new(columns.status_text))

    def questions_moved() -> list[str]:
        known = moved() if moved is not None else None
        if known is not None:
            return known
        if not rules.questions:
            return [""] * count
        pieces = [
            map(operator.getitem, map(moves.__getitem__, old(column)), new(column))
            for moves, column in zip(rules.moves, columns.figures, strict=True)
        ]
        return list(map(str.lstrip, map("".join, zip(*pieces, strict=True))))

    return [
        *(list(part) for part in parts),
        Deferred(questions_moved),
        [0] * count,
    ]


def neighbour_moves(columns: Columns, same: list[bool]) -> list[str] | None:
    """The questions moved between each row and the next where ``same`` holds, or None.

    Only for question columns held as bytes (values below 16): each row's pair of values is
    packed into one byte, ``16 * previous + current``, by whole-number arithmetic on the
    columns, and looked up once.
    """
    rules = columns.rules
    if not rules.questions or min(rules.minima) < 0 or max(rules.maxima) > 15:
        return None
    if not all(type(figures) is bytes for figures in columns.figures):
        return None
    count = len(columns.index) - 1
    pieces = []
    for texts, column in zip(rules.byte_moves, columns.figures, strict=True):
        data = cast("bytes", column)
        pairs = (int.from_bytes(data[:-1]) * 16 + int.from_bytes(data[1:])).to_bytes(count)
        pieces.append(map(texts.__getitem__, pairs))
    moved = map(str.lstrip, map("".join, zip(*pieces, strict=True)))
    return list(itertools.compress(moved, same))


#: ASCII digits to their values.
_DIGITS = bytes.maketrans(b"0123456789", bytes(range(10)))


def converted(column: Sequence[str], texts: Texts, bad: set[int]) -> Sequence[int] | None:
    """A column of cells as values; rows outside the allowed values are added to ``bad``.

    A column given as one string of ASCII digits (one cell per character) is read as
    bytes. Otherwise canonical texts are looked up, and any other cell is read with
    `int` (None if one cannot be); its row is bad unless the value is allowed.
    """
    allowed = texts.values()
    low, high = min(allowed), max(allowed)
    if type(column) is str and column.isascii() and column.isdigit():
        digits = column.encode().translate(_DIGITS)
        for value in set(digits) - set(allowed):
            bad.update(occurrences(digits, value))
        return digits  # a value per byte
    values: list[int] = list(map(texts.__getitem__, column))
    if values and min(values) != texts.MISSING:
        return values
    for at in occurrences(values, texts.MISSING):
        try:
            value = int(column[at])
        except ValueError:
            return None
        values[at] = value
        if not low <= value <= high:
            bad.add(at)
    return values


def occurrences(values: Sequence[Any], value: object) -> Iterator[int]:
    """Every position of ``value`` in a list or bytes, found by the sequence's own search."""
    at = -1
    while True:
        try:
            at = values.index(value, at + 1)
        except ValueError:
            return
        yield at


# -- column checks ----------------------------------------------------------------------


def found_in_cells(
    rules: Rules,
    countries: list[str],
    editions: list[int],
    cells: dict[str, Sequence[str]],
    *,
    given: str | None = None,
) -> Found | None:
    """The rows of text cells that pass every check, with reports for those out of range.

    ``countries`` are as reports keep them; ``cells`` hold each id's value as text, a cell
    per row, in the order of the source; ``given`` is the methodology the rows name, if
    any. A cell that is not a whole number: None (the rows go to the
    object path). A row with a blank country, or whose edition ``given`` or the rules'
    methodology does not cover, is left out for the object path.
    """
    outside: set[int] = set()
    figures: list[Sequence[int]] = []
    for name, texts in zip(rules.ids, rules.texts, strict=True):
        values = converted(cells[name], texts, outside)
        if values is None:
            return None
        figures.append(values)
    found = Found(rules, range(len(countries)), countries, editions, figures)
    wanted = rules.methodology.id
    defaults = {e: default_methodology(e) for e in set(editions)}
    other: set[int] = set()
    if given not in (None, wanted):
        other.update(range(len(countries)))
    elif not all(map(str.strip, countries)) or set(defaults.values()) != {wanted}:
        other.update(
            n
            for n, (c, e) in enumerate(zip(countries, editions, strict=True))
            if not c.strip() or defaults[e] != wanted
        )
    at = [rules.ids.index(name) for name in cells]
    reports = {
        n: found.report(n, {rules.ids[k]: figures[k][n] for k in at})
        for n in sorted(outside - other)
    }
    return found.without(outside | other, reports)


def default_methodology(edition: int) -> str | None:
    try:
        return methodology_for_edition(edition).id
    except NetfreedomError:
        return None


def check_records(records: list[Any], candidates: list[int]) -> list[Found]:
    """The candidates that pass every check, grouped by rules, with their figures."""
    uniform = _one_group(records, candidates)
    if uniform is not None:
        return [_passing(records, candidates, uniform)]
    groups: dict[Rules, list[int]] = {}  # rules are one instance each
    defaults: dict[int, str | None] = {}
    for i in candidates:
        record = records[i]
        edition = record["edition"]
        if type(edition) is not int:
            continue
        if edition not in defaults:
            defaults[edition] = default_methodology(edition)
        methodology_id = defaults[edition]
        if record.get("methodology", methodology_id) != methodology_id:
            continue
        rules = usable_rules(methodology_id, questions="scores" in record)
        if rules is not None:
            groups.setdefault(rules, []).append(i)
    return [_passing(records, members, rules) for rules, members in groups.items()]


def _one_group(records: list[Any], candidates: list[int]) -> Rules | None:
    """The rules of every candidate, if one set covers them all (checked column by column)."""
    chosen = list(map(records.__getitem__, candidates))
    editions = list(map(_EDITION, chosen))
    if not editions or set(map(type, editions)) != {int}:
        return None
    defaults = {default_methodology(edition) for edition in set(editions)}
    kinds = set(map(operator.contains, chosen, itertools.repeat("scores")))
    if len(defaults) != 1 or len(kinds) != 1:
        return None
    (methodology_id,), (questions,) = defaults, kinds
    given = set(map(dict.get, chosen, itertools.repeat("methodology")))
    if not given <= {None, methodology_id}:
        return None
    return usable_rules(methodology_id, questions=questions)


def _passing(records: list[Any], members: list[int], rules: Rules) -> Found:
    """The members whose country, figure keys and values all pass, with their figures."""
    field = operator.itemgetter("scores" if rules.questions else "categories")
    chosen = list(map(records.__getitem__, members))
    figures = list(map(field, chosen))
    countries = list(map(_COUNTRY, chosen))
    wanted = set(rules.ids)
    shaped = (
        set(map(type, figures)) == {dict}
        and set(map(type, countries)) == {str}
        and all(wanted == set(keys) for keys in set(map(tuple, figures)))  # orders of keys
        and all(map(str.strip, countries))
    )
    kept: Sequence[int] = members
    if not shaped:
        kept = [
            i
            for i, f, c in zip(members, figures, countries, strict=True)
            if type(f) is dict and f.keys() == wanted and type(c) is str and c.strip()
        ]
        chosen = list(map(records.__getitem__, kept))
        figures = list(map(field, chosen))
    columns: list[Sequence[int]] = [
        list(map(operator.itemgetter(name), figures)) for name in rules.ids
    ]
    found = Found(rules, kept, list(map(_COUNTRY, chosen)), list(map(_EDITION, chosen)), columns)
    outside: set[int] = set()
    malformed: set[int] = set()
    for column, low, high in zip(columns, rules.minima, rules.maxima, strict=True):
        if set(map(type, column)) != {int}:
            malformed.update(n for n, v in enumerate(column) if type(v) is not int)
            outside.update(
                n for n, v in enumerate(column) if type(v) is int and not low <= v <= high
            )
        else:
            outside.update(_out_of_range(column, low, high))
    reports = {n: found.report(n, dict(figures[n])) for n in sorted(outside - malformed)}
    found = found.without(outside | malformed, reports)
    if min(rules.minima) >= 0 and max(rules.maxima) < 256:  # every value fits in a byte
        found = attrs.evolve(found, figures=[bytes(column) for column in found.figures])
    return found


_COUNTRY = operator.itemgetter("country")
_EDITION = operator.itemgetter("edition")


def _out_of_range(column: Sequence[int], low: int, high: int) -> Iterator[int]:
    """Positions of the whole numbers outside ``low..high`` (found only for values present).

    When the range fits in a byte, the column is read as bytes (which refuses a value
    outside 0..255) and the allowed bytes deleted: what is left are the strays.
    """
    if low >= 0 and high < 256:
        try:
            data = bytes(column)
        except ValueError:
            pass
        else:
            strays = set(data.translate(None, bytes(range(low, high + 1))))
            return itertools.chain.from_iterable(occurrences(data, v) for v in strays)
    outside = [v for v in set(column) if not low <= v <= high]
    return itertools.chain.from_iterable(occurrences(column, v) for v in outside)
