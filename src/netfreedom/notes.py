"""Score Change notes against the scores: what a report's notes say of the edition before.

A report's notes are its own account of each question that moved since the previous edition.
What a note says of its own report (its new score, its direction) is a validation rule;
what needs the previous report too is here, for validation and deltas alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from netfreedom.findings import Finding, Location

if TYPE_CHECKING:
    from collections.abc import Iterator

    from netfreedom.reports import CountryReport


def unchecked_notes(previous: CountryReport, current: CountryReport) -> str | None:
    """Why the later report's Score Change notes cannot be reconciled (None: they can).

    They can be when both reports give question scores under the same methodology and the
    later one is the next edition; a report without notes has none to check.
    """
    if not current.score_changes:
        return None
    if not previous.scores or not current.scores:
        thin = previous if not previous.scores else current
        return f"the {thin.edition} report gives no question scores"
    if previous.methodology != current.methodology:
        return f"the reports follow {previous.methodology} and {current.methodology}"
    if current.edition != previous.edition + 1:
        return f"{previous.edition} is not the edition before {current.edition}"
    return None


def note_findings(previous: CountryReport, current: CountryReport) -> tuple[Finding, ...]:
    """What reconciling the later report's Score Change notes finds, where they can be.

    They can be when both reports give question scores under the same methodology, the later
    one is the next edition, and it records at least one note.
    """
    if not current.score_changes or unchecked_notes(previous, current) is not None:
        return ()
    return tuple(reconcile_notes(previous, current))


#: How `reconcile_notes` begins the path of a note, its index in the report's notes and "]".
_NOTES = "$.score_changes["


def note_index(path: str) -> int | None:
    """Which of a report's notes a path from the report's root names (None: no note).

    As `reconcile_notes` and validation write them: ``$.score_changes[2]``,
    ``$.score_changes[2].question``; ``$.scores.B1`` names none.
    """
    if not path.startswith(_NOTES):
        return None
    return int(path[len(_NOTES) :].partition("]")[0])


def reconcile_notes(previous: CountryReport, current: CountryReport) -> Iterator[Finding]:
    """Check the later report's Score Change notes against the earlier report's scores.

    A note is written for every question that moved, so a question whose score changed
    without a note is reported, and so is a note whose earlier score differs from the
    earlier report's. What a note says of its own report (its new score, its direction) is
    checked by validating that report (``score-change-mismatch``, ``score-change-direction``).
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
                    attrs.evolve(where, path=f"$.scores.{question}"),
                    f"{question} moved from {before} to {points} ({points - before:+d}) between"
                    f" {previous.edition} and {current.edition}, but no Score Change note says so",
                    expected=before,
                    actual=points,
                )
            continue
        index, note = notes[question]
        where = attrs.evolve(where, path=f"{_NOTES}{index}]")
        if note.previous != before:
            yield Finding.of(
                "score-change-from-mismatch",
                where,
                f"the Score Change note says {question} moved from {note.previous}, but it scored"
                f" {before} in {previous.edition}",
                expected=before,
                actual=note.previous,
            )
