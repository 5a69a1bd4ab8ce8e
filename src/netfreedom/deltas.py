"""Year-over-year comparison of two reports, and whether their Score Change notes tell the truth."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from netfreedom.aggregation import score, to_modern_scale
from netfreedom.changes import Change, ReportDelta, StatusChange
from netfreedom.errors import NetfreedomError
from netfreedom.findings import Finding, Location
from netfreedom.methodologies import get_methodology
from netfreedom.methodology import Scale

if TYPE_CHECKING:
    from collections.abc import Iterator

    from netfreedom.methodology import Methodology
    from netfreedom.reports import CountryReport
    from netfreedom.scorecard import Scorecard


class ComparisonError(NetfreedomError, ValueError):
    """Two reports that should not be compared (different countries, the same edition)."""


def status_margin(card: Scorecard, methodology: Methodology) -> int:
    """Points the total would have to move, up or down, to fall into another status band."""
    band = methodology.band_of(card.status)
    distances = []
    if band.min > methodology.min_total:
        distances.append(card.total - band.min + 1)
    if band.max < methodology.max_total:
        distances.append(band.max - card.total + 1)
    return min(distances, default=0)


def compare(
    previous: CountryReport,
    current: CountryReport,
    *,
    to_modern: bool = False,
    allow_other_country: bool = False,
    allow_same_edition: bool = False,
) -> ReportDelta:
    """Compare two reports of a country.

    When one report is on the legacy (lower-is-freer) scale and the other on the
    modern one, the legacy figures are converted first (per category, ``max - old``)
    and the delta lists the converted editions. ``to_modern=True`` converts
    legacy figures even when both reports are legacy.

    When both reports are question-level, the later one is the next edition and it
    records its Score Change notes (at least one), the notes are reconciled with the two
    reports' scores. A report without any note is taken as one whose notes were not
    recorded (a CSV row cannot hold them), not as one whose questions all stood still.

    Raises:
        ComparisonError: The countries differ, or the editions are the same,
            and the caller did not allow it.
        ScoringError: A report cannot be scored.
    """
    if previous.country != current.country and not allow_other_country:
        raise ComparisonError(
            f"comparing different countries ({previous.country} and {current.country});"
            " pass allow_other_country=True to do it anyway"
        )
    if previous.edition == current.edition and not allow_same_edition:
        raise ComparisonError(
            f"comparing edition {current.edition} with itself;"
            " pass allow_same_edition=True to do it anyway"
        )
    before, after = score(previous), score(current)
    converted: list[int] = []
    if to_modern or before.scale is not after.scale:
        if before.scale is Scale.LOWER_IS_FREER:
            before = to_modern_scale(before)
            converted.append(before.edition)
        if after.scale is Scale.LOWER_IS_FREER:
            after = to_modern_scale(after)
            converted.append(after.edition)
    rules = get_methodology(after.methodology)
    questions = {}
    if previous.methodology == current.methodology and previous.scores and current.scores:
        questions = {
            q.id: Change(previous.scores[q.id], current.scores[q.id])
            for q in rules.questions
            if q.id in previous.scores and q.id in current.scores
        }
    findings: tuple[Finding, ...] = ()
    if questions and current.score_changes and current.edition == previous.edition + 1:
        findings = tuple(reconcile_notes(previous, current))
    return ReportDelta(
        country=current.country,
        previous_edition=previous.edition,
        current_edition=current.edition,
        methodology=after.methodology,
        scale=after.scale,
        categories={
            c.id: Change(b.score, c.score)
            for b, c in zip(before.categories, after.categories, strict=True)
        },
        total=Change(before.total, after.total),
        status=StatusChange(before.status, after.status),
        status_margin=Change(
            status_margin(before, get_methodology(before.methodology)),
            status_margin(after, rules),
        ),
        questions=questions,
        converted_editions=tuple(converted),
        findings=findings,
    )


def reconcile_notes(previous: CountryReport, current: CountryReport) -> Iterator[Finding]:
    """Check the later report's Score Change notes against both reports' scores.

    A note is written for every question that moved, so a question whose score
    changed without a note is reported, and so is a note whose figures differ
    from the scores.
    """
    notes = {note.question: (index, note) for index, note in enumerate(current.score_changes)}
    for question, points in current.scores.items():
        before = previous.scores.get(question)
        where = Location(country=current.country, edition=current.edition, question=question)
        if before is None:
            continue
        if question not in notes:
            if before != points:
                yield Finding.of(
                    "undocumented-change",
                    where,
                    f"{question} moved from {before} to {points} ({points - before:+d}) between"
                    f" {previous.edition} and {current.edition}, but no Score Change note says so",
                    expected=before,
                    actual=points,
                )
            continue
        index, note = notes[question]
        where = attrs.evolve(where, path=f"$.score_changes[{index}]")
        if note.previous != before:
            yield Finding.of(
                "score-change-from-mismatch",
                where,
                f"the Score Change note says {question} moved from {note.previous}, but it scored"
                f" {before} in {previous.edition}",
                expected=before,
                actual=note.previous,
            )
        if note.current != points:
            yield Finding.of(
                "score-change-mismatch",
                where,
                f"the Score Change note says {question} moved to {note.current}, but it scores"
                f" {points} in {current.edition}",
                expected=points,
                actual=note.current,
            )
