"""Large datasets at speed: columns instead of objects, the same answers.

`read_bulk` reads the same sources as `netfreedom.read_dataset`. Records that hold only a
country, an edition and well-formed scores (or category totals) are checked and scored
column by column, without building a `CountryReport` for each. Every other record — one
that fails a check, or carries published figures, facts, notes or text — goes through the
object path (`build_report` and the validation rules). The findings, panel rows and delta
rows are exactly those of ``read_dataset(...).validate()`` and ``.panel()``; the tests
compare the two paths on generated data.
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import gc
import io
import itertools
import json
import operator
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from netfreedom.aggregation import score
from netfreedom.dataset import (
    Entry,
    _csv_header_findings,
    _csv_record,
    _entry,
    _expand,
    _format_of,
    _parse_json,
    build_report,
    read_text,
)
from netfreedom.deltas import compare
from netfreedom.errors import LoadError, NetfreedomError, ScoringError, SourceLocation
from netfreedom.findings import Finding, Location, ValidationReport
from netfreedom.methodologies import get_methodology, methodology_for_edition
from netfreedom.methodology import Methodology, Scale, Status
from netfreedom.panel import Panel, delta_row, gap_finding, left_out_finding, report_row
from netfreedom.reports import CountryReport
from netfreedom.scorecard import CategoryScore, Scorecard
from netfreedom.validation import Target, check_report, duplicate_reports, last_year_totals

if TYPE_CHECKING:
    import os
    from collections.abc import Sequence


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while columns are built.

    Building columns allocates hundreds of thousands of tuples and dicts that hold no
    reference cycles; the collector's repeated full passes over them cost about a tenth of
    the time. It is re-enabled afterwards (unless it was off already).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: Keys a JSON record may have and still take the column path.
_SIMPLE_KEYS = frozenset({"country", "edition", "methodology", "scores", "categories"})
#: Keys a JSON record needs to take the column path.
_REQUIRED_KEYS = frozenset({"country", "edition"})
#: A key followed by white space before its colon (the quote count below assumes none).
_SPACED_KEY = re.compile(r'"[ \t\r\n]+:')


@attrs.frozen(eq=False)
class _Rules:
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
    moves: dict[tuple[int, int, int], str]
    row_names: tuple[str, ...]
    delta_names: tuple[str, ...]

    @classmethod
    def of(cls, methodology: Methodology, *, questions: bool) -> _Rules:
        if questions:
            items = [(q.id, q.min, q.max, q.category) for q in methodology.questions]
        else:
            items = [(c.id, c.min, c.max, c.id) for c in methodology.categories]
        slices = []
        for category in methodology.categories:
            where = [i for i, item in enumerate(items) if item[3] == category.id]
            slices.append(slice(where[0], where[-1] + 1) if where else slice(0, 0))
        totals = range(methodology.min_total, methodology.max_total + 1)
        category_ids = [c.id for c in methodology.categories]
        return cls(
            methodology=methodology,
            questions=questions,
            ids=tuple(i[0] for i in items),
            minima=tuple(i[1] for i in items),
            maxima=tuple(i[2] for i in items),
            slices=tuple(slices),
            statuses={t: methodology.status_for(t) for t in totals},
            moves={
                (n, a, b): f"{name}:{a}>{b}"
                for n, (name, low, high, _) in enumerate(items)
                for a in range(low, high + 1)
                for b in range(low, high + 1)
            },
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


class _Record(NamedTuple):
    """A valid, scored record held in columns (a tuple: cheap to make by the thousand)."""

    key: tuple[str, int]
    rules: _Rules
    values: tuple[int, ...]
    given: dict[str, int] | None
    categories: tuple[int, ...]
    total: int
    status: Status


@attrs.define
class BulkDataset:
    """Reports held as columns where they are simple, with the object path's answers.

    Build it with `read_bulk`. Records are numbered in input order; each is either held in
    columns (valid and scored) or, for anything else, as the object path's `Entry`.
    """

    _count: int = 0
    _fast: dict[int, _Record] = attrs.Factory(dict)
    _entries: dict[int, Entry] = attrs.Factory(dict)
    _chunks: list[tuple[int, Callable[[int], Location]]] = attrs.Factory(list)
    _load_findings: list[Finding] = attrs.Factory(list)

    def __len__(self) -> int:
        """The number of reports (records that make a report)."""
        return len(self._fast) + len(self._entries)

    # -- records -----------------------------------------------------------------------

    def _order(self) -> list[int]:
        return sorted(itertools.chain(self._fast, self._entries))

    def _key(self, index: int) -> tuple[str, int]:
        record = self._fast.get(index)
        return record.key if record is not None else self._entries[index].report.key

    def location(self, index: int) -> Location:
        """Where record ``index`` is, as the object path locates it."""
        if index in self._entries:
            return self._entries[index].location
        start, where = self._chunks[bisect.bisect_right(self._chunks, index, key=_start) - 1]
        country, edition = self._fast[index].key
        return attrs.evolve(where(index - start), country=country, edition=edition)

    def report(self, index: int) -> CountryReport:
        """Record ``index`` as a `CountryReport` (built on demand for column records)."""
        if index in self._entries:
            return self._entries[index].report
        record = self._fast[index]
        given = record.given
        if given is None:
            given = dict(zip(record.rules.ids, record.values, strict=True))
        return CountryReport(
            country=record.key[0],
            edition=record.key[1],
            methodology=record.rules.methodology.id,
            scores=given if record.rules.questions else {},
            categories={} if record.rules.questions else given,
        )

    def panel(self) -> Panel:
        """The reports as a `Panel` of objects, located as the object path locates them."""
        return Panel(self._target(i) for i in self._order())

    def _target(self, index: int) -> Target:
        entry = self._entries.get(index)
        if entry is None:
            return Target(self.report(index), self.location(index))
        return Target(entry.report, entry.location, entry.reported)

    def _card(self, index: int) -> Scorecard | None:
        if index in self._entries:
            try:
                return score(self._entries[index].report)
            except ScoringError:
                return None
        record = self._fast[index]
        methodology = record.rules.methodology
        return Scorecard(
            country=record.key[0],
            edition=record.key[1],
            methodology=methodology.id,
            scale=methodology.scale,
            categories=tuple(
                CategoryScore(c.id, c.name, points, c.max)
                for c, points in zip(methodology.categories, record.categories, strict=True)
            ),
            total=record.total,
            max_total=methodology.max_total,
            status=record.status,
        )

    # -- answers -----------------------------------------------------------------------

    @_collector_paused()
    def validate(self) -> ValidationReport:
        """Every finding, exactly as ``read_dataset(...).validate()`` gives them."""
        findings = list(self._load_findings)
        cards: dict[int, Scorecard | None] = {}
        for index in self._entries:
            cards[index], problems = check_report(self._target(index))
            findings += problems
        order = self._order()
        keys = [self._key(i) for i in order]
        stated: dict[int, int] = {}
        for n, index in enumerate(order):
            if index in self._entries:
                last_year = self._entries[index].report.published.last_year_total
                if last_year is not None:
                    stated[n] = last_year

        def card_of(n: int) -> Scorecard | None:
            index = order[n]
            return cards[index] if index in cards else self._card(index)

        def locate(n: int) -> Location:
            return self.location(order[n])

        findings += duplicate_reports(keys, locate)
        findings += last_year_totals(keys, stated, card_of, locate)
        return ValidationReport(findings, len(order))

    @_collector_paused()
    def rows(self) -> list[dict[str, Any]]:
        """One flat dict per report, as `Panel.rows` gives them."""
        rows = []
        for index in self._order():
            record = self._fast.get(index)
            if record is None:
                rows.append(report_row(self._entries[index].report))
                continue
            rules = record.rules
            figures = record.values if rules.questions else ()
            values = (*record.key, rules.methodology.id, *figures, *record.categories)
            rows.append(
                dict(
                    zip(rules.row_names, (*values, record.total, record.status.value), strict=True)
                )
            )
        return rows

    @_collector_paused()
    def deltas(self) -> tuple[list[dict[str, Any]], list[Finding]]:
        """Consecutive-edition delta rows and gap findings, as `Panel.deltas` gives them."""
        first: dict[tuple[str, int], int] = {}
        for index in self._order():
            first.setdefault(self._key(index), index)
        findings: list[Finding] = []
        by_country: dict[str, list[int]] = {}
        for key in sorted(first):
            index = first[key]
            if index in self._entries:
                try:
                    score(self._entries[index].report)
                except ScoringError as error:
                    findings.append(left_out_finding(self.location(index), error))
                    continue
            by_country.setdefault(key[0], []).append(index)
        rows: list[dict[str, Any]] = []
        for indices in by_country.values():
            for before, after in itertools.pairwise(indices):
                rows.append(self._delta_row(before, after))
                old_key, new_key = self._key(before), self._key(after)
                if new_key[1] - old_key[1] > 1:
                    gap = gap_finding(self.location(after), old_key, new_key)
                    if gap is not None:
                        findings.append(gap)
        return rows, findings

    def _delta_row(self, before: int, after: int) -> dict[str, Any]:
        old, new = self._fast.get(before), self._fast.get(after)
        if old is None or new is None:
            return delta_row(compare(self.report(before), self.report(after)))
        old_m, new_m = old.rules.methodology, new.rules.methodology
        old_categories, old_total, old_status = old.categories, old.total, old.status
        converted = old_m.scale is not new_m.scale
        if converted:
            if old_m.scale is not Scale.LOWER_IS_FREER:
                return delta_row(compare(self.report(before), self.report(after)))
            old_categories = tuple(
                c.max - p for c, p in zip(old_m.categories, old_categories, strict=True)
            )
            old_total = sum(old_categories)
            old_status = new_m.status_for(old_total)
        changes: list[int] = []
        for was, now in zip(
            (*old_categories, old_total), (*new.categories, new.total), strict=True
        ):
            changes += (was, now, now - was)
        moved = ""
        if old.rules is new.rules and new.rules.questions and old.values != new.values:
            pairs = zip(itertools.count(), old.values, new.values)
            changed = itertools.compress(pairs, map(operator.ne, old.values, new.values))
            moved = " ".join(map(new.rules.moves.__getitem__, changed))
        values = (
            new.key[0],
            old.key[1],
            new.key[1],
            new_m.id,
            converted,
            *changes,
            old_status.value,
            new.status.value,
            moved,
            0,
        )
        return dict(zip(new.rules.delta_names, values, strict=True))

    # -- reading ---------------------------------------------------------------------

    def _add_json(self, text: str, source: str, *, lines: bool) -> None:
        if lines:
            numbered = [
                (n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()
            ]
            records = [_parse_json(line, source, line_offset=n - 1) for n, line in numbered]
            places: list[tuple[str | None, int | None]] | None = [(None, n) for n, _ in numbered]
        else:
            document = _plain_json(text, source)
            records = document if isinstance(document, list) else [document]
            places = None if isinstance(document, list) else [("$", None)]
        fast = _check_columns(records, _simple_indices(records))
        if not lines and not _free_of_duplicates(text, records, _by_index(fast)):
            reparsed = _parse_json(text, source)
            records = reparsed if isinstance(reparsed, list) else [reparsed]
            fast = _check_columns(records, _simple_indices(records))

        def where(i: int) -> Location:
            if places is None:
                return Location(source=source, path=f"$[{i}]")
            path, line = places[i]
            return Location(source=source, path=path, line=line)

        self._add(records, fast, where)

    def _add_csv(self, text: str, source: str) -> None:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            header = [column.strip() for column in next(reader)]
            rows = [(reader.line_num, row) for row in reader]
        except csv.Error as error:
            raise LoadError(
                SourceLocation(source, line=reader.line_num), f"invalid CSV: {error}"
            ) from None
        self._load_findings += _csv_header_findings(header, source)
        rows = [(line, row) for line, row in rows if any(map(str.strip, row))]
        columns = _CsvColumns.of(header)
        fast: _Passed = []
        records: list[Any] = [None] * len(rows)
        if columns is not None:
            fast, given = columns.read([row for _, row in rows])
            for i, values in given.items():
                records[i] = values
        passed = {i for group in fast for i in group[1]}
        for i, (line, row) in enumerate(rows):
            if i not in passed:
                record, problems = _csv_record(header, row, line, source)
                self._load_findings += problems
                records[i] = record
        places = [line for line, _ in rows]
        self._add(records, fast, lambda i: Location(source=source, line=places[i]))

    def _add(self, records: list[Any], fast: _Passed, where: Callable[[int], Location]) -> None:
        """Store one source's records: columns for the fast ones, entries for the rest."""
        start = self._count
        self._count += len(records)
        self._chunks.append((start, where))
        passed = set(itertools.chain.from_iterable(group[1] for group in fast))
        for i, record in enumerate(records):
            if i not in passed:
                report, problems = build_report(record, where(i))
                self._load_findings += problems
                if report is not None:
                    self._entries[start + i] = _entry(report, where(i), problems)
        for rules, indices, values, keys, given in fast:
            sums = [map(sum, map(operator.itemgetter(part), values)) for part in rules.slices]
            categories = list(zip(*sums, strict=True))
            totals = list(map(sum, categories))
            statuses = map(rules.statuses.__getitem__, totals)
            fields = zip(
                keys,
                itertools.repeat(rules, len(values)),
                values,
                given,
                categories,
                totals,
                statuses,
                strict=True,
            )
            self._fast.update(
                zip((start + i for i in indices), map(_make_record, fields), strict=True)
            )


