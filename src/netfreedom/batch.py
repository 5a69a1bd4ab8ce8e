"""Batches: many simple reports held as columns, the home of the column engine.

A batch holds reports that give a country, an edition and exactly the figures of one
methodology: every question score, or every category total, and nothing else. Validation
screens a batch with the column forms of its rules (`netfreedom.validation.screen`), and
the rows that pass are scored here, column by column, without an object per report.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import TypeVar

import attrs

from netfreedom.aggregation import column_statuses, column_totals, sum_columns
from netfreedom.methodology import Category, Methodology, Question, Status
from netfreedom.reports import CountryReport, PublishedFigures

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
        figures: One column per question (or category), in the methodology's order.
        stated: Category totals given beside question scores, a column per category in
            the methodology's order; empty when the rows give none.
        published: The published total and status of each row (None where not given);
            empty when no row publishes one.
    """

    methodology: Methodology
    questions: bool
    records: Sequence[int]
    countries: Sequence[str]
    editions: Sequence[int]
    figures: tuple[Sequence[int], ...]
    stated: tuple[Sequence[int], ...] = ()
    published: tuple[Sequence[int | None], Sequence[Status | None]] | tuple[()] = ()

    @property
    def items(self) -> tuple[Question | Category, ...]:
        """The questions (or categories) the figures are given for, in order."""
        return self.methodology.questions if self.questions else self.methodology.categories

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
        figures = self.figures_of(row)
        categories = self.methodology.categories if self.stated else ()
        stated = {c.id: column[row] for c, column in zip(categories, self.stated, strict=True)}
        published = (
            PublishedFigures(total=self.published[0][row], status=self.published[1][row])
            if self.published
            else PublishedFigures()
        )
        return CountryReport(
            country=self.countries[row],
            edition=self.editions[row],
            methodology=self.methodology.id,
            scores=figures if self.questions else {},
            categories=stated if self.questions else figures,
            published=published,
        )

    def publishing(self) -> list[int]:
        """The rows that publish a total or a status."""
        if not self.published:
            return []
        totals, statuses = self.published
        return [
            n for n, pair in enumerate(zip(totals, statuses, strict=True)) if pair != (None, None)
        ]

    def without(self, rows: set[int]) -> Batch:
        """The batch less these rows."""
        if not rows:
            return self
        kept = [n for n in range(len(self)) if n not in rows]
        return Batch(
            self.methodology,
            self.questions,
            pick(self.records, kept),
            pick(self.countries, kept),
            pick(self.editions, kept),
            tuple(pick(column, kept) for column in self.figures),
            tuple(pick(column, kept) for column in self.stated),
            (pick(self.published[0], kept), pick(self.published[1], kept))
            if self.published
            else (),
        )

    def categories(self) -> list[list[int]]:
        """Each category's totals, a column per category (rows must be in range)."""
        return column_totals(self.methodology, self.figures, questions=self.questions)

    def totals(self, categories: Sequence[Sequence[int]]) -> list[int]:
        """The totals of these category columns."""
        return sum_columns(categories, len(self))

    def statuses(self, totals: Sequence[int]) -> list[str]:
        """The status of each total (totals must be in range)."""
        return column_statuses(self.methodology, totals)
