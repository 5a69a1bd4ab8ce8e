"""Pure sums and bands: category totals, the total and the status of a report."""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from netfreedom.errors import ScoringError
from netfreedom.methodologies import get_methodology
from netfreedom.methodology import Adjustment, Category, Group, Methodology, Question, Scale
from netfreedom.reports import CountryReport
from netfreedom.scorecard import AdjustmentScore, CategoryScore, GroupScore, Scorecard

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping


#: The methodology legacy figures convert to.
MODERN_METHODOLOGY = "fotn-2019"


def category_totals(report: CountryReport, methodology: Methodology) -> dict[str, int]:
    """Return each category's points: summed from the questions, or as given.

    Question-level reports sum their questions; headline-only reports (no
    question scores) use their category totals. Either kind scores the adjustments its
    edition has (Freedom in the World's Add Q) among its scores.

    Raises:
        ScoringError: The report cannot be scored: questions or adjustments missing or
            unknown, points out of range, question scores under a category-level
            methodology, or category totals missing.
    """
    questions = gives_questions(report, methodology)
    if questions and not methodology.question_level:
        raise ScoringError(
            f"{methodology.id} is category-level, but the report gives question scores"
        )
    problems = (
        _question_problems(report, methodology)
        if questions
        else _category_problems(report, methodology)
        + _scored_problems(report, methodology, methodology.adjustments_for(report.edition))
    )
    if problems:
        raise ScoringError(
            f"cannot score {report.country} {report.edition}: {', '.join(problems)}"
            " (validate the report for every problem with its location)"
        )
    if questions:
        return {
            c.id: sum(report.scores[q.id] for q in methodology.questions_in(c.id))
            for c in methodology.categories
        }
    return {c.id: report.categories[c.id] for c in methodology.categories}


def gives_questions(report: CountryReport, methodology: Methodology) -> bool:
    """Whether the report scores questions (adjustments alone do not make it question-level)."""
    adjustments = {a.id for a in methodology.adjustments}
    return any(key not in adjustments for key in report.scores)


def scored_items(methodology: Methodology, edition: int) -> tuple[Question | Adjustment, ...]:
    """What a question-level report of an edition scores: the questions and adjustments."""
    return (*methodology.questions, *methodology.adjustments_for(edition))


def adjustment_points(report: CountryReport, methodology: Methodology) -> dict[str, int]:
    """The points the report gives its edition's adjustments, by id."""
    return {
        a.id: report.scores[a.id]
        for a in methodology.adjustments_for(report.edition)
        if a.id in report.scores
    }


def _question_problems(report: CountryReport, methodology: Methodology) -> list[str]:
    return _scored_problems(report, methodology, scored_items(methodology, report.edition))


def _scored_problems(
    report: CountryReport, methodology: Methodology, items: Sequence[Question | Adjustment]
) -> list[str]:
    """The scores' problems in a few words; an adjustment its edition does not score says so."""
    retired = {a.id for a in methodology.adjustments if not a.applies(report.edition)}
    return [
        f"{p.id} not scored in {report.edition}" if p.id in retired else p.phrase("")
        for p in figure_problems(report.scores, items)
    ]


def _category_problems(report: CountryReport, methodology: Methodology) -> list[str]:
    return [
        p.phrase("category ") for p in figure_problems(report.categories, methodology.categories)
    ]


def points_text(points: int) -> str:
    """Points as messages show them: in full up to 15 digits, else abbreviated with a count."""
    if -(10**15) < points < 10**15:
        return str(points)
    sign = "-" if points < 0 else ""
    try:
        digits = str(abs(points))
    except ValueError:  # more digits than Python converts
        return f"{sign}a number of about {math.floor(math.log10(abs(points))) + 1} digits"
    return f"{sign}{digits[:6]}…{digits[-3:]} ({len(digits)} digits)"


@attrs.frozen
class FigureProblem:
    """A figure that does not fit a methodology: unknown id, missing item, or out of range.

    Attributes:
        kind: ``"unknown"``, ``"missing"`` or ``"outside"``.
        id: The question or category id.
        item: The methodology's question or category (None for an unknown id).
        points: The points given (None for a missing item).
    """

    kind: str
    id: str
    item: Question | Category | Adjustment | None = None
    points: int | None = None

    def phrase(self, label: str) -> str:
        """The problem in a few words, e.g. ``"A1=9 outside 0..6"``."""
        if self.item is None:
            kind = "question" if not label else label.strip()
            return f"unknown {kind} {self.id}"
        if self.points is None:
            return f"{label}{self.id} missing"
        shown = points_text(self.points)
        return f"{label}{self.id}={shown} outside {self.item.min}..{self.item.max}"