_COUNTRY = operator.itemgetter("country")
_EDITION = operator.itemgetter("edition")


def _make_record(fields: tuple[Any, ...]) -> _Record:
    return tuple.__new__(_Record, fields)


def _start(chunk: tuple[int, Callable[[int], Location]]) -> int:
    return chunk[0]


@_collector_paused()
def read_bulk(*sources: str | os.PathLike[str]) -> BulkDataset:
    """Read sources like `netfreedom.read_dataset`, holding simple records as columns.

    Raises:
        LoadError: A source cannot be read at all.
    """
    bulk = BulkDataset()
    for source in _expand(sources):
        name, text = read_text(source)
        _add_text(bulk, text, name, _format_of(name, text))
    return bulk


@_collector_paused()
def bulk_loads(text: str, *, source: str = "<string>", format: str = "json") -> BulkDataset:  # noqa: A002
    """Read text like `netfreedom.loads` (``"json"``, ``"jsonl"`` or ``"csv"``).

    Raises:
        LoadError: The text is empty or not valid in its format.
        ValueError: The format is none of the three.
    """
    if format not in ("json", "jsonl", "csv"):
        raise ValueError(f"unknown format {format!r}; expected json, jsonl or csv")
    bulk = BulkDataset()
    _add_text(bulk, text, source, format)
    return bulk


