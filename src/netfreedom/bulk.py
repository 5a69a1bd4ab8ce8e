"""Large datasets at speed: batches of simple reports held as columns, the same answers.

`read_bulk` reads the same sources as `netfreedom.read_dataset`, through the same readers.
Batches of simple reports (a country, an edition and exactly one methodology's figures) are
screened with the column forms of the validation rules; the rows that may have a finding,
and every record that is not simple, become `CountryReport` objects and are checked by the
rules themselves. The findings, panel rows and delta rows are those of
``read_dataset(...).validate()`` and ``.panel()``.
"""

from __future__ import annotations

import bisect
import itertools
from typing import TYPE_CHECKING, Any

import attrs

from netfreedom._reading import read, read_all
from netfreedom._reading.records import build_report, row_located
from netfreedom._reading.source import Locate
from netfreedom.aggregation import ColumnCards, score
from netfreedom.batch import Batch, pick, scatter
from netfreedom.deltas import Scored, check_scale, delta_table, pairing
from netfreedom.errors import ScoringError
from netfreedom.findings import Finding, Location, ValidationReport
from netfreedom.methodologies import builtin_ids, get_methodology
from netfreedom.methodology import DEFAULT_INDEX, rating_column
from netfreedom.panel import report_row
from netfreedom.scorecard import Scorecard
from netfreedom.table import Table, column_union
from netfreedom.validation import (
    RULES,
    Computed,
    Key,
    Locator,
    Target,
    check_report,
    column_computed,
    computed_of,
    duplicate_reports,
    last_year_totals,
    name_variants,
    notes_against_last_year,
    report_key,
    screen,
)

if TYPE_CHECKING:
    import os
    from collections.abc import Sequence

    from netfreedom._reading.source import Read
    from netfreedom.panel import Panel
    from netfreedom.reports import CountryReport


@attrs.frozen(eq=False, repr=False)
class _Held:
    """A screened batch (records numbered across the dataset) and its computed figures."""

    batch: Batch
    computed: ColumnCards

    @classmethod
    def of(cls, batch: Batch) -> _Held:
        return cls(batch, batch.cards())

    def position(self, record: int) -> int | None:
        """Where a record is in the batch, if it is here."""
        records = self.batch.records
        at = bisect.bisect_left(records, record)
        return at if at < len(records) and records[at] == record else None

    def scored(self) -> Scored:
        batch, computed = self.batch, self.computed
        given = batch.adjustments()
        zeros = [0] * len(batch)  # an adjustment the rows' editions do not score counts 0
        return Scored(
            methodology=batch.methodology,
            records=batch.records,
            countries=batch.countries,
            editions=batch.editions,
            categories=computed.categories,
            totals=computed.totals,
            statuses=computed.statuses,
            scores=(dict(zip(batch.ids, batch.figures, strict=True)) if batch.questions else {})
            | {a.id: given.get(a.id, zeros) for a in batch.methodology.adjustments},
            groups=computed.groups,
            ratings=computed.ratings,
        )

    def row_columns(self) -> tuple[tuple[str, ...], list[Sequence[Any]]]:
        """The names and columns of the batch's panel rows (as `report_row` makes them)."""
        batch, methodology, computed = self.batch, self.batch.methodology, self.computed
        given = batch.adjustments()
        nothing: list[None] = [None] * len(batch)
        questions = methodology.questions if batch.questions else ()
        names = (
            "country",
            "edition",
            "methodology",
            *(("region", "territory") if batch.described else ()),
            *(q.id for q in questions),
            *(a.id for a in methodology.adjustments),
            *(c.id for c in methodology.categories),
            *(g.id for g in methodology.groups),
            *(rating_column(g.id) for g in methodology.rated_groups),
            "total",
            "status",
        )
        columns = [
            batch.countries,
            batch.editions,
            [methodology.id] * len(batch),
            *batch.described,
            *batch.figures[: len(questions)],
            *(given.get(a.id, nothing) for a in methodology.adjustments),
            *computed.categories,
            *computed.groups,
            *computed.ratings,
            computed.totals,
            computed.statuses,
        ]
        return names, columns


