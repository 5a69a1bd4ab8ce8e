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
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from netfreedom._collector import paused
from netfreedom._columns import (
    Columns,
    Found,
    check_records,
    delta_columns,
    neighbour_moves,
)
from netfreedom._layout import fixed_json
from netfreedom._sources import (
    CsvLayout,
    free_of_duplicates,
    plain_csv,
    plain_json,
    simple_indices,
)
from netfreedom.aggregation import score
from netfreedom.dataset import (
    Entry,
    _csv_header_findings,
    _csv_record,
    _csv_rows,
    _entry,
    _expand,
    _format_of,
    _parse_json,
    build_report,
    read_text,
)
from netfreedom.errors import LoadError, ScoringError, SourceLocation
from netfreedom.findings import Finding, Location, ValidationReport
from netfreedom.methodology import Scale
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
    from netfreedom.reports import CountryReport


#: Where a record of a source is: its index in the source, and the report it holds.
_Locator = Callable[..., Location]
#: A report in sorted order: country, edition, record, group number (-1: an entry), position.
_Item = tuple[str, int, int, int, int]
_COUNTRY_OF, _EDITION_OF, _RECORD_OF, _NUMBER, _POSITION = map(operator.itemgetter, range(5))


@attrs.define(eq=False, repr=False)
class BulkDataset:
    """Reports held as columns where they are simple, with the object path's answers.

    Build it with `read_bulk`. Records are numbered in input order; each is either held in
    columns (valid and scored) or, for anything else, as the object path's `Entry`.
    """

    _count: int = 0
    _columns: dict[tuple[str, bool], Columns] = attrs.Factory(dict)
    _entries: dict[int, Entry] = attrs.Factory(dict)
    _chunks: list[tuple[int, _Locator]] = attrs.Factory(list)
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

    def _find(self, index: int) -> tuple[Columns, int]:
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
        return columns.rules.report(
            columns.country[at], columns.edition[at], columns.figures_of(at)
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
        stated = {
            index: entry.report.published.last_year_total
            for index, entry in self._entries.items()
            if entry.report.published.last_year_total is not None
        }
        if not stated and not self._repeats_a_key():
            return ValidationReport(findings, len(self))
        order, keys = self._order()
        totals = {bisect.bisect_left(order, index): total for index, total in stated.items()}

        def card_of(n: int) -> Scorecard | None:
            index = order[n]
            return cards[index] if index in cards else self._card(index)

        def locate(n: int) -> Location:
            return self.location(order[n])

        findings += duplicate_reports(keys, locate)
        findings += last_year_totals(keys, totals, card_of, locate)
        return ValidationReport(findings, len(order))

    def _repeats_a_key(self) -> bool:
        """Whether two reports have the same country and edition."""
        keys = {entry.report.key for entry in self._entries.values()}
        for columns in self._columns.values():
            keys.update(zip(columns.country, columns.edition, strict=True))
        return len(keys) != len(self)

    @paused()
    def rows(self) -> list[dict[str, Any]]:
        """One flat dict per report, as `Panel.rows` gives them."""
        names, values = self._report_rows()
        return list(map(dict, map(zip, names, values)))

    @paused()
    def table(self) -> Table:
        """The rows of `rows` as a `Table`, in input order."""
        merged = self._merged_table()
        return merged if merged is not None else Table.of(*self._report_rows())

    def _merged_table(self) -> Table | None:
        """The rows of one set of columns and of the reports held as objects, column by column.

        Only when every report held as an object has a row of the same columns (else None):
        its values are merged into the columns in input order.
        """
        if len(self._columns) != 1:
            return None
        (columns,) = self._columns.values()
        if not columns.index:
            return None
        rules, parts = columns.rules, columns.row_parts()
        rows = {index: _object_row(entry.report) for index, entry in self._entries.items()}
        if any(tuple(row) != rules.row_names for row in rows.values()):
            return None
        if not rows:
            return Table(rules.row_names, [list(part) for part in parts])
        placed = sorted(rows)  # each goes in before the rows of larger record numbers
        cuts = [bisect.bisect_left(columns.index, index) for index in placed]
        more = zip(*(rows[index].values() for index in placed), strict=True)
        return Table(
            rules.row_names,
            [_merged(part, cuts, extra) for part, extra in zip(parts, more, strict=True)],
        )

    def _report_rows(self) -> tuple[list[tuple[str, ...]], list[tuple[Any, ...]]]:
        names: list[Any] = [None] * self._count
        values: list[Any] = [None] * self._count
        for columns in self._columns.values():
            rows = zip(*columns.row_parts(), strict=True)
            _drain(map(values.__setitem__, columns.index, rows))
            _drain(map(names.__setitem__, columns.index, itertools.repeat(columns.rules.row_names)))
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
        errors = self._scoring_errors()
        ordered = self._ordered_deltas(errors)
        if ordered is not None:
            return ordered[0], [], [], ordered[1]
        kept, after, findings = self._pairs(errors)
        groups = list(self._columns.values())
        numbers = set(map(_NUMBER, kept))
        if after and len(numbers) == 1 and -1 not in numbers:  # one set of rules, as columns
            (number,) = numbers
            columns, positions = groups[number], list(map(_POSITION, kept))
            new_at = list(map(positions.__getitem__, after))
            old_at = list(map(positions.__getitem__, map(operator.sub, after, itertools.repeat(1))))
            data = delta_columns(columns, old_at, new_at)
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
            rows = zip(*delta_columns(columns, old_at, new_at), strict=True)
            _drain(map(values.__setitem__, slots, rows))
            _drain(map(names.__setitem__, slots, itertools.repeat(columns.rules.delta_names)))
        return None, names, values, findings

    def _scoring_errors(self) -> dict[int, ScoringError]:
        """Why each report held as an object cannot be scored (one that can is absent)."""
        errors: dict[int, ScoringError] = {}
        for index, entry in self._entries.items():
            try:
                score(entry.report)
            except ScoringError as error:
                errors[index] = error
        return errors

    def _ordered(self, errors: dict[int, ScoringError]) -> tuple[Columns, list[bool]] | None:
        """The one set of columns, if it holds every report taking part, already in order.

        That is when the columns' countries and editions rise strictly row by row, and every
        report held as an object cannot be scored (``errors``) and shares no key with the
        columns. Also returned: whether each row has the country of the row before.
        """
        if len(self._columns) != 1 or len(errors) != len(self._entries):
            return None
        (columns,) = self._columns.values()
        country, edition = columns.country, columns.edition
        same = list(map(operator.eq, country[:-1], country[1:]))
        rising = map(operator.lt, edition[:-1], edition[1:])
        if not all(map(operator.le, country[:-1], country[1:])) or not all(
            map(operator.or_, map(operator.not_, same), rising)
        ):
            return None
        for entry in self._entries.values():
            name, year = entry.report.key
            low, high = bisect.bisect_left(country, name), bisect.bisect_right(country, name)
            if year in edition[low:high]:
                return None
        return columns, same

    def _ordered_deltas(
        self, errors: dict[int, ScoringError]
    ) -> tuple[Table, list[Finding]] | None:
        """The deltas of columns already in order (see `_ordered`): neighbouring rows."""
        ordered = self._ordered(errors)
        if ordered is None:
            return None
        columns, same = ordered
        after = list(itertools.compress(range(1, len(columns.index)), same))
        if not after:
            return None
        findings: list[Finding] = []
        seen: set[tuple[str, int]] = set()
        for index in sorted(errors, key=lambda i: (self._entries[i].report.key, i)):
            entry = self._entries[index]
            if entry.report.key not in seen:  # a repeated report is not looked at
                seen.add(entry.report.key)
                findings.append(left_out_finding(entry.location, errors[index]))
        findings += self._gaps(after, columns.country, columns.edition, columns.index)
        before = list(map(operator.sub, after, itertools.repeat(1)))
        data = delta_columns(columns, before, after, lambda: neighbour_moves(columns, same))
        return Table(columns.rules.delta_names, data), findings

    def _pairs(
        self, errors: dict[int, ScoringError]
    ) -> tuple[list[_Item], list[int], list[Finding]]:
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
        items += ((*entry.report.key, index, -1, 0) for index, entry in self._entries.items())
        items.sort()
        countries, editions = list(map(_COUNTRY_OF, items)), list(map(_EDITION_OF, items))
        keep, left_out = self._taking_part(items, countries, editions, errors)
        if not all(keep):
            items = list(itertools.compress(items, keep))
            countries = list(itertools.compress(countries, keep))
            editions = list(itertools.compress(editions, keep))
        same = map(operator.eq, countries[1:], countries[:-1])
        after = list(itertools.compress(range(1, len(items)), same))
        records = list(map(_RECORD_OF, items))
        return items, after, left_out + self._gaps(after, countries, editions, records)

    def _gaps(
        self,
        ends: list[int],
        countries: Sequence[str],
        editions: Sequence[int],
        records: Sequence[int],
    ) -> list[Finding]:
        """The editions skipped by the deltas that end at ``ends`` of these sorted reports."""
        gaps = []
        for n in ends:
            if editions[n] - editions[n - 1] > 1:
                before, after = (countries[n - 1], editions[n - 1]), (countries[n], editions[n])
                gap = gap_finding(self.location(records[n]), before, after)
                if gap is not None:
                    gaps.append(gap)
        return gaps

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
        places: list[tuple[str | None, int | None]] | None = None
        fixed = None if lines else fixed_json(text)
        if fixed is not None:  # proven by its layout: no parse, no repeated key
            records, found = fixed
        elif lines:
            numbered = [
                (n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()
            ]
            records = [_parse_json(line, source, line_offset=n - 1) for n, line in numbered]
            places = [(None, n) for n, _ in numbered]
            found = check_records(records, simple_indices(records))
        else:
            document = plain_json(text, source)
            records = document if isinstance(document, list) else [document]
            places = None if isinstance(document, list) else [("$", None)]
            found = check_records(records, simple_indices(records))
            if not free_of_duplicates(text, records, found):
                reparsed = _parse_json(text, source)
                records = reparsed if isinstance(reparsed, list) else [reparsed]
                found = check_records(records, simple_indices(records))

        def where(i: int, **report: Any) -> Location:  # noqa: ANN401 - Location fields
            if places is None:
                return Location(source=source, path=f"$[{i}]", **report)
            path, line = places[i]
            return Location(source=source, path=path, line=line, **report)

        self._add(records, found, where)

    def _add_csv(self, text: str, source: str) -> None:
        plain = plain_csv(text)
        header, numbered = _csv_rows(text, source) if plain is None else (plain[0], [])
        self._load_findings += _csv_header_findings(header, source)
        layout = CsvLayout.of(header)
        found: list[Found] = []
        lines: Sequence[int]
        if plain is not None and layout is not None and (uniform := layout.uniform(plain[1])):
            columns, found = plain[1], [uniform]
            count = len(columns[0])
            records: list[Any] = [None] * count
            taken = {*uniform.positions, *uniform.outside}
            rest = itertools.filterfalse(taken.__contains__, range(count))
            unread = [(n, n + 2, [column[n] for column in columns]) for n in rest]
            lines = range(2, count + 2)
        else:
            if plain is not None:
                numbered = [(n, list(row)) for n, row in enumerate(zip(*plain[1], strict=True), 2)]
            numbered = [(line, row) for line, row in numbered if any(map(str.strip, row))]
            records = [None] * len(numbered)
            if layout is not None:
                made = layout.row_by_row([row for _, row in numbered])
                found = check_records([made.get(i) for i in range(len(numbered))], list(made))
                for group in found:
                    for i in group.positions:
                        records[i] = made[i]
            taken = {i for group in found for i in (*group.positions, *group.outside)}
            unread = [(i, *numbered[i]) for i in range(len(numbered)) if i not in taken]
            lines = [line for line, _ in numbered]
        for i, line, row in unread:  # rows for the object path, as JSON-form records
            records[i], problems = _csv_record(header, row, line, source)
            self._load_findings += problems
        self._add(records, found, _line_locator(source, lines))

    def _add(self, records: list[Any], found: list[Found], where: _Locator) -> None:
        """Store one source's records: columns for those found simple, entries for the rest."""
        start = self._count
        self._count += len(records)
        self._chunks.append((start, where))
        passed = set(itertools.chain.from_iterable(group.positions for group in found))
        for group in found:
            passed.update(group.outside)
            for i, made in group.outside.items():
                self._entries[start + i] = _entry(made, where(i), [])
        for i in itertools.filterfalse(passed.__contains__, range(len(records))):
            report, problems = build_report(records[i], where(i))
            self._load_findings += problems
            if report is not None:
                self._entries[start + i] = _entry(report, where(i), problems)
        for group in found:
            rules = group.rules
            key = (rules.methodology.id, rules.questions)
            self._columns.setdefault(key, Columns(rules)).extend(group, start)


def _merged(column: Sequence[Any], cuts: list[int], values: Sequence[Any]) -> list[Any]:
    """A column with ``values`` put in before the values at positions ``cuts`` (ascending)."""
    pieces: list[Iterable[Any]] = []
    start = 0
    for cut, value in zip(cuts, values, strict=True):
        pieces += (column[start:cut], (value,))
        start = cut
    pieces.append(column[start:])
    return list(itertools.chain.from_iterable(pieces))


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


def _drain(iterator: Iterator[object]) -> None:
    """Run an iterator of side effects to its end."""
    for _ in iterator:
        pass


def _start(chunk: tuple[int, _Locator]) -> int:
    return chunk[0]


def _line_locator(source: str, lines: Sequence[int]) -> _Locator:
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