def _add_text(bulk: BulkDataset, text: str, source: str, kind: str) -> None:
    if not text.strip():
        raise LoadError(SourceLocation(source), "empty input: no reports to read")
    if kind == "csv":
        bulk._add_csv(text, source)  # noqa: SLF001 - the reader fills what it built
    else:
        bulk._add_json(text, source, lines=kind == "jsonl")  # noqa: SLF001 - idem


# -- JSON -------------------------------------------------------------------------------


def _plain_json(text: str, source: str) -> Any:  # noqa: ANN401 - JSON
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return _parse_json(text, source)  # raises the located LoadError


def _by_index(fast: _Passed) -> dict[int, tuple[int, ...]]:
    return {i: v for _, indices, values, _, _ in fast for i, v in zip(indices, values, strict=True)}


def _simple_indices(records: list[Any]) -> list[int]:
    """The indices of the simple records (see `_simple`), checked by key set where possible."""
    if set(map(type, records)) == {dict}:
        keysets = set(map(frozenset, records))
        if all(_simple(dict.fromkeys(keys)) for keys in keysets):
            return list(range(len(records)))
    return [i for i, record in enumerate(records) if _simple(record)]


def _simple(record: object) -> bool:
    """Whether a record holds only what the column path checks (and no repeated key)."""
    if not isinstance(record, dict) or getattr(record, "duplicates", None):
        return False
    keys = record.keys()
    return _REQUIRED_KEYS <= keys <= _SIMPLE_KEYS and ("scores" in record) != (
        "categories" in record
    )