def figure_problems(
    given: Mapping[str, int], items: Sequence[Question | Category | Adjustment]
) -> list[FigureProblem]:
    """Unknown ids, missing items and points outside an item's range, in that order."""
    known = {item.id for item in items}
    problems = [FigureProblem("unknown", key) for key in given if key not in known]
    for item in items:
        points = given.get(item.id)
        if points is None:
            problems.append(FigureProblem("missing", item.id, item))
        elif not item.min <= points <= item.max:
            problems.append(FigureProblem("outside", item.id, item, points))
    return problems


def column_totals(
    methodology: Methodology, figures: Sequence[Sequence[int]], *, questions: bool
) -> list[list[int]]:
    """Category totals of many reports at once, a column per category.

    ``figures`` holds a column per question (or per category, for category totals), in the
    methodology's order; each category sums its questions' columns, as `category_totals`
    sums one report's.
    """
    if not questions:
        return [list(column) for column in figures]
    at = {q.id: n for n, q in enumerate(methodology.questions)}
    count = len(figures[0]) if figures else 0
    return [
        sum_columns([figures[at[q.id]] for q in methodology.questions_in(c.id)], count)
        for c in methodology.categories
    ]


def column_statuses(methodology: Methodology, totals: Sequence[int]) -> list[str]:
    """The status of each of many totals, as text (totals must be in range)."""
    names = {
        total: methodology.status_for(total).value
        for total in range(methodology.min_total, methodology.max_total + 1)
    }
    return list(map(names.__getitem__, totals))


@attrs.frozen
class ColumnCards:
    """The figures of many reports' scorecards, column by column (`card_of` for columns).

    Attributes:
        categories: Each category's points, a column per category.
        totals: Each report's total.
        statuses: Each report's status, as text.
        groups: Each group's points, a column per group of the methodology.
        ratings: Each rated group's rating, a column per rated group.
    """

    categories: Sequence[Sequence[int]]
    totals: list[int]
    statuses: list[str]
    groups: list[list[int]]
    ratings: list[list[int]]


def column_cards(
    methodology: Methodology,
    categories: Sequence[Sequence[int]],
    adjustments: Mapping[str, Sequence[int]],
    count: int,
) -> ColumnCards:
    """`card_of` for ``count`` reports at once: their category totals and adjustment points.

    ``categories`` holds a column per category; ``adjustments`` the points of the
    adjustments the reports score, a column by id. Every figure must be in range.
    """
    signed = {
        a.id: _mapped(a.signed, adjustments[a.id])
        for a in methodology.adjustments
        if a.id in adjustments
    }
    totals = sum_columns([*categories, *signed.values()], count)
    at = {c.id: column for c, column in zip(methodology.categories, categories, strict=True)}
    groups = [
        sum_columns(
            [
                *(at[c] for c in group.categories),
                *(
                    signed[a.id]
                    for a in methodology.adjustments
                    if a.group == group.id and a.id in signed
                ),
            ],
            count,
        )
        for group in methodology.groups
    ]
    ratings = [
        _mapped(group.rating_for, column)
        for group, column in zip(methodology.groups, groups, strict=True)
        if group.ratings
    ]
    if methodology.rated:
        named = {
            rated: methodology.status_for_ratings(rated).value
            for rated in set(zip(*ratings, strict=True))
        }
        statuses = list(map(named.__getitem__, zip(*ratings, strict=True)))
    else:
        statuses = column_statuses(methodology, totals)
    return ColumnCards(categories, totals, statuses, groups, ratings)


def _mapped(function: Callable[[int], int], values: Sequence[int]) -> list[int]:
    """``function`` of each of many values, worked out once per distinct value."""
    done = {value: function(value) for value in set(values)}
    return list(map(done.__getitem__, values))


def sum_columns(columns: Sequence[Sequence[int]], count: int) -> list[int]:
    """Element-wise sums of ``count`` rows of columns (zeros when there are none)."""
    if len(columns) > 3:  # a sum a row costs less than a pass a column, beyond three
        return list(map(sum, zip(*columns, strict=True)))
    summed = [0] * count
    for column in columns:
        summed = list(map(operator.add, summed, column))
    return summed


def score(report: CountryReport, methodology: Methodology | None = None) -> Scorecard:
    """Compute the category totals, total and status of a report.

    Args:
        report: The report.
        methodology: The methodology to score against; by default the built-in
            one the report names.

    Raises:
        ScoringError: The report cannot be scored (see `category_totals`), or it names a
            methodology that does not cover its edition and none was given.
        UnknownMethodologyError: The report names an unknown methodology and none
            was given.
        TypeError: ``report`` is not a `CountryReport` (a dict, say).
    """
    given: object = report  # a caller may pass anything: a dict from json.load, say
    if not isinstance(given, CountryReport):
        kind = type(given).__name__
        raise TypeError(
            f"score() takes a CountryReport, not a {kind}; read records with netfreedom.loads"
            " or read_dataset, or make one with CountryReport(...)"
        )
    chosen = methodology or get_methodology(report.methodology)
    if methodology is None and report.edition not in chosen.editions:
        raise ScoringError(
            f"cannot score {report.country} {report.edition}: it names {chosen.id}, which"
            f" covers the editions {chosen.editions}, so its figures' scale is in doubt"
            " (validate the report; or pass the methodology to score it on that)"
        )
    totals = category_totals(report, chosen)
    adjustments = adjustment_points(report, chosen)
    card = card_of(report.country, report.edition, chosen, totals | adjustments)
    return attrs.evolve(card, territory=True) if report.territory else card


