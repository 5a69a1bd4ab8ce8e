"""Published report text to a `CountryReport`, losing nothing.

Parsing runs in two stages. A lenient scan splits the text into the country
line, the category headers, the overview, one section per question line and the
Country Facts block, and keeps anything else as leftovers with line numbers. A
strict pass then reads every figure, identifies each question by its wording,
and reports what is missing or inconsistent as findings.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import TYPE_CHECKING

import attrs

from netfreedom.errors import EditionRequiredError, ParseError, SourceLocation
from netfreedom.findings import Finding, Location
from netfreedom.methodologies import methodology_for_edition
from netfreedom.methodology import Status
from netfreedom.notes import note_index
from netfreedom.reports import (
    ChangeDirection,
    CountryFacts,
    CountryReport,
    CoveragePeriod,
    Leftover,
    LineKind,
    Narrative,
    PublishedFigures,
    ScoreChange,
    ScoreNotation,
    Section,
    TextLine,
)
from netfreedom.validation import Target, validate

if TYPE_CHECKING:
    from netfreedom.methodology import Methodology

#: A line that ends in a score box: ``text | 5.005 6.006 |``.
_BOXED = re.compile(r"^(?P<text>.*?)\s*\|\s*(?P<box>[^|]*?)\s*\|\s*$")
_HEADER = re.compile(r"^(?P<id>[A-Z])\s+(?P<name>[^|]*?)\s*$")
# Points have at most a few digits: longer runs are not scores (and Python refuses to
# convert more than 4,300 digits), so the patterns accept up to nine.
_WEB = re.compile(r"^(\d{1,9})\.00(\d{1,9}) (\d{1,9})\.00(\d{1,9})$")
_DECIMAL = re.compile(r"^(\d{1,9}(?:\.\d{1,9})?) (\d{1,9}(?:\.\d{1,9})?)$")
_SLASH = re.compile(r"^(\d{1,9}(?:\.\d{1,9})?)\s*/\s*(\d{1,9}(?:\.\d{1,9})?)$")
_NOTE = re.compile(r"^Score Change: (?P<text>.*)$")
_NOTE_FIGURES = re.compile(
    r"\b(?P<direction>improved|declined) from (?P<from>\d{1,9}) to (?P<to>\d{1,9})\b"
)
_FOOTNOTE = re.compile(r"^- (?P<number>\d{1,9})(?P<text>.*)$")
_COVERAGE = re.compile(
    r"June 1, (?P<start>\d{4}),? (?:\u2013|\u2014|-|to|through) May 31, (?P<end>\d{4})",
    re.IGNORECASE,
)
_FACTS_TITLE = "country facts"
_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00b4": "'", "`": "'"}
)

#: Country Facts labels, as printed, and the field each fills.
FACT_LABELS = {
    "Global Freedom Score": "global_freedom_score",
    "Internet Freedom Score": "internet_freedom_score",
    "Freedom in the World Status": "freedom_in_the_world_status",
    "Networks Restricted": "networks_restricted",
    "Websites Blocked": "websites_blocked",
    "Pro-government Commentators": "pro_government_commentators",
    "Users Arrested": "users_arrested",
}
#: The status printed on a score line of the facts box belongs to this field.
FACT_SCORE_STATUS = {
    "global_freedom_score": "freedom_in_the_world_status",
    "internet_freedom_score": "internet_freedom_status",
}


@attrs.frozen
class ParseResult:
    """A parsed report and what the parser found wrong with the text.

    Attributes:
        report: The report, narrative included.
        findings: Parse findings and the validation findings of the report,
            located by line where the text has one.
    """

    report: CountryReport
    findings: tuple[Finding, ...]


def normalise(text: str) -> str:
    """Drop a byte-order mark and turn CRLF and CR line endings into LF."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_report(text: str, *, edition: int | None = None, source: str = "<text>") -> ParseResult:
    """Parse a published Freedom on the Net country report.

    Args:
        text: The report as copied from the web (any line endings, with or
            without a byte-order mark).
        edition: The edition year; by default read from the coverage period the
            text states.
        source: Name of the input, for locations.

    Raises:
        ParseError: The text is not a report at all (no category header and no
            question line).
        EditionRequiredError: No edition was given and the text states none.
        UnknownEditionError: The edition is not covered by a methodology.
    """
    lines = normalise(text).split("\n")
    final_newline = len(lines) > 1 and lines[-1] == ""
    if final_newline:
        lines.pop()
    scan = _scan(lines, source)
    coverage = _coverage(lines)
    if edition is None:
        if coverage is None:
            raise EditionRequiredError(
                SourceLocation(source, line=1, column=1),
                "the text states no coverage period, so its edition is unknown;"
                " give it explicitly (parse_report(text, edition=YEAR))",
            )
        edition = coverage.end.year
    methodology = methodology_for_edition(edition)
    if not methodology.question_level:
        raise ParseError(
            SourceLocation(source, line=1, column=1),
            f"edition {edition} uses {methodology.id}, which has no question scores to read",
        )
    builder = _Builder(methodology, source, scan.country_text or "", edition)
    return builder.build(scan, coverage, final_newline=final_newline)