def _free_of_duplicates(text: str, records: list[Any], fast: dict[int, tuple[int, ...]]) -> bool:
    """Whether the plain parse provably lost no repeated key.

    When no string (key or value) holds a quote, the text has exactly two quotes per key
    and per string value; a repeated key would add two quotes that the parsed objects do
    not account for. Anything unproven is settled by parsing again with detection.
    """
    if _SPACED_KEY.search(text):
        return False
    keys = strings = 0
    for i, record in enumerate(records):
        if i in fast:
            country = record["country"]
            if '"' in country:
                return False
            keys += len(record) + len(fast[i])
            strings += 1 + ("methodology" in record)
        else:
            counted = _count_strings(record)
            if counted is None:
                return False
            keys += counted[0]
            strings += counted[1]
    methodologies = [records[i].get("methodology", "") for i in fast]
    if any(map(operator.contains, methodologies, itertools.repeat('"'))):
        return False
    return text.count('"') == 2 * (keys + strings)


def _count_strings(value: object) -> tuple[int, int] | None:
    """Keys and string values in a parsed JSON value, or None if any holds a quote."""
    if isinstance(value, str):
        return None if '"' in value else (0, 1)
    if isinstance(value, list):
        items: Sequence[object] = value
        keys = 0
    elif isinstance(value, dict):
        if any('"' in key for key in value):
            return None
        items, keys = list(value.values()), len(value)
    else:
        return (0, 0)
    strings = 0
    for item in items:
        counted = _count_strings(item)
        if counted is None:
            return None
        keys += counted[0]
        strings += counted[1]
    return keys, strings


