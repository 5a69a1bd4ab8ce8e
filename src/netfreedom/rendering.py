"""A `CountryReport` back to report text, in the layout of the published pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netfreedom.methodologies import get_methodology
from netfreedom.parsing import facts_lines
from netfreedom.reports import LineKind, Narrative, ScoreNotation, Section, TextLine

if TYPE_CHECKING:
    from netfreedom.methodology import Methodology
    from netfreedom.reports import CountryReport, ScoreChange


def render_report(report: CountryReport, methodology: Methodology | None = None) -> str:
    """Print a report as published: country, headers, overview, questions, Country Facts.

    A parsed report prints back to its input (line endings and byte-order mark
    normalised); a report without narrative prints its figures with the
    methodology's question wording.
    """
    chosen = methodology or get_methodology(report.methodology)
    narrative = report.narrative or Narrative()
    lines = [report.country]
    lines += [
        f"{c.id} {c.name} | {report.published.categories[c.id]} {c.max} |"
        for c in chosen.categories
        if c.id in report.published.categories
    ]
    lines += [_text(line) for line in narrative.overview]
    sections = narrative.sections or tuple(
        Section(question=q.id, heading=q.text) for q in chosen.questions if q.id in report.scores
    )
    notes = {note.question: note for note in report.score_changes}
    for section in sections:
        points = report.scores.get(section.question)
        maximum = chosen.question(section.question).max
        box = f" | {_box(points, maximum, narrative.notation)} |" if points is not None else ""
        lines.append(section.heading + box)
        if section.question in notes:
            lines.append(f"Score Change: {_note_text(notes[section.question])}")
        lines += [_text(line) for line in section.lines]
    if narrative.facts_lines:
        lines += narrative.facts_lines
    elif report.facts is not None:
        lines += facts_lines(report.facts)
    return "\n".join(lines) + ("\n" if narrative.final_newline else "")


def _box(points: int, maximum: int, notation: ScoreNotation) -> str:
    if notation is ScoreNotation.WEB:
        return f"{points}.00{points} {maximum}.00{maximum}"
    if notation is ScoreNotation.DECIMAL:
        return f"{points}.00 {maximum}.00"
    return f"{points} / {maximum}"


def _text(line: TextLine) -> str:
    if line.kind is LineKind.FOOTNOTE:
        return f"- {line.number}{line.text}"
    if line.kind is LineKind.BULLET:
        return f"- {line.text}"
    return line.text


def _note_text(note: ScoreChange) -> str:
    return note.text or f"The score {note.direction.value} from {note.previous} to {note.current}."