# -- stage 1: the lenient scan ----------------------------------------------------------


@attrs.define
class _RawSection:
    line: int
    text: str
    box: str
    note: tuple[int, str] | None = None
    body: list[tuple[int, str]] = attrs.Factory(list)


@attrs.define
class _Scan:
    country_text: str | None = None
    headers: list[tuple[int, str, str, str]] = attrs.Factory(list)
    overview: list[tuple[int, str]] = attrs.Factory(list)
    sections: list[_RawSection] = attrs.Factory(list)
    facts_line: int | None = None
    facts_title: str = ""
    facts: list[tuple[int, str]] = attrs.Factory(list)


def _scan(lines: list[str], source: str) -> _Scan:
    if not any(line.strip() for line in lines):
        raise ParseError(SourceLocation(source, line=1, column=1), "empty text: no report to read")
    scan = _Scan()
    position = 0
    if not _BOXED.match(lines[0]):
        scan.country_text = lines[0]
        position = 1
    position = _scan_headers(lines, position, scan)
    for number, line in enumerate(lines[position:], start=position + 1):
        _scan_line(number, line, scan)
    if not scan.headers and not scan.sections:
        raise ParseError(
            SourceLocation(source, line=1, column=1),
            "not a Freedom on the Net report: no category header ('A Obstacles to Access"
            " | 11 25 |') and no question line ending in a score box",
        )
    return scan


def _scan_headers(lines: list[str], position: int, scan: _Scan) -> int:
    """Take the category header lines from ``position``; return where they end."""
    while position < len(lines):
        boxed = _BOXED.match(lines[position])
        header = _HEADER.match(boxed["text"]) if boxed else None
        if not (boxed and header):
            break
        scan.headers.append((position + 1, header["id"], header["name"], boxed["box"]))
        position += 1
    return position


def _scan_line(number: int, line: str, scan: _Scan) -> None:
    """Place one line after the headers: facts, a question line, section text or overview."""
    if scan.facts_line is not None:
        scan.facts.append((number, line))
    elif line.strip().casefold() == _FACTS_TITLE:
        scan.facts_line, scan.facts_title = number, line
    elif boxed := _BOXED.match(line):
        scan.sections.append(_RawSection(number, boxed["text"], boxed["box"]))
    elif scan.sections:
        section = scan.sections[-1]
        if not section.body and section.note is None and _NOTE.match(line):
            section.note = (number, line)
        else:
            section.body.append((number, line))
    else:
        scan.overview.append((number, line))


def _coverage(lines: list[str]) -> CoveragePeriod | None:
    for line in lines:
        found = _COVERAGE.search(line)
        if found:
            start, end = int(found["start"]), int(found["end"])
            return CoveragePeriod(start=dt.date(start, 6, 1), end=dt.date(end, 5, 31))
    return None


# -- stage 2: the strict pass -----------------------------------------------------------