# -- CSV --------------------------------------------------------------------------------


@attrs.frozen
class _CsvColumns:
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
    def of(cls, header: list[str]) -> _CsvColumns | None:
        """The layout, if every column is known and given once (else: the object path)."""
        modern, legacy = get_methodology("fotn-2019"), get_methodology("fotn-legacy")
        questions = [q.id for q in modern.questions]
        categories = [c.id for c in modern.categories]
        if len(set(header)) != len(header) or [c.id for c in legacy.categories] != categories:
            return None
        if not set(header) <= {"country", "edition", *questions, *categories, "methodology",
                               "total", "status", "last_year_total"}:  # fmt: skip
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

    def read(self, rows: list[list[str]]) -> tuple[_Passed, dict[int, dict[str, Any]]]:
        """The rows that pass every check, and the JSON-form records the reader made."""
        uniform = self._uniform(rows)
        if uniform is not None:
            return uniform, {}
        records = self._row_by_row(rows)
        ordered = [records.get(i) for i in range(len(rows))]
        fast = _check_columns(ordered, list(records))
        return fast, {i: records[i] for group in fast for i in group[1]}

    def _uniform(self, rows: list[list[str]]) -> _Passed | None:
        """The checked rows of a file whose every row gives every question and nothing else.

        Converted and checked column by column; an irregular file goes row by row instead,
        and a row that fails a check goes to the object path.
        """
        rules = _Rules.of(get_methodology("fotn-2019"), questions=True)
        if (
            not rows
            or sorted(self.question_order) != sorted(rules.ids)
            or set(map(len, rows)) != {self.width}
        ):
            return None
        columns = list(zip(*rows, strict=True))
        empty = [columns[i] for i in (*self.categories, *self.others)]
        if any(any(map(str.strip, column)) for column in empty):
            return None
        by_id = dict(zip(self.question_order, self.questions, strict=True))
        try:
            figures = [list(map(int, columns[by_id[q]])) for q in rules.ids]
            editions = list(map(int, columns[self.edition]))
        except ValueError:
            return None
        countries = list(map(str.strip, columns[self.country]))
        defaults = {e: _default_methodology(e) for e in set(editions)}
        bad = {n for n, (c, e) in enumerate(zip(countries, editions, strict=True))
               if not c or defaults[e] != rules.methodology.id}  # fmt: skip
        for column, low, high in zip(figures, rules.minima, rules.maxima, strict=True):
            bad.update(_out_of_range(column, low, high))
        values = list(zip(*figures, strict=True))
        kept = [n for n in range(len(rows)) if n not in bad] if bad else list(range(len(rows)))
        keys = [(countries[n], editions[n]) for n in kept]
        return [(rules, kept, [values[n] for n in kept], keys, [None] * len(kept))]

    def _row_by_row(self, rows: list[list[str]]) -> dict[int, dict[str, Any]]:
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


