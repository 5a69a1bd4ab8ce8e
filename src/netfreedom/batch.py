"""Batches: many simple reports held as columns, the home of the column engine.

A batch holds reports that give a country, an edition and exactly the figures of one
methodology: every question score, or every category total, and the adjustments their
edition scores (Freedom in the World's Add Q), perhaps with category totals beside the
scores, a published total, status, category totals, group totals and ratings, last year's
total, a region and whether it is a territory, the period its edition covers, and nothing
else. Validation screens a batch with the column forms of its rules
(`netfreedom.validation.screen`), and the rows that pass are scored here, column by column,
without an object per report.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

import attrs

from netfreedom.aggregation import ColumnCards, column_cards, column_totals
from netfreedom.methodology import Adjustment, Category, Group, Methodology, Question, Status
from netfreedom.reports import CountryReport, CoveragePeriod, PublishedFigures

_T = TypeVar("_T")


def pick(column: Sequence[_T], rows: Sequence[int]) -> list[_T]:
    """The values of a column at these rows, in their order."""
    if not rows:
        return []
    if len(rows) == 1:
        return [column[rows[0]]]
    return list(operator.itemgetter(*rows)(column))


def scatter(target: list[_T], at: Sequence[int], values: Sequence[_T]) -> None:
    """Put ``values`` at positions ``at`` of ``target``."""
    for _ in map(target.__setitem__, at, values):
        pass


def columns_of(rows: Iterable[Sequence[_T]], width: int) -> list[list[_T]]:
    """Rows of ``width`` values as columns.

    The rows are transposed a few hundred at a time, so that few of the objects transposing
    makes are alive at once: the cyclic garbage collector, which runs whenever some hundreds
    of them are, then has little to visit, and a large table is not visited again and again.
    """
    columns: list[list[_T]] = [[] for _ in range(width)]
    given = iter(rows)
    while part := list(itertools.islice(given, _AT_ONCE)):
        for column, values in zip(columns, zip(*part, strict=True), strict=True):
            column.extend(values)
    return columns


#: The rows `columns_of` transposes at a time (below the collector's first threshold, 700).
_AT_ONCE = 250


def occurrences(column: Sequence[object], value: object) -> list[int]:
    """Every position of ``value`` in a column, found by the column's own search."""
    found: list[int] = []
    at = -1
    while True:
        try:
            at = column.index(value, at + 1)
        except ValueError:
            return found
        found.append(at)