def card_of(
    country: str,
    edition: int,
    methodology: Methodology,
    totals: Mapping[str, int],
    converted_from: str | None = None,
) -> Scorecard:
    """The scorecard of category totals and any adjustments' points, by their ids.

    The total is the categories' sum with the adjustments' signed points; each group sums
    its categories and adjustments and takes its rating from its table; the status is the
    total's band, or the band of the groups' mean rating where the methodology rates.
    """
    categories = tuple(
        CategoryScore(c.id, c.name, totals[c.id], c.max) for c in methodology.categories
    )
    adjusting = tuple(
        AdjustmentScore(a.id, a.group, totals[a.id], a.signed(totals[a.id]))
        for a in methodology.adjustments
        if a.id in totals
    )
    total = sum(c.score for c in categories) + sum(a.signed for a in adjusting)
    groups = tuple(_group_score(methodology, g, totals, adjusting) for g in methodology.groups)
    status = (
        methodology.status_for_ratings(g.rating for g in groups if g.rating is not None)
        if methodology.rated
        else methodology.status_for(total)
    )
    figures = {c.id: c.score for c in categories} | {g.id: g.score for g in groups}
    return Scorecard(
        country=country,
        edition=edition,
        methodology=methodology.id,
        scale=methodology.scale,
        categories=categories,
        total=total,
        max_total=sum(c.max for c in methodology.categories),
        status=status,
        converted_from=converted_from,
        groups=groups,
        adjustments=adjusting,
        designations=tuple(d.id for d in methodology.designations if d.met_by(figures)),
    )


def _group_score(
    methodology: Methodology,
    group: Group,
    totals: Mapping[str, int],
    adjusting: Sequence[AdjustmentScore],
) -> GroupScore:
    score = sum(totals[c] for c in group.categories)
    score += sum(a.signed for a in adjusting if a.group == group.id)
    maximum = sum(methodology.category(c).max for c in group.categories)
    rating = group.rating_for(score) if group.ratings else None
    return GroupScore(group.id, group.name, score, maximum, rating)


def to_modern_scale(card: Scorecard, target: Methodology | None = None) -> Scorecard:
    """Convert a scorecard on an inverted (lower-is-freer) scale to a higher-is-freer one.

    Each category converts on its own: ``modern = max - old``; the total and the
    status follow from the converted categories and the target's bands. A
    scorecard already on a higher-is-freer scale is returned unchanged.

    Args:
        card: The scorecard to convert.
        target: The methodology to convert to (default: ``fotn-2019``).

    Raises:
        ScoringError: The target is not higher-is-freer or its categories differ.
    """
    if card.scale is Scale.HIGHER_IS_FREER:
        return card
    chosen = _conversion_target(card.methodology, card.categories, target)
    totals = {c.id: c.max - c.score for c in card.categories}
    return card_of(card.country, card.edition, chosen, totals, card.methodology)


def modern_categories(
    methodology: Methodology, categories: Sequence[Sequence[int]], target: Methodology | None = None
) -> tuple[Methodology, list[list[int]]]:
    """`to_modern_scale` for many reports at once: a column per category, converted.

    Columns on a higher-is-freer scale are returned as they are, with their methodology.

    Raises:
        ScoringError: The target is not higher-is-freer or its categories differ.
    """
    if methodology.scale is Scale.HIGHER_IS_FREER:
        return methodology, [list(column) for column in categories]
    chosen = _conversion_target(methodology.id, methodology.categories, target)
    converted = [
        [category.max - points for points in column]
        for category, column in zip(methodology.categories, categories, strict=True)
    ]
    return chosen, converted


def _conversion_target(
    source: str,
    categories: Sequence[Category] | Sequence[CategoryScore],
    target: Methodology | None,
) -> Methodology:
    chosen = target or get_methodology(MODERN_METHODOLOGY)
    if chosen.scale is not Scale.HIGHER_IS_FREER:
        raise ScoringError(f"cannot convert to {chosen.id}: it is not higher-is-freer")
    if [(c.id, c.max) for c in categories] != [(c.id, c.max) for c in chosen.categories]:
        raise ScoringError(f"cannot convert {source} to {chosen.id}: categories differ")
    return chosen