# -- column checks ----------------------------------------------------------------------


#: Records that passed the column checks: per rules, their indices, values in rule order,
#: keys (country, edition) and figures as given (None where the reader kept none).
_Passed = list[
    tuple[
        _Rules, list[int], list[tuple[int, ...]], list[tuple[str, int]], list[dict[str, int] | None]
    ]
]


def _default_methodology(edition: int) -> str | None:
    try:
        return methodology_for_edition(edition).id
    except NetfreedomError:
        return None


def _check_columns(records: list[Any], candidates: list[int]) -> _Passed:
    """The candidates that pass every check, grouped by rules, with their values."""
    groups: dict[tuple[str, bool], list[int]] = {}
    rules_of: dict[tuple[str, bool], _Rules] = {}
    defaults: dict[int, str | None] = {}
    for i in candidates:
        record = records[i]
        edition = record["edition"]
        if type(edition) is not int:
            continue
        if edition not in defaults:
            defaults[edition] = _default_methodology(edition)
        methodology_id = defaults[edition]
        if methodology_id is None or record.get("methodology", methodology_id) != methodology_id:
            continue
        group = (methodology_id, "scores" in record)
        if group not in rules_of:
            methodology = get_methodology(methodology_id)
            if group[1] and not methodology.question_level:
                continue
            rules_of[group] = _Rules.of(methodology, questions=group[1])
        groups.setdefault(group, []).append(i)
    passed: _Passed = []
    for group, members in groups.items():
        rules = rules_of[group]
        kept, values = _passing(records, members, rules)
        chosen = [records[i] for i in kept]
        keys = list(zip(map(_COUNTRY, chosen), map(_EDITION, chosen), strict=True))
        field = "scores" if rules.questions else "categories"
        passed.append((rules, kept, values, keys, list(map(operator.itemgetter(field), chosen))))
    return passed


def _passing(
    records: list[Any], members: list[int], rules: _Rules
) -> tuple[list[int], list[tuple[int, ...]]]:
    """The members whose country, figure keys and values all pass, with their values."""
    field = "scores" if rules.questions else "categories"
    chosen = [records[i] for i in members]
    figures = list(map(operator.itemgetter(field), chosen))
    countries = list(map(operator.itemgetter("country"), chosen))
    wanted = set(rules.ids)
    shaped = (
        set(map(type, figures)) == {dict}
        and set(map(type, countries)) == {str}
        and all(map(operator.eq, map(dict.keys, figures), itertools.repeat(wanted)))
        and all(map(str.strip, countries))
    )
    if shaped:
        kept = members
    else:
        kept = [
            i
            for i, f, c in zip(members, figures, countries, strict=True)
            if type(f) is dict and f.keys() == wanted and type(c) is str and c.strip()
        ]
        figures = [records[i][field] for i in kept]
    if not kept:
        return [], []
    get = operator.itemgetter(*rules.ids)
    values = list(map(get, figures)) if len(rules.ids) > 1 else [(get(f),) for f in figures]
    bad: set[int] = set()
    columns = zip(*values, strict=True)
    for column, low, high in zip(columns, rules.minima, rules.maxima, strict=True):
        if set(map(type, column)) != {int}:
            bad.update(
                n for n, v in enumerate(column) if type(v) is not int or not low <= v <= high
            )
        else:
            bad.update(_out_of_range(column, low, high))
    if not bad:
        return list(kept), values
    good = [n for n in range(len(kept)) if n not in bad]
    return [kept[n] for n in good], [values[n] for n in good]


def _out_of_range(column: Sequence[int], low: int, high: int) -> Iterator[int]:
    """Positions of the values outside ``low..high`` (none scanned when min and max fit)."""
    if min(column) >= low and max(column) <= high:
        return iter(())
    positions = range(len(column))
    below = itertools.compress(positions, map(operator.lt, column, itertools.repeat(low)))
    above = itertools.compress(positions, map(operator.gt, column, itertools.repeat(high)))
    return itertools.chain(below, above)