@attrs.define(eq=False, repr=False)
class BulkDataset:
    """Reports held as columns where they are simple, with the object path's answers.

    Build it with `read_bulk`. Records are numbered in input order; each is held in a
    screened batch or, for anything else, as a `Target` (a report and its location).
    """

    _count: int = 0
    _held: list[_Held] = attrs.Factory(list)
    _entries: dict[int, Target] = attrs.Factory(dict)
    _chunks: list[tuple[int, Locate]] = attrs.Factory(list)
    _load_findings: list[Finding] = attrs.Factory(list)
    _scores: dict[int, Scorecard | ScoringError] = attrs.Factory(dict)

    def __len__(self) -> int:
        """The number of reports (records that make a report)."""
        return sum(len(held.batch) for held in self._held) + len(self._entries)

    def __repr__(self) -> str:
        """A summary: how many reports, and how many are held as columns."""
        return (
            f"<BulkDataset: {len(self):,} reports, {len(self) - len(self._entries):,} as columns>"
        )

    # -- records -----------------------------------------------------------------------

    def _find(self, index: int) -> tuple[_Held, int]:
        for held in self._held:
            at = held.position(index)
            if at is not None:
                return held, at
        if not 0 <= index < self._count:
            raise KeyError(f"no record {index}: the sources hold {self._count} (from 0)")
        raise KeyError(f"record {index} made no report (records() lists those that did)")

    def records(self) -> list[int]:
        """The numbers of the records that made a report, in input order.

        Records are numbered from 0 across the sources; these are what `report` and
        `location` take (a record that made no report, such as one whose edition is no
        number, is left out).
        """
        numbers = list(self._entries)
        for held in self._held:
            numbers += held.batch.records
        numbers.sort()
        return numbers

    def location(self, index: int) -> Location:
        """Where record ``index`` is, as the object path locates it.

        Raises:
            KeyError: The record made no report (see `records`).
        """
        if index in self._entries:
            return self._entries[index].location
        held, at = self._find(index)
        return self._locator(held.batch)(at, None)

    def _locator(self, batch: Batch) -> Locator:
        """Where a held batch's rows (or their fields) are, as the object path locates them."""
        # a batch's rows come from one source: the chunk of its first
        start, where = self._chunks[
            bisect.bisect_right(self._chunks, batch.records[0], key=_start) - 1
        ]
        records, countries, editions = batch.records, batch.countries, batch.editions

        def locate(row: int, key: str | None) -> Location:
            return where(records[row] - start, countries[row], editions[row], key)

        return locate

    def report(self, index: int) -> CountryReport:
        """Record ``index`` as a `CountryReport` (built on demand for records in columns).

        Raises:
            KeyError: The record made no report (see `records`).
        """
        if index in self._entries:
            return self._entries[index].report
        held, at = self._find(index)
        return held.batch.report(at)

    def _target(self, index: int) -> Target:
        entry = self._entries.get(index)
        return entry if entry is not None else Target(self.report(index), self.location(index))

    def panel(self) -> Panel:
        """The reports as a `Panel` of objects, located as the object path locates them."""
        from netfreedom.panel import Panel  # noqa: PLC0415 - the object path, on demand

        return Panel(self._target(i) for i in self.records())

    def _scored(self, index: int) -> Scorecard | ScoringError:
        """A report's ``score(report)``, or why it cannot be scored; worked out once."""
        outcome = self._scores.get(index)
        if outcome is None:
            try:
                outcome = score(self._entries[index].report)
            except ScoringError as error:
                # kept without its traceback, whose frames would hold the dataset in a cycle
                outcome = error.with_traceback(None)
            self._scores[index] = outcome
        return outcome

    # -- answers -----------------------------------------------------------------------

    def validate(self) -> ValidationReport:
        """Every finding, exactly as ``read_dataset(...).validate()`` gives them."""
        findings = list(self._load_findings)
        cards: dict[int, Scorecard | None] = {}
        for index, entry in self._entries.items():
            cards[index], problems = check_report(entry)
            findings += problems
            card = cards[index]
            if (
                card is not None
                and entry.report.edition in get_methodology(card.methodology).editions
            ):
                self._scores[index] = card  # what score(report) gives: the edition's own
        pending = [  # the findings rules make from columns, for rows held, when listed
            each.made(held.batch, self._locator(held.batch))
            for held in self._held
            for each in RULES
            if each.made is not None
        ]
        stated = {
            index: entry.report.published.last_year_total
            for index, entry in self._entries.items()
            if entry.report.published.last_year_total is not None
        }
        for held in self._held:
            records, last_years = held.batch.records, held.batch.last_year_totals
            stated.update(
                (records[n], total) for n, total in enumerate(last_years) if total is not None
            )
        order = self.records()
        keys = self._keys(order)
        totals = {bisect.bisect_left(order, index): total for index, total in stated.items()}

        computed = pick(self._computed(cards), order) if totals else []

        def locate(n: int) -> Location:
            return self.location(order[n])

        findings += duplicate_reports(keys, locate)
        findings += name_variants(keys, locate)
        findings += last_year_totals(keys, totals, computed.__getitem__, locate)
        noted = {  # only records read as objects hold notes
            bisect.bisect_left(order, index): entry
            for index, entry in self._entries.items()
            if entry.report.score_changes
        }
        findings += notes_against_last_year(keys, noted, lambda n: self.report(order[n]))
        return ValidationReport(findings, len(order), pending=tuple(pending))

    def _computed(self, cards: dict[int, Scorecard | None]) -> list[Computed]:
        """Each record's `Computed` figures (None: it made no report), by record number."""
        figures: list[Computed] = [None] * self._count
        for held in self._held:
            scatter(
                figures, held.batch.records, column_computed(held.batch.methodology, held.computed)
            )
        for index, card in cards.items():
            figures[index] = computed_of(card)
        return figures

    def _keys(self, order: list[int]) -> list[Key]:
        """The country, edition and index of these records (in input order)."""
        countries: list[Any] = [None] * self._count
        editions: list[Any] = [None] * self._count
        series: list[Any] = [None] * self._count
        for held in self._held:
            batch = held.batch
            scatter(countries, batch.records, batch.countries)
            scatter(editions, batch.records, batch.editions)
            scatter(series, batch.records, [batch.methodology.index] * len(batch))
        for index, entry in self._entries.items():
            countries[index], editions[index], series[index] = report_key(entry.report)
        return list(
            zip(pick(countries, order), pick(editions, order), pick(series, order), strict=True)
        )

    def rows(self) -> list[dict[str, Any]]:
        """One flat dict per report, as `Panel.rows` gives them (each with its own columns)."""
        numbered: list[tuple[int, dict[str, Any]]] = []
        for numbers, names, columns in self._row_parts():
            rows = map(dict, map(zip, itertools.repeat(names), zip(*columns, strict=True)))
            numbered += zip(numbers, rows, strict=True)
        numbered.sort(key=_first)
        return [row for _, row in numbered]

    def table(self) -> Table:
        """The panel rows as a `Table`, in input order."""
        return _merged(self._row_parts())

    def _row_parts(self) -> list[tuple[Sequence[int], tuple[str, ...], list[Sequence[Any]]]]:
        """The panel rows: record numbers, column names and columns, a part per kind of row."""
        parts: list[tuple[Sequence[int], tuple[str, ...], list[Sequence[Any]]]] = [
            (held.batch.records, *held.row_columns()) for held in self._held
        ]
        by_names: dict[tuple[str, ...], tuple[list[int], list[tuple[Any, ...]]]] = {}
        for index, entry in self._entries.items():
            row = report_row(entry.report)
            numbers, values = by_names.setdefault(tuple(row), ([], []))
            numbers.append(index)
            values.append(tuple(row.values()))
        for names, (numbers, values) in by_names.items():
            parts.append((numbers, names, [list(c) for c in zip(*values, strict=True)]))
        return parts

    def deltas(self, *, scale: str = "modern") -> tuple[list[dict[str, Any]], list[Finding]]:
        """Consecutive-edition delta rows and their findings (see `delta_table`).

        Each row has its own columns, as `netfreedom.panel.delta_row` makes them: a FOTN row
        of data that holds FIW reports too has no ``PR_from``. (No column of a delta row is
        ever None; in the `Table`, a row lacking a column holds None there.)

        Raises:
            ValueError: The scale is not ``"modern"`` or ``"native"``.
        """
        table, findings = self.delta_table(scale=scale)
        rows = table.dicts()
        if any(None in row.values() for row in rows):
            rows = [{k: v for k, v in row.items() if v is not None} for row in rows]
        return rows, findings

    def delta_table(self, *, scale: str = "modern") -> tuple[Table, list[Finding]]:
        """The rows of `deltas` as a `Table`, and the findings of the deltas.

        The findings: reports left out, gaps between editions, then what reconciling Score
        Change notes found (the delta rows count these in ``findings``).

        Raises:
            ValueError: The scale is not ``"modern"`` or ``"native"``.
        """
        check_scale(scale)
        errors: dict[int, ScoringError] = {}
        scored: list[Scored] = [held.scored() for held in self._held]
        cards: dict[int, Scorecard] = {}
        for index in self._entries:
            outcome = self._scored(index)
            if isinstance(outcome, ScoringError):
                errors[index] = outcome
            else:
                cards[index] = outcome
        scored += Scored.of_cards(cards, self.report)
        order = self.records()
        keys = self._keys(order)
        position = {index: n for n, index in enumerate(order)} if errors else {}
        pairs, findings = pairing(
            keys, {position[i]: e for i, e in errors.items()}, lambda n: self.location(order[n])
        )
        numbered = [(order[a], order[b]) for a, b in pairs]
        notes = {
            (a, b): (self.report(a), self._entries[b])
            for a, b in numbered
            if b in self._entries and self._entries[b].report.score_changes
        }
        table, reconciled = delta_table(scored, numbered, notes, self._count, scale=scale)
        for pair in numbered:  # in the order of the pairs
            findings += reconciled.get(pair, ())
        return table, findings

    # -- reading ---------------------------------------------------------------------

    def add_finding(self, finding: Finding) -> None:
        """Take in a problem met while reading."""
        self._load_findings.append(finding)

    def add(self, source: Read) -> None:
        """Take in what reading one source gave (its records numbered after those held)."""
        start = self._count
        self._count += source.count
        self._chunks.append((start, source.locate))
        self._load_findings += source.findings
        for batch in source.batches:
            flagged = screen(batch)
            rows = set(range(len(batch))) if flagged is None else flagged
            for row in sorted(rows):
                self._entries[start + batch.records[row]] = row_located(batch, row, source.locate)
            kept = batch.without(rows)
            if len(kept):
                records = [start + number for number in kept.records]
                self._held.append(_Held.of(kept.numbered(records)))
        for number in sorted(source.records):
            where = source.locate(number)
            target, problems = build_report(source.records[number], where)
            self._load_findings += problems
            if target is not None:
                self._entries[start + number] = target
        self._entries = dict(sorted(self._entries.items()))


