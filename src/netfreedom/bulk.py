"""Large datasets at speed: columns instead of objects, the same answers.

`read_bulk` reads the same sources as `netfreedom.read_dataset`. Records that hold only a
country, an edition and well-formed scores (or category totals) are checked, scored and
compared column by column, without building a `CountryReport` for each. Every other record —
one that fails a check, or carries published figures, facts, notes or text — goes through
the object path (`build_report` and the validation rules). The findings, panel rows and
delta rows are exactly those of ``read_dataset(...).validate()`` and ``.panel()``; the tests
compare the two paths on generated data.
"""

from __future__ import annotations

import bisect
import csv
import functools
import io
import itertools
import json
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from netfreedom._collector import paused
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
from netfreedom.errors import LoadError, NetfreedomError, ScoringError, SourceLocation
from netfreedom.findings import Finding, Location, ValidationReport
from netfreedom.methodologies import get_methodology, methodology_for_edition
from netfreedom.methodology import Methodology, Scale, Status
from netfreedom.reports import CountryReport
from netfreedom.scorecard import CategoryScore, Scorecard
from netfreedom.table import Table
from netfreedom.validation import (
    Target,
    check_report,
    duplicate_reports,
    gap_finding,
    last_year_totals,
    left_out_finding,
)

if TYPE_CHECKING:
    import os

    from netfreedom.panel import Panel


#: Keys a JSON record may have and still take the column path.
_SIMPLE_KEYS = frozenset({"country", "edition", "methodology", "scores", "categories"})
#: Keys a JSON record needs to take the column path.
_REQUIRED_KEYS = frozenset({"country", "edition"})

#: Where a record of a source is: its index in the source, and the report it holds.
Locator = Callable[..., Location]
#: A report in sorted order: country, edition, record, group number (-1: an entry), position.
_Item = tuple[str, int, int, int, int]


class _Texts(dict[str, int]):
    """Canonical texts of the allowed values, to the values; any other text: `MISSING`."""

    MISSING = -(2**63)  # below every allowed value

    def __missing__(self, key: str) -> int:
        return self.MISSING