@attrs.frozen(eq=False, repr=False)
class Batch:
    """Simple reports under one methodology, column by column.

    Attributes:
        methodology: The methodology every row follows (the one of its edition).
        questions: Whether the figures are question scores (else category totals).
        records: Each row's record number in its dataset, ascending.
        countries: Each row's country.
        editions: Each row's edition.
        figures: One column per item (see `items`): each question (or category), in the
            methodology's order, then each adjustment the rows score.
        stated: Category totals given beside question scores, a column per category in
            the methodology's order; empty when the rows give none.
        published: The published total and status of each row (None where not given);
            empty when no row publishes one.
        adjusted: The adjustments every row scores (those of each row's edition).
        groups: Published group totals, a column per group of the methodology (None where
            not given); empty when no row publishes one.
        ratings: Published ratings, a column per rated group (None where not given); empty
            when no row publishes one.
        published_categories: Published category totals, a column per category of the
            methodology (None where not given); empty when no row publishes one.
        last_year_totals: Each row's published total of last year (None where not given);
            empty when no row gives one.
        described: Each row's region (None where not given) and whether it is a territory;
            empty when no row gives either, else every row gives one of them.
        covered: Each row's coverage period, its first and its last day (None where not
            given); empty when no row gives one.
    """

    methodology: Methodology
    questions: bool
    records: Sequence[int]
    countries: Sequence[str]
    editions: Sequence[int]
    figures: tuple[Sequence[int], ...]
    stated: tuple[Sequence[int], ...] = ()
    published: tuple[Sequence[int | None], Sequence[Status | None]] | tuple[()] = ()
    adjusted: tuple[Adjustment, ...] = ()
    groups: tuple[Sequence[int | None], ...] = ()
    ratings: tuple[Sequence[int | None], ...] = ()
    published_categories: tuple[Sequence[int | None], ...] = ()
    last_year_totals: Sequence[int | None] = ()
    described: tuple[Sequence[str | None], Sequence[bool]] | tuple[()] = ()
    covered: tuple[Sequence[dt.date | None], Sequence[dt.date | None]] | tuple[()] = ()
    _known: dict[Callable[[Batch], object], object] = attrs.field(
        factory=dict, init=False, repr=False
    )

    def once(self, derive: Callable[[Batch], _T]) -> _T:
        """``derive(self)``, worked out on first use: a batch's columns never change."""
        if derive not in self._known:
            self._known[derive] = derive(self)
        return self._known[derive]  # type: ignore[return-value]

    def numbered(self, records: Sequence[int]) -> Batch:
        """The same rows under other record numbers, with what was worked out from them."""
        renumbered = attrs.evolve(self, records=records)
        renumbered._known.update(self._known)  # noqa: SLF001 - a batch of its own class
        return renumbered

    @property
    def items(self) -> tuple[Question | Category | Adjustment, ...]:
        """The questions (or categories), then the adjustments, the figures are given for."""
        methodology = self.methodology
        return (
            *(methodology.questions if self.questions else methodology.categories),
            *self.adjusted,
        )

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of `items`."""
        return tuple(item.id for item in self.items)

    def __len__(self) -> int:
        return len(self.records)

    def __repr__(self) -> str:
        kind = "question scores" if self.questions else "category totals"
        return f"<Batch: {len(self):,} reports, {self.methodology.id} {kind}>"

    def figures_of(self, row: int) -> dict[str, int]:
        """One row's figures, by id."""
        return {name: column[row] for name, column in zip(self.ids, self.figures, strict=True)}

    def report(self, row: int) -> CountryReport:
        """One row as a `CountryReport`."""
        methodology = self.methodology
        figures = self.figures_of(row)
        adjusting = {a.id: figures.pop(a.id) for a in self.adjusted}
        categories = methodology.categories if self.stated else ()
        stated = {c.id: column[row] for c, column in zip(categories, self.stated, strict=True)}
        published = PublishedFigures(
            total=self.published[0][row] if self.published else None,
            status=self.published[1][row] if self.published else None,
            categories=_given(methodology.categories, self.published_categories, row),
            groups=_given(methodology.groups, self.groups, row),
            ratings=_given(methodology.rated_groups, self.ratings, row),
            last_year_total=self.last_year_totals[row] if self.last_year_totals else None,
        )
        return CountryReport(
            country=self.countries[row],
            edition=self.editions[row],
            methodology=methodology.id,
            scores=(figures if self.questions else {}) | adjusting,
            categories=stated if self.questions else figures,
            published=published,
            region=self.described[0][row] if self.described else None,
            territory=self.described[1][row] if self.described else False,
            coverage=_period(self.covered, row),
        )

    def publishing(self) -> list[int]:
        """The rows that publish a total, a status, a category or group total or a rating."""
        columns = [*self.published, *self.published_categories, *self.groups, *self.ratings]
        if not columns:
            return []
        return [
            n
            for n, given in enumerate(zip(*columns, strict=True))
            if given.count(None) != len(given)
        ]

    def without(self, rows: set[int]) -> Batch:
        """The batch less these rows."""
        if not rows:
            return self
        kept = [n for n in range(len(self)) if n not in rows]

        def picked(columns: tuple[Sequence[_T], ...]) -> tuple[list[_T], ...]:
            return tuple(pick(column, kept) for column in columns)

        less = attrs.evolve(
            self,
            records=pick(self.records, kept),
            countries=pick(self.countries, kept),
            editions=pick(self.editions, kept),
            figures=picked(self.figures),
            stated=picked(self.stated),
            published=picked(self.published),  # type: ignore[arg-type]
            groups=picked(self.groups),
            ratings=picked(self.ratings),
            published_categories=picked(self.published_categories),
            last_year_totals=pick(self.last_year_totals, kept) if self.last_year_totals else (),
            described=picked(self.described),  # type: ignore[arg-type]
            covered=picked(self.covered),  # type: ignore[arg-type]
        )
        # what is worked out of each row alone is picked, not worked out again
        known = less._known  # noqa: SLF001 - a batch of its own class
        if _categories in self._known:
            known[_categories] = [pick(column, kept) for column in self.categories()]
        if _cards in self._known:
            cards = self.cards()
            known[_cards] = ColumnCards(
                [pick(column, kept) for column in cards.categories],
                pick(cards.totals, kept),
                pick(cards.statuses, kept),
                [pick(column, kept) for column in cards.groups],
                [pick(column, kept) for column in cards.ratings],
            )
        return less

    def categories(self) -> list[list[int]]:
        """Each category's totals, a column per category (a row out of range sums as given)."""
        return self.once(_categories)

    def adjustments(self) -> dict[str, Sequence[int]]:
        """The points of each adjustment the rows score, a column by id."""
        base = len(self.figures) - len(self.adjusted)
        return {a.id: column for a, column in zip(self.adjusted, self.figures[base:], strict=True)}

    def cards(self) -> ColumnCards:
        """The rows' scorecard figures, column by column (rows must be in range)."""
        return self.once(_cards)

    def cards_at(self, rows: Sequence[int]) -> ColumnCards:
        """`cards` of these rows (distinct, in range), from the batch's category totals."""
        if len(rows) == len(self):
            return self.cards()
        return column_cards(
            self.methodology,
            [pick(column, rows) for column in self.categories()],
            {name: pick(column, rows) for name, column in self.adjustments().items()},
            len(rows),
        )


def _categories(batch: Batch) -> list[list[int]]:
    base = len(batch.figures) - len(batch.adjusted)
    return column_totals(batch.methodology, batch.figures[:base], questions=batch.questions)


def _cards(batch: Batch) -> ColumnCards:
    return column_cards(batch.methodology, batch.categories(), batch.adjustments(), len(batch))


def _period(
    covered: tuple[Sequence[dt.date | None], Sequence[dt.date | None]] | tuple[()], row: int
) -> CoveragePeriod | None:
    """A row's coverage period, where given."""
    start, end = (covered[0][row], covered[1][row]) if covered else (None, None)
    return None if start is None or end is None else CoveragePeriod(start=start, end=end)


def describes(region: str | None, territory: bool | None) -> bool:
    """Whether a report gives a region or says it is a territory: its panel row then shows both."""
    return region is not None or bool(territory)


def _given(
    figures: Sequence[Category | Group], columns: Sequence[Sequence[int | None]], row: int
) -> dict[str, int]:
    """A row's published figures of these categories or groups, where given."""
    values = {item.id: column[row] for item, column in zip(figures, columns, strict=False)}
    return {name: value for name, value in values.items() if value is not None}
