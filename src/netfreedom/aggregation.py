"""Pure sums and bands: category totals, the total and the status of a report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netfreedom.errors import ScoringError
from netfreedom.methodologies import get_methodology
from netfreedom.methodology import Category, Methodology, Question, Scale
from netfreedom.scorecard import CategoryScore, Scorecard

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from netfreedom.reports import CountryReport

#: The methodology legacy figures convert to.
MODERN_METHODOLOGY = "fotn-2019"


def category_totals(report: CountryReport, methodology: Methodology) -> dict[str, int]:
    """Return each category's points: summed from the questions, or as given.

    Question-level reports sum their questions; headline-only reports (no
    question scores) use their category totals.

    Raises:
        ScoringError: The report cannot be scored: questions missing or unknown,
            points out of range, question scores under a category-level
            methodology, or category totals missing.
    """
    if report.scores and not methodology.question_level:
        raise ScoringError(
            f"{methodology.id} is category-level, but the report gives question scores"
        )
    problems = (
        _question_problems(report, methodology)
        if report.scores
        else _category_problems(report, methodology)
    )
    if problems:
        raise ScoringError(
            f"cannot score {report.country} {report.edition}: {', '.join(problems)}"
            " (validate the report for every problem with its location)"
        )
    if report.scores:
        return {
            c.id: sum(report.scores[q.id] for q in methodology.questions_in(c.id))
            for c in methodology.categories
        }
    return {c.id: report.categories[c.id] for c in methodology.categories}


def _question_problems(report: CountryReport, methodology: Methodology) -> list[str]:
    return _range_problems(report.scores, methodology.questions, "question", "")


def _category_problems(report: CountryReport, methodology: Methodology) -> list[str]:
    return _range_problems(report.categories, methodology.categories, "category", "category ")


def _range_problems(
    given: Mapping[str, int], items: Sequence[Question | Category], kind: str, label: str
) -> list[str]:
    """Unknown ids, missing items and points outside an item's range, as short phrases."""
    known = {item.id for item in items}
    problems = [f"unknown {kind} {key}" for key in given if key not in known]
    for item in items:
        points = given.get(item.id)
        if points is None:
            problems.append(f"{label}{item.id} missing")
        elif not item.min <= points <= item.max:
            problems.append(f"{label}{item.id}={points} outside {item.min}..{item.max}")
    return problems


def score(report: CountryReport, methodology: Methodology | None = None) -> Scorecard:
    """Compute the category totals, total and status of a report.

    Args:
        report: The report.
        methodology: The methodology to score against; by default the built-in
            one the report names.

    Raises:
        ScoringError: The report cannot be scored (see `category_totals`).
        UnknownMethodologyError: The report names an unknown methodology and none
            was given.
    """
    rules = methodology or get_methodology(report.methodology)
    totals = category_totals(report, rules)
    return _scorecard(report.country, report.edition, rules, totals)


def _scorecard(
    country: str,
    edition: int,
    methodology: Methodology,
    totals: dict[str, int],
    converted_from: str | None = None,
) -> Scorecard:
    categories = tuple(
        CategoryScore(c.id, c.name, totals[c.id], c.max) for c in methodology.categories
    )
    total = sum(c.score for c in categories)
    return Scorecard(
        country=country,
        edition=edition,
        methodology=methodology.id,
        scale=methodology.scale,
        categories=categories,
        total=total,
        max_total=methodology.max_total,
        status=methodology.status_for(total),
        converted_from=converted_from,
    )


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
    rules = target or get_methodology(MODERN_METHODOLOGY)
    if rules.scale is not Scale.HIGHER_IS_FREER:
        raise ScoringError(f"cannot convert to {rules.id}: it is not higher-is-freer")
    if [(c.id, c.max) for c in card.categories] != [(c.id, c.max) for c in rules.categories]:
        raise ScoringError(f"cannot convert {card.methodology} to {rules.id}: categories differ")
    totals = {c.id: c.max - c.score for c in card.categories}
    return _scorecard(card.country, card.edition, rules, totals, converted_from=card.methodology)