@attrs.frozen(eq=False, repr=False)
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
    status_texts: dict[int, str]
    #: Per id: the canonical text of every allowed value, to the value.
    texts: tuple[_Texts, ...]
    #: Per id: previous value to current value to " id:previous>current" ("" if equal).
    moves: tuple[dict[int, dict[int, str]], ...]
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
            status_texts={t: methodology.status_for(t).value for t in totals},
            texts=tuple(
                _Texts({str(v): v for v in range(low, high + 1)}) for _, low, high, _ in items
            ),
            moves=tuple(
                {
                    a: {b: "" if a == b else f" {name}:{a}>{b}" for b in range(low, high + 1)}
                    for a in range(low, high + 1)
                }
                for name, low, high, _ in items
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


@attrs.frozen(eq=False, repr=False)
class _Found:
    """Records of one source that passed the column checks under one set of rules.

    ``positions`` index the source's records; ``figures`` holds one column per rule id.
    ``outside`` holds, by position, the reports of records whose only fault is a figure
    outside its range: made directly, they go to the object path's checks.
    """

    rules: _Rules
    positions: Sequence[int]
    countries: Sequence[str]
    editions: Sequence[int]
    figures: list[Sequence[int]]
    outside: dict[int, CountryReport] = attrs.Factory(dict)  # by position

    def without(self, bad: set[int], outside: dict[int, CountryReport]) -> _Found:
        """These records less the rows ``bad``, with the reports ``outside`` (rows from 0)."""
        outside = {self.positions[n]: report for n, report in outside.items()}
        if not bad:
            return attrs.evolve(self, outside=outside)
        keep = [n not in bad for n in range(len(self.positions))]
        return _Found(
            self.rules,
            list(itertools.compress(self.positions, keep)),
            list(itertools.compress(self.countries, keep)),
            list(itertools.compress(self.editions, keep)),
            [list(itertools.compress(column, keep)) for column in self.figures],
            outside,
        )

    def report(self, row: int, figures: dict[str, int]) -> CountryReport:
        """Row ``row`` (counted from 0) as a report with these figures."""
        return CountryReport(
            country=self.countries[row],
            edition=self.editions[row],
            methodology=self.rules.methodology.id,
            scores=figures if self.rules.questions else {},
            categories={} if self.rules.questions else figures,
        )


@attrs.define(eq=False, repr=False)
class _Columns:
    """The valid, scored records of a dataset under one set of rules, column by column."""

    rules: _Rules
    index: list[int] = attrs.Factory(list)  # record numbers, ascending
    country: list[str] = attrs.Factory(list)
    edition: list[int] = attrs.Factory(list)
    figures: list[list[int]] = attrs.Factory(list)
    categories: list[list[int]] = attrs.Factory(list)
    total: list[int] = attrs.Factory(list)
    status_text: list[str] = attrs.Factory(list)

    def extend(self, found: _Found, start: int) -> None:
        """Add what passed in one source (its records numbered from ``start``)."""
        rules, count = self.rules, len(found.positions)
        figures = found.figures
        categories = [_sums(figures[part], count) for part in rules.slices]
        total = _sums(categories, count)
        self.index += map(operator.add, found.positions, itertools.repeat(start, count))
        self.country += found.countries
        self.edition += found.editions
        if not self.figures:
            self.figures = [[] for _ in rules.ids]
            self.categories = [[] for _ in rules.slices]
        for held, values in zip(
            (*self.figures, *self.categories), (*figures, *categories), strict=True
        ):
            held.extend(values)
        self.total += total
        self.status_text += map(rules.status_texts.__getitem__, total)

    def position(self, index: int) -> int | None:
        """Where record ``index`` is in the columns, if it is here."""
        at = bisect.bisect_left(self.index, index)
        return at if at < len(self.index) and self.index[at] == index else None

    def figures_of(self, at: int) -> dict[str, int]:
        return {name: column[at] for name, column in zip(self.rules.ids, self.figures, strict=True)}


@functools.cache
def _rules(methodology_id: str, *, questions: bool) -> _Rules:
    """The prepared rules of a built-in methodology (one instance each)."""
    return _Rules.of(get_methodology(methodology_id), questions=questions)


def _sums(columns: Sequence[Sequence[int]], count: int) -> list[int]:
    """Element-wise sums of columns (zeros when there are none)."""
    if not columns:
        return [0] * count
    if len(columns) == 1:
        return list(columns[0])
    return list(map(sum, zip(*columns, strict=True)))


def _taker(positions: Sequence[int]) -> Callable[[Sequence[Any]], Sequence[Any]]:
    """A function that picks ``positions`` out of a column, as a tuple."""
    if len(positions) == 1:
        (only,) = positions
        return lambda column: (column[only],)
    return operator.itemgetter(*positions)


@attrs.define(eq=False, repr=False)
class BulkDataset:
    """Reports held as columns where they are simple, with the object path's answers.

    Build it with `read_bulk`. Records are numbered in input order; each is either held in
    columns (valid and scored) or, for anything else, as the object path's `Entry`.
    """

    _count: int = 0
    _columns: dict[tuple[str, bool], _Columns] = attrs.Factory(dict)
    _entries: dict[int, Entry] = attrs.Factory(dict)
    _chunks: list[tuple[int, Locator]] = attrs.Factory(list)
    _load_findings: list[Finding] = attrs.Factory(list)

    def __len__(self) -> int:
        """The number of reports (records that make a report)."""
        return sum(len(c.index) for c in self._columns.values()) + len(self._entries)

    def __repr__(self) -> str:
        """A summary: how many reports, and how many are held as columns."""
        return (
            f"<BulkDataset: {len(self):,} reports, {len(self) - len(self._entries):,} as columns>"
        )

    # -- records -----------------------------------------------------------------------

    def _find(self, index: int) -> tuple[_Columns, int]:
        for columns in self._columns.values():
            at = columns.position(index)
            if at is not None:
                return columns, at
        raise KeyError(index)

    def _order(self) -> tuple[list[int], list[tuple[str, int]]]:
        """Every record that made a report, in input order, and its key."""
        slots: list[tuple[str, int] | None] = [None] * self._count
        for columns in self._columns.values():
            keys = zip(columns.country, columns.edition, strict=True)
            _drain(map(slots.__setitem__, columns.index, keys))
        for index, entry in self._entries.items():
            slots[index] = entry.report.key
        taken = list(map(operator.is_not, slots, itertools.repeat(None)))
        return list(itertools.compress(range(self._count), taken)), list(
            itertools.compress(slots, taken)  # type: ignore[arg-type]
        )

    def location(self, index: int) -> Location:
        """Where record ``index`` is, as the object path locates it."""
        if index in self._entries:
            return self._entries[index].location
        start, where = self._chunks[bisect.bisect_right(self._chunks, index, key=_start) - 1]
        columns, at = self._find(index)
        return where(index - start, country=columns.country[at], edition=columns.edition[at])

    def report(self, index: int) -> CountryReport:
        """Record ``index`` as a `CountryReport` (built on demand for column records)."""
        if index in self._entries:
            return self._entries[index].report
        columns, at = self._find(index)
        figures = columns.figures_of(at)
        return CountryReport(
            country=columns.country[at],
            edition=columns.edition[at],
            methodology=columns.rules.methodology.id,
            scores=figures if columns.rules.questions else {},
            categories={} if columns.rules.questions else figures,
        )

    def panel(self) -> Panel:
        """The reports as a `Panel` of objects, located as the object path locates them."""
        from netfreedom.panel import Panel  # noqa: PLC0415 - the object path, on demand

        return Panel(self._target(i) for i in self._order()[0])

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
        columns, at = self._find(index)
        methodology = columns.rules.methodology
        return Scorecard(
            country=columns.country[at],
            edition=columns.edition[at],
            methodology=methodology.id,
            scale=methodology.scale,
            categories=tuple(
                CategoryScore(c.id, c.name, points[at], c.max)
                for c, points in zip(methodology.categories, columns.categories, strict=True)
            ),
            total=columns.total[at],
            max_total=methodology.max_total,
            status=columns.rules.statuses[columns.total[at]],
        )

    # -- answers -----------------------------------------------------------------------

    @paused()
    def validate(self) -> ValidationReport:
        """Every finding, exactly as ``read_dataset(...).validate()`` gives them."""
        findings = list(self._load_findings)
        cards: dict[int, Scorecard | None] = {}
        for index in self._entries:
            cards[index], problems = check_report(self._target(index))
            findings += problems
        order, keys = self._order()
        stated: dict[int, int] = {}
        if self._entries:
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

        if len(set(keys)) != len(keys):
            findings += duplicate_reports(keys, locate)
        findings += last_year_totals(keys, stated, card_of, locate)
        return ValidationReport(findings, len(order))

    @paused()
    def rows(self) -> list[dict[str, Any]]:
        """One flat dict per report, as `Panel.rows` gives them."""
        names, values = self._report_rows()
        return list(map(dict, map(zip, names, values)))

    @paused()
    def table(self) -> Table:
        """The rows of `rows` as a `Table`: one tuple per report, in input order."""
        return Table.of(*self._report_rows())

    def _report_rows(self) -> tuple[list[tuple[str, ...]], list[tuple[Any, ...]]]:
        names: list[Any] = [None] * self._count
        values: list[Any] = [None] * self._count
        for columns in self._columns.values():
            rules = columns.rules
            count = len(columns.index)
            parts = [
                columns.country,
                columns.edition,
                itertools.repeat(rules.methodology.id, count),
                *(columns.figures if rules.questions else ()),
                *columns.categories,
                columns.total,
                columns.status_text,
            ]
            _drain(map(values.__setitem__, columns.index, zip(*parts, strict=False)))
            _drain(map(names.__setitem__, columns.index, itertools.repeat(rules.row_names)))
        for index, entry in self._entries.items():
            row = _object_row(entry.report)
            names[index], values[index] = tuple(row), tuple(row.values())
        taken = list(map(operator.is_not, names, itertools.repeat(None)))
        return list(itertools.compress(names, taken)), list(itertools.compress(values, taken))

    @paused()
    def deltas(self) -> tuple[list[dict[str, Any]], list[Finding]]:
        """Consecutive-edition delta rows and gap findings, as `Panel.deltas` gives them."""
        table, names, values, findings = self._delta_rows()
        if table is not None:
            return table.dicts(), findings
        return list(map(dict, map(zip, names, values))), findings

    @paused()
    def delta_table(self) -> tuple[Table, list[Finding]]:
        """The rows of `deltas` as a `Table`, and the gap findings."""
        table, names, values, findings = self._delta_rows()
        return (table if table is not None else Table.of(names, values)), findings

    def _delta_rows(
        self,
    ) -> tuple[Table | None, list[tuple[str, ...]], list[tuple[Any, ...]], list[Finding]]:
        """Every consecutive-edition delta, and the findings.

        When every report taking part is held in one set of columns, the deltas come as a
        table computed column by column; otherwise (or when there are none) as the names
        and values of each row.
        """
        kept, after, findings = self._pairs()
        groups = list(self._columns.values())
        numbers = set(map(_NUMBER, kept))
        if after and len(numbers) == 1 and -1 not in numbers:  # one set of rules, as columns
            (number,) = numbers
            columns, positions = groups[number], list(map(_POSITION, kept))
            new_at = list(map(positions.__getitem__, after))
            old_at = list(map(positions.__getitem__, map(operator.sub, after, itertools.repeat(1))))
            data = _batch_deltas(columns, old_at, new_at)
            return Table(columns.rules.delta_names, data), [], [], findings
        names: list[tuple[str, ...]] = [()] * len(after)
        values: list[tuple[Any, ...]] = [()] * len(after)
        batches: dict[int, tuple[list[int], list[int], list[int]]] = {}
        for slot, n in enumerate(after):
            old, new = kept[n - 1], kept[n]
            if old[3] == new[3] != -1:
                batch = batches.setdefault(new[3], ([], [], []))
                batch[0].append(slot)
                batch[1].append(old[4])
                batch[2].append(new[4])
            else:
                names[slot], values[slot] = self._delta_row(old[2], new[2])
        for number, (slots, old_at, new_at) in batches.items():
            columns = groups[number]
            rows = zip(*_batch_deltas(columns, old_at, new_at), strict=True)
            _drain(map(values.__setitem__, slots, rows))
            _drain(map(names.__setitem__, slots, itertools.repeat(columns.rules.delta_names)))
        return None, names, values, findings

    def _pairs(self) -> tuple[list[_Item], list[int], list[Finding]]:
        """The reports that take part in deltas, sorted; where each pair ends; findings.

        A pair is ``kept[n - 1]`` and ``kept[n]`` for each ``n`` of the list of ends.
        """
        items: list[_Item] = []
        for number, columns in enumerate(self._columns.values()):
            count = len(columns.index)
            items += zip(
                columns.country,
                columns.edition,
                columns.index,
                itertools.repeat(number, count),
                range(count),
                strict=True,
            )
        unscorable: dict[int, ScoringError] = {}
        for index, entry in self._entries.items():
            items.append((*entry.report.key, index, -1, 0))
            try:
                score(entry.report)
            except ScoringError as error:
                unscorable[index] = error
        items.sort()
        countries, editions = list(map(_COUNTRY_OF, items)), list(map(_EDITION_OF, items))
        keep, left_out = self._taking_part(items, countries, editions, unscorable)
        if not all(keep):
            items = list(itertools.compress(items, keep))
            countries = list(itertools.compress(countries, keep))
            editions = list(itertools.compress(editions, keep))
        same = map(operator.eq, countries[1:], countries[:-1])
        after = list(itertools.compress(range(1, len(items)), same))
        gaps: list[Finding] = []
        for n in after:
            if editions[n] - editions[n - 1] > 1:
                old, new = items[n - 1], items[n]
                gap = gap_finding(self.location(new[2]), old[:2], new[:2])
                if gap is not None:
                    gaps.append(gap)
        return items, after, left_out + gaps

    def _taking_part(
        self,
        items: list[_Item],
        countries: list[str],
        editions: list[int],
        unscorable: dict[int, ScoringError],
    ) -> tuple[list[bool], list[Finding]]:
        """Which sorted reports take part in deltas, and findings for those left out.

        The first report of a country and edition counts (a repeated one does not), unless
        it cannot be scored.
        """
        keep = [True]
        keep += map(
            operator.or_,
            map(operator.ne, countries[1:], countries[:-1]),
            map(operator.ne, editions[1:], editions[:-1]),
        )
        left_out: list[Finding] = []
        if unscorable:
            for n, item in enumerate(items):
                if keep[n] and item[2] in unscorable:
                    left_out.append(left_out_finding(self.location(item[2]), unscorable[item[2]]))
                    keep[n] = False
        return keep, left_out

    def _delta_row(self, before: int, after: int) -> tuple[tuple[str, ...], tuple[Any, ...]]:
        """One delta between records of different rules, or held as objects."""
        if before in self._entries or after in self._entries:
            return _object_delta(self.report(before), self.report(after))
        (old, o), (new, n) = self._find(before), self._find(after)
        old_m, new_m = old.rules.methodology, new.rules.methodology
        old_categories = [column[o] for column in old.categories]
        old_total = old.total[o]
        old_status = old.rules.statuses[old_total]
        converted = old_m.scale is not new_m.scale
        if converted:
            if old_m.scale is not Scale.LOWER_IS_FREER:
                return _object_delta(self.report(before), self.report(after))
            old_categories = [
                c.max - p for c, p in zip(old_m.categories, old_categories, strict=True)
            ]
            old_total = sum(old_categories)
            old_status = new_m.status_for(old_total)
        changes: list[Any] = []
        new_categories = [column[n] for column in new.categories]
        for was, now in zip(
            (*old_categories, old_total), (*new_categories, new.total[n]), strict=True
        ):
            changes += (was, now, now - was)
        values = (
            new.country[n],
            old.edition[o],
            new.edition[n],
            new_m.id,
            converted,
            *changes,
            old_status.value,
            new.status_text[n],
            "",
            0,
        )
        return new.rules.delta_names, values

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
        found = _check_records(records, _simple_indices(records))
        if not lines and not _free_of_duplicates(text, records, found):
            reparsed = _parse_json(text, source)
            records = reparsed if isinstance(reparsed, list) else [reparsed]
            found = _check_records(records, _simple_indices(records))

        def where(i: int, **report: Any) -> Location:  # noqa: ANN401 - Location fields
            if places is None:
                return Location(source=source, path=f"$[{i}]", **report)
            path, line = places[i]
            return Location(source=source, path=path, line=line, **report)

        self._add(records, found, where)

    def _add_csv(self, text: str, source: str) -> None:
        plain = _plain_csv(text)
        if plain is None:
            header, numbered = _read_csv(text, source)
        else:
            header, columns = plain
            numbered = []
        self._load_findings += _csv_header_findings(header, source)
        layout = _CsvColumns.of(header)
        found: list[_Found] = []
        if plain is not None:
            uniform = layout.uniform(columns) if layout is not None else None
            if uniform is not None:
                found = [uniform]
                taken = set(uniform.positions) | uniform.outside.keys()
                count = len(columns[0]) if columns else 0
                rest = [n for n in range(count) if n not in taken]
                numbered = [(n + 2, [column[n] for column in columns]) for n in rest]
                records: list[Any] = [None] * count
                for n, (line, row) in zip(rest, numbered, strict=True):
                    records[n], problems = _csv_record(header, row, line, source)
                    self._load_findings += problems
                self._add(records, found, _line_locator(source, range(2, count + 2)))
                return
            numbered = [(n, list(row)) for n, row in enumerate(zip(*columns, strict=True), 2)]
        numbered = [(line, row) for line, row in numbered if any(map(str.strip, row))]
        records = [None] * len(numbered)
        if layout is not None:
            made = layout.row_by_row([row for _, row in numbered])
            found = _check_records([made.get(i) for i in range(len(numbered))], list(made))
            for group in found:
                for i in group.positions:
                    records[i] = made[i]
        passed = {i for group in found for i in (*group.positions, *group.outside)}
        for i, (line, row) in enumerate(numbered):
            if i not in passed:
                records[i], problems = _csv_record(header, row, line, source)
                self._load_findings += problems
        self._add(records, found, _line_locator(source, [line for line, _ in numbered]))

    def _add(self, records: list[Any], found: list[_Found], where: Locator) -> None:
        """Store one source's records: columns for those found simple, entries for the rest."""
        start = self._count
        self._count += len(records)
        self._chunks.append((start, where))
        passed = set(itertools.chain.from_iterable(group.positions for group in found))
        for group in found:
            passed.update(group.outside)
            for i, made in group.outside.items():
                self._entries[start + i] = _entry(made, where(i), [])
        for i, record in enumerate(records):
            if i not in passed:
                report, problems = build_report(record, where(i))
                self._load_findings += problems
                if report is not None:
                    self._entries[start + i] = _entry(report, where(i), problems)
        for group in found:
            rules = group.rules
            key = (rules.methodology.id, rules.questions)
            self._columns.setdefault(key, _Columns(rules)).extend(group, start)


def _object_row(report: CountryReport) -> dict[str, Any]:
    """A report's panel row, made by the object path."""
    from netfreedom.panel import report_row  # noqa: PLC0415 - the object path, on demand

    return report_row(report)


def _object_delta(
    before: CountryReport, after: CountryReport
) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """Names and values of a delta row, made by the object path."""
    from netfreedom.deltas import compare  # noqa: PLC0415 - the object path, on demand
    from netfreedom.panel import delta_row  # noqa: PLC0415 - idem

    row = delta_row(compare(before, after))
    return tuple(row), tuple(row.values())


def _batch_deltas(columns: _Columns, old_at: list[int], new_at: list[int]) -> list[list[Any]]:
    """Delta columns between positions of the same columns, computed column by column."""
    rules, count = columns.rules, len(old_at)
    old, new = _taker(old_at), _taker(new_at)
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
    if rules.questions:
        moved = [
            list(map(operator.getitem, map(moves.__getitem__, old(column)), new(column)))
            for moves, column in zip(rules.moves, columns.figures, strict=True)
        ]
        parts.append(map(str.lstrip, map("".join, zip(*moved, strict=True))))
    else:
        parts.append(itertools.repeat("", count))
    parts.append(itertools.repeat(0, count))
    return [list(part) for part in parts]


def _drain(iterator: Iterator[object]) -> None:
    """Run an iterator of side effects to its end."""
    for _ in iterator:
        pass


def _start(chunk: tuple[int, Locator]) -> int:
    return chunk[0]


def _line_locator(source: str, lines: Sequence[int]) -> Locator:
    def where(i: int, **report: Any) -> Location:  # noqa: ANN401 - Location fields
        return Location(source=source, line=lines[i], **report)

    return where


@paused()
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


@paused()
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


def _free_of_duplicates(text: str, records: list[Any], found: list[_Found]) -> bool:
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


def _read_csv(text: str, source: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the numbered rows of any CSV text, read by the `csv` module."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [column.strip() for column in next(reader)]
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise LoadError(
            SourceLocation(source, line=reader.line_num), f"invalid CSV: {error}"
        ) from None
    return header, rows


def _plain_csv(text: str) -> tuple[list[str], list[list[str]]] | None:
    """The header and columns of a CSV text with nothing to unquote, split at commas.

    Only for text without quotes, carriage returns or NULs whose every line (the last one
    may be empty) has the header's number of cells: there the `csv` module reads exactly
    these cells, and row ``n`` (from 0) is on line ``n + 2``. Anything else: None.
    """
    if '"' in text or "\r" in text or "\0" in text:
        return None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    commas = lines[0].count(",")
    if commas == 0 or set(map(str.count, lines, itertools.repeat(","))) != {commas}:
        return None
    if max(map(len, lines)) > csv.field_size_limit():
        return None  # the csv module would refuse a cell this long
    cells = ",".join(lines).split(",")
    width = commas + 1
    header = [cell.strip() for cell in cells[:width]]
    return header, [cells[width + k :: width] for k in range(width)]


@attrs.frozen(eq=False, repr=False)
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

    def uniform(self, columns: list[list[str]]) -> _Found | None:
        """The rows that pass every check, for a file whose every row gives every question.

        Converted and checked column by column; another file goes row by row instead
        (None), and a row that fails a check goes to the object path.
        """
        rules = _rules("fotn-2019", questions=True)
        if not columns or not columns[0] or sorted(self.question_order) != sorted(rules.ids):
            return None
        empty = [columns[i] for i in (*self.categories, *self.others)]
        if any(any(map(str.strip, column)) for column in empty):
            return None
        by_id = dict(zip(self.question_order, self.questions, strict=True))
        count = len(columns[0])
        outside: set[int] = set()
        figures: list[Sequence[int]] = []
        for name, texts in zip(rules.ids, rules.texts, strict=True):
            converted = _converted(columns[by_id[name]], texts, outside)
            if converted is None:
                return None
            figures.append(converted)
        try:
            editions = list(map(int, columns[self.edition]))
        except ValueError:
            return None
        countries = list(map(str.strip, columns[self.country]))
        found = _Found(rules, range(count), countries, editions, figures)
        defaults = {e: _default_methodology(e) for e in set(editions)}
        other: set[int] = set()
        if not all(countries) or any(d != rules.methodology.id for d in defaults.values()):
            other.update(
                n
                for n, (c, e) in enumerate(zip(countries, editions, strict=True))
                if not c or defaults[e] != rules.methodology.id
            )
        order = [rules.ids.index(name) for name in self.question_order]
        reports = {
            n: found.report(n, {rules.ids[k]: figures[k][n] for k in order})
            for n in sorted(outside - other)
        }
        return found.without(outside | other, reports)

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


def _converted(column: list[str], texts: _Texts, bad: set[int]) -> list[int] | None:
    """A column of cells as values; rows outside the allowed values are added to ``bad``.

    Canonical texts are looked up; any other cell is read with `int` (None if one cannot
    be), and its row is bad unless the value is allowed.
    """
    values = list(map(texts.__getitem__, column))
    if values and min(values) != texts.MISSING:
        return values
    allowed = texts.values()
    low, high = min(allowed), max(allowed)
    for at in _positions(values, texts.MISSING):
        try:
            value = int(column[at])
        except ValueError:
            return None
        values[at] = value
        if not low <= value <= high:
            bad.add(at)
    return values


def _positions(values: Sequence[Any], value: object) -> Iterator[int]:
    """Every position of ``value`` in a list, found by the list's own search."""
    at = -1
    while True:
        try:
            at = values.index(value, at + 1)
        except ValueError:
            return
        yield at


def _getter(positions: tuple[int, ...]) -> Callable[[list[str]], tuple[str, ...]]:
    if not positions:
        return lambda _: ()
    if len(positions) == 1:
        (only,) = positions
        return lambda row: (row[only],)
    return operator.itemgetter(*positions)


# -- column checks ----------------------------------------------------------------------


def _default_methodology(edition: int) -> str | None:
    try:
        return methodology_for_edition(edition).id
    except NetfreedomError:
        return None


def _check_records(records: list[Any], candidates: list[int]) -> list[_Found]:
    """The candidates that pass every check, grouped by rules, with their figures."""
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
            rules_of[group] = _rules(methodology_id, questions=group[1])
        groups.setdefault(group, []).append(i)
    return [_passing(records, members, rules_of[group]) for group, members in groups.items()]


def _passing(records: list[Any], members: list[int], rules: _Rules) -> _Found:
    """The members whose country, figure keys and values all pass, with their figures."""
    field = operator.itemgetter("scores" if rules.questions else "categories")
    chosen = list(map(records.__getitem__, members))
    figures = list(map(field, chosen))
    countries = list(map(_COUNTRY, chosen))
    wanted = set(rules.ids)
    shaped = (
        set(map(type, figures)) == {dict}
        and set(map(type, countries)) == {str}
        and all(map(operator.eq, map(dict.keys, figures), itertools.repeat(wanted)))
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
    found = _Found(rules, kept, list(map(_COUNTRY, chosen)), list(map(_EDITION, chosen)), columns)
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
    return found.without(outside | malformed, reports)


_COUNTRY_OF, _EDITION_OF, _NUMBER, _POSITION = map(operator.itemgetter, (0, 1, 3, 4))
_COUNTRY = operator.itemgetter("country")
_EDITION = operator.itemgetter("edition")


def _out_of_range(column: Sequence[int], low: int, high: int) -> Iterator[int]:
    """Positions of the values outside ``low..high`` (none searched when min and max fit)."""
    if min(column) >= low and max(column) <= high:
        return iter(())
    outside = [v for v in set(column) if not low <= v <= high]
    return itertools.chain.from_iterable(_positions(column, v) for v in outside)
