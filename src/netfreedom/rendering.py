"""A `CountryReport` back to report text, in the layout of the published pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netfreedom.methodologies import get_methodology
from netfreedom.parsing import FACT_LABELS, FACT_SCORE_STATUS
from netfreedom.reports import LineKind, Narrative, ScoreNotation, Section, TextLine

if TYPE_CHECKING:
    from netfreedom.methodology import Methodology, Status
    from netfreedom.reports import CountryFacts, CountryReport, ScoreChange


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
    if report.facts is not None:
        lines += _facts(report.facts)
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


def _facts(facts: CountryFacts) -> list[str]:
    items: list[tuple[str, str]] = []
    for label, field in FACT_LABELS.items():
        value = getattr(facts, field)
        if value is None:
            continue
        if field in FACT_SCORE_STATUS:
            status: Status | None = getattr(facts, FACT_SCORE_STATUS[field])
            text = f"{value} 100" + (f" {status.value.lower()}" if status else "")
        elif isinstance(value, bool):
            text = "Yes" if value else "No"
        else:
            text = value.value
        items.append((label, text))
    lines = ["Country Facts", "-"]
    for index, (label, text) in enumerate(items):
        lines += [label, text if index == len(items) - 1 else f"{text} -"]
    return lines