def wording_key(text: str) -> str:
    """Normalise question wording for matching: case, spacing, quotes, Unicode form."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return " ".join(text.split()).casefold()


def _score_box(box: str) -> tuple[ScoreNotation, str, str] | None:
    """Read ``5.005 6.006``, ``5.00 6.00``, ``5 6``, ``5 / 6``: notation, score, maximum."""
    web = _WEB.match(box)
    if web and web[1] == web[2] and web[3] == web[4]:
        return ScoreNotation.WEB, web[1], web[3]
    decimal = _DECIMAL.match(box)
    if decimal:
        return ScoreNotation.DECIMAL, decimal[1], decimal[2]
    slash = _SLASH.match(box)
    if slash:
        return ScoreNotation.SLASH, slash[1], slash[2]
    return None


def _whole(text: str) -> int | None:
    value = float(text)
    return int(value) if value.is_integer() else None


class _Builder:
    """The strict pass: one report, its narrative and its findings."""

    def __init__(self, methodology: Methodology, source: str, country: str, edition: int) -> None:
        self.methodology = methodology
        self.source = source
        self.country = country.strip()
        self.edition = edition
        self.findings: list[Finding] = []
        self.leftovers: list[Leftover] = []
        self.lines_of: dict[str, int] = {}
        self.note_lines: list[int] = []  # each Score Change note's line, in order
        self.reported: set[str] = set()
        self.by_wording = {wording_key(q.text): q.id for q in methodology.questions}

    def at(
        self, line: int | None, *, category: str | None = None, question: str | None = None
    ) -> Location:
        return Location(
            source=self.source,
            country=self.country or None,
            edition=self.edition,
            line=line,
            category=category,
            question=question,
        )

    def report(  # noqa: PLR0913 - the keyword-only parts of a finding
        self,
        code: str,
        line: int | None,
        message: str,
        *,
        category: str | None = None,
        question: str | None = None,
        expected: int | str | None = None,
        actual: int | str | None = None,
    ) -> None:
        where = self.at(line, category=category, question=question)
        self.findings.append(Finding.of(code, where, message, expected=expected, actual=actual))

    def leftover(self, line: int, text: str, why: str) -> None:
        self.leftovers.append(Leftover(line=line, text=text))
        self.report("leftover-text", line, f"{why}: {text!r}", actual=text)

    def build(
        self, scan: _Scan, coverage: CoveragePeriod | None, *, final_newline: bool
    ) -> ParseResult:
        if scan.country_text is None or not self.country:
            self.report("missing-country", 1, "the first line should name the country")
        published = self._headers(scan.headers)
        overview = tuple(self._text_line(text, in_section=False) for _, text in scan.overview)
        scores: dict[str, int] = {}
        notes: list[ScoreChange] = []
        sections: list[Section] = []
        notation: ScoreNotation | None = None
        for raw in scan.sections:
            section, found_notation = self._section(raw, scores, notes, sections)
            notation = notation or found_notation
            if section is not None:
                sections.append(section)
        facts = self._facts(scan)
        printed = [scan.facts_title, *(text for _, text in scan.facts)]
        narrative = Narrative(
            overview=overview,
            sections=tuple(sections),
            notation=notation or ScoreNotation.WEB,
            final_newline=final_newline,
            leftovers=tuple(self.leftovers),
            facts_lines=() if facts is None or facts_lines(facts) == printed else tuple(printed),
        )
        report = CountryReport(
            country=self.country,
            edition=self.edition,
            methodology=self.methodology.id,
            scores=scores,
            published=PublishedFigures(categories=published),
            coverage=coverage,
            score_changes=tuple(notes),
            facts=facts,
            narrative=narrative,
        )
        return ParseResult(report, tuple(self.findings) + self._validation(report))

    def _headers(self, headers: list[tuple[int, str, str, str]]) -> dict[str, int]:
        published: dict[str, int] = {}
        seen = {category_id for _, category_id, _, _ in headers}
        if headers:
            self.lines_of["published"] = headers[0][0]
        for line, category_id, _, box in headers:
            self.lines_of[category_id] = line
            try:
                category = self.methodology.category(category_id)
            except KeyError:
                self.report(
                    "unknown-category",
                    line,
                    f"header for unknown category {category_id}",
                    category=category_id,
                    actual=category_id,
                )
                continue
            read = _score_box(box)
            if read is None or _whole(read[1]) is None or _whole(read[2]) is None:
                self.report(
                    "unreadable-score",
                    line,
                    f"category {category_id} header reads {box!r}",
                    category=category_id,
                    actual=box,
                )
                continue
            points, maximum = int(float(read[1])), int(float(read[2]))
            if maximum != category.max:
                self.report(
                    "max-mismatch",
                    line,
                    f"category {category_id} is printed out of {maximum},"
                    f" but its maximum is {category.max}",
                    category=category_id,
                    expected=category.max,
                    actual=maximum,
                )
            published[category_id] = points
        for category in self.methodology.categories:
            if category.id not in seen:
                self.report(
                    "missing-header",
                    None,
                    f"no header line for category {category.id} {category.name}",
                    category=category.id,
                    expected=category.id,
                )
        return published

    def _text_line(self, text: str, *, in_section: bool, expected_footnote: int = 1) -> TextLine:
        if not text.strip():
            return TextLine(kind=LineKind.BLANK, text=text)
        footnote = _FOOTNOTE.match(text) if in_section else None
        if footnote:
            digits = footnote["number"]
            wanted = str(expected_footnote)
            if digits.startswith(wanted) and digits != wanted:
                number, rest = expected_footnote, digits[len(wanted) :] + footnote["text"]
            else:
                number, rest = int(digits), footnote["text"]
            return TextLine(kind=LineKind.FOOTNOTE, text=rest, number=number)
        if text.startswith("- "):
            return TextLine(kind=LineKind.BULLET, text=text[2:])
        return TextLine(kind=LineKind.PARAGRAPH, text=text)

    def _section(
        self,
        raw: _RawSection,
        scores: dict[str, int],
        notes: list[ScoreChange],
        sections: list[Section],
    ) -> tuple[Section | None, ScoreNotation | None]:
        question_id = self.by_wording.get(wording_key(raw.text))
        if question_id is None:
            printed = f"{raw.text} | {raw.box} |"
            self.report(
                "unmatched-question-line",
                raw.line,
                f"this line matches no question of {self.methodology.id}: {printed!r}",
                actual=printed,
            )
            self._orphan_lines(raw, sections)
            return None, None
        if question_id in self.lines_of:
            self.report(
                "duplicate-question",
                raw.line,
                f"{question_id} appears again (first at line {self.lines_of[question_id]});"
                " the first score is used",
                question=question_id,
            )
        else:
            self.lines_of[question_id] = raw.line
        notation = self._question_score(raw, question_id, scores)
        lines: list[TextLine] = []
        if raw.note is not None:
            note = self._note(raw.note, question_id)
            if note is None:
                lines.append(TextLine(kind=LineKind.PARAGRAPH, text=raw.note[1]))
            else:
                notes.append(note)
                self.note_lines.append(raw.note[0])
        footnote = 1
        for number, text in raw.body:
            if _NOTE.match(text):
                self._misplaced_note(number, text, question_id, second=raw.note is not None)
            line = self._text_line(text, in_section=True, expected_footnote=footnote)
            if line.number is not None:
                footnote = line.number + 1
            lines.append(line)
        return Section(question=question_id, heading=raw.text, lines=tuple(lines)), notation

    def _orphan_lines(self, raw: _RawSection, sections: list[Section]) -> None:
        """Keep the text of an unmatched question line, and what follows, in the section before."""
        printed = [(raw.line, f"{raw.text} | {raw.box} |")]
        printed += [raw.note] if raw.note else []
        texts = [TextLine(kind=LineKind.PARAGRAPH, text=text) for _, text in printed]
        texts += [self._text_line(text, in_section=True) for _, text in raw.body]
        if sections:
            last = sections[-1]
            sections[-1] = attrs.evolve(last, lines=last.lines + tuple(texts))
        else:
            for number, text in printed + raw.body:
                self.leftovers.append(Leftover(line=number, text=text))

    def _question_score(
        self, raw: _RawSection, question_id: str, scores: dict[str, int]
    ) -> ScoreNotation | None:
        question = self.methodology.question(question_id)
        read = _score_box(raw.box)
        if read is None:
            message = f"{question_id}: cannot read the score {raw.box!r}"
            self._set_aside(raw, question_id, "unreadable-score", message, raw.box)
            return None
        notation, points_text, max_text = read
        points, maximum = _whole(points_text), _whole(max_text)
        if points is None:
            message = f"{question_id} scores {points_text}, not a whole number"
            self._set_aside(raw, question_id, "not-whole-number", message, points_text)
        elif question_id not in scores:
            scores[question_id] = points
        if maximum != question.max:
            self.report(
                "max-mismatch",
                raw.line,
                f"{question_id} is printed out of {max_text}, but its maximum is {question.max}",
                question=question_id,
                expected=question.max,
                actual=max_text,
            )
        return notation

    def _set_aside(
        self, raw: _RawSection, question_id: str, code: str, message: str, actual: str
    ) -> None:
        """Keep an unusable score box as a leftover and report it at its question."""
        self.reported.add(question_id)
        self.leftovers.append(Leftover(line=raw.line, text=raw.box))
        self.report(code, raw.line, message, question=question_id, actual=actual)

    def _misplaced_note(self, line: int, text: str, question_id: str, *, second: bool) -> None:
        """A Score Change note where none is read: kept as text, and said."""
        where = "a second note" if second else "a note below the question's text"
        self.report(
            "unreadable-score-change",
            line,
            f"{question_id}: {where}; a question's one note stands right under its line, and"
            " this one is kept as text, not read",
            question=question_id,
            actual=text,
        )

    def _note(self, note: tuple[int, str], question_id: str) -> ScoreChange | None:
        line, text = note
        body = _NOTE.match(text)
        figures = _NOTE_FIGURES.search(body["text"]) if body else None
        if body is None or figures is None:
            self.report(
                "unreadable-score-change",
                line,
                f"{question_id}: the Score Change note names no 'improved/declined from X to Y'",
                question=question_id,
                actual=text,
            )
            return None
        return ScoreChange(
            question=question_id,
            previous=int(figures["from"]),
            current=int(figures["to"]),
            direction=ChangeDirection(figures["direction"]),
            text=body["text"],
        )

    def _facts(self, scan: _Scan) -> CountryFacts | None:
        if scan.facts_line is None:
            self.report("missing-facts", None, "no Country Facts block (is the copy truncated?)")
            return None
        self.lines_of["facts"] = scan.facts_line
        values: dict[str, object] = {}
        items = list(scan.facts)
        if items and items[0][1].strip() == "-":
            items.pop(0)
        labels = {wording_key(label): field for label, field in FACT_LABELS.items()}
        while items:
            line, label = items.pop(0)
            field = labels.get(wording_key(label))
            if field is None or not items:
                self.leftover(
                    line,
                    label,
                    "not a Country Facts label" if field is None else "label without a value",
                )
                continue
            value_line, value = items.pop(0)
            self.lines_of[field] = value_line
            if field in FACT_SCORE_STATUS:  # the status printed beside the score
                self.lines_of[FACT_SCORE_STATUS[field]] = value_line
            problem = self._fact(field, value.removesuffix(" -").strip(), values)
            if problem is not None:
                why = f"{label!r} {problem}" if problem else f"cannot read the value of {label!r}"
                self.leftover(value_line, value, why)
        return CountryFacts(**values)  # type: ignore[arg-type]

    def _fact(self, field: str, value: str, values: dict[str, object]) -> str | None:
        """Read one Country Facts value into ``values``.

        Returns None, or why the value was not read ("": it cannot be).
        """
        if field in FACT_SCORE_STATUS:
            return _fact_score(field, value, values)
        if field == "freedom_in_the_world_status":
            return _fact_status(field, value, values)
        answer = value.casefold()
        if answer in ("yes", "no"):
            values[field] = answer == "yes"
            return None
        return ""

    def _validation(self, report: CountryReport) -> tuple[Finding, ...]:
        """The validation rules' findings on the parsed report, located by line."""
        checked = validate([Target(report, self.at(None), frozenset(self.reported))])
        said = {f.code for f in self.findings if f.code == "missing-country"}  # said at line 1
        located = []
        for finding in checked.findings:
            if finding.code in said:
                continue
            where = finding.location
            key = where.question or where.category
            line = self.lines_of.get(key) if key else None
            note = note_index(where.path or "")
            if note is not None:
                line = self.note_lines[note]
            elif line is None and where.path and ".facts." in where.path:
                line = self.lines_of.get(where.path.rsplit(".", 1)[-1])
            elif line is None and where.path and where.path.endswith(".published"):
                line = self.lines_of.get("published")
            located.append(
                attrs.evolve(finding, location=attrs.evolve(where, path=None, line=line))
            )
        return tuple(located)


def _fact_score(field: str, value: str, values: dict[str, object]) -> str | None:
    """``23 100 not free``: a score out of 100 and, optionally, its status (see `_fact`)."""
    parts = value.split(" ", 2)
    if not parts[0].isdecimal() or len(parts[0]) > 9 or (len(parts) > 1 and parts[1] != "100"):
        return ""
    values[field] = int(parts[0])
    return None if len(parts) < 3 else _fact_status(FACT_SCORE_STATUS[field], parts[2], values)


def _fact_status(field: str, value: str, values: dict[str, object]) -> str | None:
    """A status (see `_fact`); at odds with the one the box gave the field before, not read."""
    try:
        status = Status.from_text(value)
    except ValueError:
        return ""
    given = values.setdefault(field, status)
    if isinstance(given, Status) and given is not status:
        first = next(  # the line that gave it first: the score's, in Freedom House's box
            label for label, f in FACT_LABELS.items() if FACT_SCORE_STATUS.get(f) == field
        )
        return f"says {status.value}, but the {first!r} line says {given.value}"
    return None


def facts_lines(facts: CountryFacts) -> list[str]:
    """The Country Facts box as the published pages print it, from its values."""
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