def _merged(parts: list[tuple[Sequence[int], tuple[str, ...], list[Sequence[Any]]]]) -> Table:
    """One table of parts (record numbers, column names, columns), rows in record order.

    The columns are every name, in an order each part keeps (`column_union`); a part
    without a column holds None there.
    """
    parts = [part for part in parts if part[0]]
    if not parts:  # the columns of a headline row, for a reader of the empty table
        categories = dict.fromkeys(
            c.id
            for m in map(get_methodology, builtin_ids())
            if m.index == DEFAULT_INDEX
            for c in m.categories
        )
        fixed = ("country", "edition", "methodology", *categories, "total", "status")
        return Table(fixed, [[] for _ in fixed])
    parts.sort(key=lambda part: part[0][0])
    names = column_union(part[1] for part in parts)
    numbers = list(itertools.chain.from_iterable(part[0] for part in parts))
    order = sorted(range(len(numbers)), key=numbers.__getitem__)
    data = []
    for name in names:
        column: list[Any] = []
        for count, part_names, columns in ((len(p[0]), p[1], p[2]) for p in parts):
            if name in part_names:
                column += columns[part_names.index(name)]
            else:
                column += [None] * count
        data.append(column if order == list(range(len(order))) else pick(column, order))
    return Table(names, data)


def _first(pair: tuple[int, object]) -> int:
    return pair[0]


def _start(chunk: tuple[int, Locate]) -> int:
    return chunk[0]


def read_bulk(*sources: str | os.PathLike[str], keep_going: bool = False) -> BulkDataset:
    """Read sources like `netfreedom.read_dataset`, holding simple records as columns.

    Raises:
        LoadError: A source cannot be read at all (with ``keep_going``: none can).
    """
    bulk = BulkDataset()
    for part in read_all(sources, keep_going=keep_going):
        if isinstance(part, Finding):
            bulk.add_finding(part)
        else:
            bulk.add(part)
    return bulk


def bulk_loads(text: str, *, source: str = "<string>", format: str = "json") -> BulkDataset:  # noqa: A002
    """Read text like `netfreedom.loads` (``"json"``, ``"jsonl"`` or ``"csv"``).

    Raises:
        LoadError: The text is empty or not valid in its format.
        ValueError: The format is none of the three.
    """
    bulk = BulkDataset()
    bulk.add(read(text, source, format))
    return bulk
