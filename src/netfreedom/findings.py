"""Findings: problems in data, as data. The catalogue of codes is the single source of truth."""

from __future__ import annotations

import enum
import json
import re
import unicodedata
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from netfreedom.errors import NetfreedomError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping


def json_text(value: object) -> str:
    """A value as JSON writes it (``true``, ``null``, ``"3"``), for messages; else its text."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(value)


class Severity(enum.Enum):
    """How much a finding matters. Ordered: ``INFO < WARNING < ERROR``."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """0 for info, 1 for warning, 2 for error."""
        return _RANKS[self]


_RANKS = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@attrs.frozen
class FindingKind:
    """An entry of the catalogue.

    Attributes:
        code: Stable kebab-case code.
        title: Short title.
        description: What the finding means and how to fix the data.
        severity: Default severity.
        group: ``"load"``, ``"shape"``, ``"arithmetic"``, ``"parse"``,
            ``"panel"``, ``"delta"`` or ``"expectation"``.
    """

    code: str
    title: str
    description: str
    severity: Severity
    group: str


def _kinds(*kinds: FindingKind) -> Mapping[str, FindingKind]:
    return MappingProxyType({k.code: k for k in kinds})


_E, _W = Severity.ERROR, Severity.WARNING

#: Every finding code, with its title, description and default severity.
CATALOGUE: Mapping[str, FindingKind] = _kinds(
    FindingKind(
        "invalid-value",
        "Value of the wrong type",
        "A field holds a value of the wrong type, e.g. a number where a name belongs.",
        _E,
        "load",
    ),
    FindingKind(
        "unknown-field",
        "Unknown field",
        "An object has a key the dataset format does not define; check its spelling.",
        _E,
        "load",
    ),
    FindingKind(
        "extra-column",
        "Column not read",
        "A table column names no figure of a report (a region, a note): it is not read, and"
        " listed so that nothing is left out unseen. Rename it if it holds scores.",
        Severity.INFO,
        "load",
    ),
    FindingKind(
        "sheet-skipped",
        "Sheet not read",
        "A workbook sheet holds no score table (no row naming Country and Edition near its top),"
        " or is hidden: it is not read.",
        Severity.INFO,
        "load",
    ),
    FindingKind(
        "duplicate-key",
        "Duplicate key",
        "A JSON object or CSV header names the same key twice; only one value can be right.",
        _E,
        "load",
    ),
    FindingKind(
        "not-a-report",
        "Not a report",
        "An element of the input is not a JSON object describing a report.",
        _E,
        "load",
    ),
    FindingKind(
        "unreadable-source",
        "Source cannot be read",
        "One of several sources cannot be read at all (missing, not UTF-8, broken JSON or CSV"
        " syntax, empty); the others are still checked.",
        _E,
        "load",
    ),
    FindingKind(
        "no-reports",
        "No reports",
        "The source holds no report: an empty array, or a CSV header without rows.",
        _W,
        "load",
    ),
    FindingKind(
        "invalid-json",
        "Line is not JSON",
        "A line of a JSON Lines file is not JSON; it is left out and the other lines are read.",
        _E,
        "load",
    ),
    FindingKind(
        "missing-country",
        "Missing country",
        "The report has no country, or an empty one.",
        _E,
        "shape",
    ),
    FindingKind(
        "control-characters",
        "Control characters in the country name",
        "The country name holds control characters (a tab, a line break, an escape) or"
        " characters that reorder the text around them (a right-to-left override), which no"
        " name has: a copying accident, or text made to mislead. Locations show them escaped.",
        _E,
        "shape",
    ),
    FindingKind(
        "missing-edition",
        "Missing edition",
        "The report has no edition year.",
        _E,
        "shape",
    ),
    FindingKind(
        "unknown-edition",
        "Edition not covered",
        "No methodology covers the edition (2009 pilot, 2010, before 2009, or the future).",
        _E,
        "shape",
    ),
    FindingKind(
        "unknown-methodology",
        "Unknown methodology",
        "The report names a methodology that does not exist.",
        _E,
        "shape",
    ),
    FindingKind(
        "methodology-edition-mismatch",
        "Methodology does not cover the edition",
        "The report names a methodology that does not cover its edition, so its figures would"
        " be read on another scale (a 2015 report scored as fotn-2019 reads 61 as Partly Free);"
        " name the edition's methodology or none. A methodology file given to the command"
        " (--methodology) is an explicit choice and is not checked against the edition.",
        _E,
        "shape",
    ),
    FindingKind(
        "no-scores",
        "No scores",
        "The report gives neither question scores nor category totals.",
        _E,
        "shape",
    ),
    FindingKind(
        "unknown-question",
        "Unknown question",
        "A score is given for a question id the methodology does not define.",
        _E,
        "shape",
    ),
    FindingKind(
        "missing-question",
        "Missing question",
        "A question of the methodology has no score.",
        _E,
        "shape",
    ),
    FindingKind(
        "duplicate-question",
        "Question given twice",
        "The same question is scored twice (a repeated JSON key or CSV column).",
        _E,
        "shape",
    ),
    FindingKind(
        "not-whole-number",
        "Not a whole number",
        "Points must be whole numbers; this value is a fraction, NaN, a boolean or text.",
        _E,
        "shape",
    ),
    FindingKind(
        "score-out-of-range",
        "Score out of range",
        "A question's points lie outside its range under the methodology.",
        _E,
        "shape",
    ),
    FindingKind(
        "question-scores-not-allowed",
        "Question scores for a category-level edition",
        "The edition's methodology is category-level; its question scores are not known.",
        _E,
        "shape",
    ),
    FindingKind(
        "unknown-category",
        "Unknown category",
        "A category total is given for a category the methodology does not define.",
        _E,
        "shape",
    ),
    FindingKind(
        "missing-category",
        "Missing category",
        "A headline-only report lacks one of the methodology's category totals.",
        _E,
        "shape",
    ),
    FindingKind(
        "category-out-of-range",
        "Category total out of range",
        "A category total lies outside the category's range.",
        _E,
        "shape",
    ),
    FindingKind(
        "total-out-of-range",
        "Total out of range",
        "A published or expected total lies outside the methodology's range.",
        _E,
        "shape",
    ),
    FindingKind(
        "unknown-status",
        "Unknown status",
        "A status is not one of Free, Partly Free, Not Free.",
        _E,
        "shape",
    ),
    FindingKind(
        "category-sum-mismatch",
        "Category total differs from its questions",
        "A category total given with the question scores differs from their sum.",
        _E,
        "arithmetic",
    ),
    FindingKind(
        "published-category-mismatch",
        "Published category total differs",
        "A published category total differs from the one computed from the scores.",
        _E,
        "arithmetic",
    ),
    FindingKind(
        "published-total-mismatch",
        "Published total differs",
        "The published total differs from the one computed from the scores.",
        _E,
        "arithmetic",
    ),
    FindingKind(
        "published-status-mismatch",
        "Published status differs",
        "The published status differs from the status of the computed total.",
        _E,
        "arithmetic",
    ),
    FindingKind(
        "published-status-band",
        "Published status outside its band",
        "The published status is not the band of the published total.",
        _E,
        "arithmetic",
    ),
    FindingKind(
        "facts-score-mismatch",
        "Country Facts score differs",
        "The Country Facts internet freedom score differs from the computed total"
        " (the box has been seen to carry the previous edition's score).",
        _W,
        "arithmetic",
    ),
    FindingKind(
        "published-figures-agree",
        "Published figures agree",
        "Every published figure of the report agrees with the computed one (listed).",
        Severity.INFO,
        "arithmetic",
    ),
    FindingKind(
        "score-change-mismatch",
        "Score Change note differs from the score",
        "A Score Change note's new score differs from the question's score in the report.",
        _E,
        "arithmetic",
    ),
    FindingKind(
        "score-change-direction",
        "Score Change note points the wrong way",
        "A note calls a move an improvement or a decline that its own figures contradict"
        " on the methodology's scale.",
        _E,
        "arithmetic",
    ),
    FindingKind(
        "unmatched-question-line",
        "Question line matches no question",
        "A line printed like a question with a score matches no question of the"
        " methodology; it is kept as text.",
        _E,
        "parse",
    ),
    FindingKind(
        "unreadable-score",
        "Unreadable score",
        "A question's score is printed in no known notation (5.005 6.006, 5.00 6.00, 5 / 6).",
        _E,
        "parse",
    ),
    FindingKind(
        "max-mismatch",
        "Printed maximum differs",
        "The maximum printed beside a score differs from the methodology's maximum.",
        _E,
        "parse",
    ),
    FindingKind(
        "missing-header",
        "Missing category header",
        "The report text lacks a category header line such as 'A Obstacles to Access | 11 25 |'.",
        _W,
        "parse",
    ),
    FindingKind(
        "missing-facts",
        "Missing Country Facts",
        "The report text has no Country Facts block (a truncated copy?).",
        _W,
        "parse",
    ),
    FindingKind(
        "unreadable-score-change",
        "Unreadable Score Change note",
        "A Score Change note does not say 'improved/declined from X to Y'; it is kept as text.",
        _W,
        "parse",
    ),
    FindingKind(
        "leftover-text",
        "Text not understood",
        "A line the parser could not place; it is kept, with its line number, as a leftover.",
        _W,
        "parse",
    ),
    FindingKind(
        "duplicate-report",
        "Report given twice",
        "The same country and edition appear more than once in the dataset.",
        _E,
        "panel",
    ),
    FindingKind(
        "country-name-variants",
        "Country names that differ only in case or spacing",
        "Two country names in the dataset differ only in letter case or inner spacing; they"
        " are treated as different countries, so their deltas are not computed across them.",
        _W,
        "panel",
    ),
    FindingKind(
        "last-year-total-mismatch",
        "Last year's total differs",
        "The published last year's total differs from the previous edition's computed"
        " total in the dataset (converted across the 2019 scale break).",
        _W,
        "panel",
    ),
    FindingKind(
        "edition-gap",
        "Editions missing between reports",
        "A country's consecutive reports in the panel skip one or more editions; the delta"
        " spans the gap.",
        Severity.INFO,
        "delta",
    ),
    FindingKind(
        "left-out-of-deltas",
        "Report left out of the deltas",
        "A report that cannot be scored takes no part in the deltas; the deltas around it"
        " span from the edition before to the edition after (validate it to see why).",
        Severity.INFO,
        "delta",
    ),
    FindingKind(
        "undocumented-change",
        "Score moved without a note",
        "A question's score differs from the previous edition's, but the report has no Score"
        " Change note for it (one is written for every question that moved).",
        _W,
        "delta",
    ),
    FindingKind(
        "score-change-from-mismatch",
        "Score Change note misstates the previous score",
        "A Score Change note's previous score differs from the question's score in the"
        " previous edition.",
        _E,
        "delta",
    ),
    FindingKind(
        "expectation-mismatch",
        "Expected figure differs",
        "A figure the caller expected differs from the one computed from the scores.",
        _E,
        "expectation",
    ),
)


@attrs.frozen(kw_only=True)
class Location:
    """Where a finding is.

    Attributes:
        source: File path, ``"<stdin>"`` or example name.
        country: Country of the report.
        edition: Edition of the report.
        category: Category id.
        question: Question id.
        path: JSON path, e.g. ``$[2].scores.A1``.
        line: 1-based line number (CSV row or report text).
        column: 1-based column number (of a CSV line or a sheet).
        sheet: The workbook sheet.
        row: 1-based row number in the sheet.
        cell: The sheet's cell, e.g. ``"D5"``.
        header: The columns of a table, in order, by the ids the rows are read by: what
            places a finding about an id at its column (not compared, not written).
    """

    source: str | None = None
    country: str | None = None
    edition: int | None = None
    category: str | None = None
    question: str | None = None
    path: str | None = None
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    row: int | None = None
    cell: str | None = None
    header: tuple[str, ...] | None = attrs.field(default=None, eq=False, repr=False)

    def placed(self) -> Location:
        """The location narrowed to the column (and cell) of its id, where the table has one."""
        if self.header is None or self.column is not None:
            return self
        name = self.question or self.category or (self.path or "").rpartition(".")[2]
        if name not in self.header:
            return self
        column = self.header.index(name) + 1
        cell = f"{column_letters(column)}{self.row}" if self.row is not None else None
        return attrs.evolve(self, column=column, cell=cell)

    def _place(self) -> str:
        """The source and the place in it: ``file.csv:3:5``, or a workbook, its sheet and cell."""
        place = self.source or ""
        if self.sheet is not None:
            return f"{place}{_SHEET_MARK if place else ''}{_sheet_place(self)}"
        if self.source is not None and self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return place

    def __str__(self) -> str:
        place = self._place()
        parts = [place] if place else []
        named = (printable(str(p).strip()) for p in (self.country, self.edition) if p is not None)
        report = " ".join(p for p in named if p)
        if report:
            parts.append(report)
        if self.question is not None:
            parts.append(self.question)
        elif self.category is not None:
            parts.append(f"category {self.category}")
        if self.path is not None:
            parts.append(self.path)
        return ", ".join(parts)


def _sheet_place(location: Location) -> str:
    """The sheet and cell (or row) of a location: ``Scores!D5``."""
    if location.cell is not None:
        return f"{location.sheet}!{location.cell}"
    return f"{location.sheet}, row {location.row}" if location.row else f"{location.sheet}"


def column_letters(column: int) -> str:
    """A sheet's column by its letters: 1 is ``A``, 27 ``AA``."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


#: What separates a workbook from its sheet in a printed location.
_SHEET_MARK = " \u203a "


#: Characters that reorder the text around them: bidirectional embeddings, overrides, isolates.
_REORDERING = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def unseen(char: str) -> bool:
    """Whether a character is a control character or reorders text (escaped when printed)."""
    return unicodedata.category(char) == "Cc" or char in _REORDERING


def printable(text: str) -> str:
    """Text with its control and reordering characters escaped as Python escapes them."""
    if text.isprintable():
        return text
    return "".join(repr(char)[1:-1] if unseen(char) else char for char in text)


#: What a finding's expected and actual values can be.
Value = int | str | None


@attrs.frozen(kw_only=True)
class Finding:
    """One problem in the data.

    Attributes:
        code: A code of the `CATALOGUE`.
        severity: How much it matters.
        location: Where it is.
        message: What is wrong, for a person.
        expected: The value that would be right, where there is one.
        actual: The value found, where there is one.
    """

    code: str
    severity: Severity
    location: Location
    message: str
    expected: Value = None
    actual: Value = None

    @classmethod
    def of(
        cls,
        code: str,
        location: Location,
        message: str,
        *,
        expected: Value = None,
        actual: Value = None,
    ) -> Finding:
        """Make a finding with the catalogue's default severity for the code.

        Raises:
            KeyError: The code is not in the catalogue.
        """
        return cls(
            code=code,
            severity=CATALOGUE[code].severity,
            location=location if location.header is None else location.placed(),
            message=message,
            expected=expected,
            actual=actual,
        )


def _natural(text: str | None) -> tuple[tuple[int, int, str], ...]:
    """Sort key that puts ``A2`` before ``A10`` and ``$[2]`` before ``$[10]``.

    Runs of digits compare by length, then as text: the same order as their values, for
    numbers of any size (Python refuses to convert more than 4,300 digits).
    """
    parts = re.split(r"(\d+)", text or "")
    return tuple((1, len(p.lstrip("0")), p) if p.isdigit() else (0, 0, p) for p in parts if p)


def _order(finding: Finding) -> tuple[object, ...]:
    where = finding.location
    return (
        where.source or "",
        where.country or "",
        where.edition or 0,
        where.sheet or "",
        where.line or where.row or 0,
        _natural(where.path),
        where.column or 0,
        (where.category is None, _natural(where.category)),
        (where.question is None, _natural(where.question)),
        finding.code,
        finding.message,
    )


def _in_order(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=_order))


@attrs.frozen
class ValidationReport:
    """The outcome of validating a dataset.

    Attributes:
        findings: Every finding, in a deterministic order: by source, report
            (country, edition), position (line, JSON path), question, code. The order
            of files, rows or keys in the input does not change it.
        reports: How many reports were checked.
    """

    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_in_order)
    reports: int = 0

    @property
    def valid(self) -> bool:
        """Whether no finding is an error."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def counts_by_severity(self) -> dict[str, int]:
        """Findings per severity, every severity listed."""
        return {s.value: sum(f.severity is s for f in self.findings) for s in reversed(Severity)}

    @property
    def counts_by_code(self) -> dict[str, int]:
        """Findings per code, for the codes that occur: in catalogue order, then any other."""
        present = {f.code for f in self.findings}
        order = [c for c in CATALOGUE if c in present] + sorted(present - CATALOGUE.keys())
        return {c: sum(f.code == c for f in self.findings) for c in order}

    def at_or_above(self, severity: Severity) -> tuple[Finding, ...]:
        """The findings at least as severe as ``severity``."""
        return tuple(f for f in self.findings if f.severity.rank >= severity.rank)

    def raise_for_errors(self) -> None:
        """Raise `ValidationError` if any finding is an error; do nothing otherwise."""
        errors = self.at_or_above(Severity.ERROR)
        if errors:
            raise ValidationError(errors)

    def rows(self) -> list[dict[str, str | int | None]]:
        """One flat dict per finding, for a table or CSV."""
        return [
            {
                "code": f.code,
                "severity": f.severity.value,
                "message": f.message,
                **attrs.asdict(f.location, filter=lambda field, _: field.name != "header"),
                "expected": f.expected,
                "actual": f.actual,
            }
            for f in self.findings
        ]

    def __add__(self, other: ValidationReport) -> ValidationReport:
        return ValidationReport(self.findings + other.findings, self.reports + other.reports)


class ValidationError(NetfreedomError):
    """Raised by `ValidationReport.raise_for_errors`; the errors are in ``findings``."""

    def __init__(self, findings: tuple[Finding, ...]) -> None:
        lines = [f"{f.location}: {f.message} [{f.code}]" for f in findings]
        super().__init__(f"{len(findings)} error(s):\n" + "\n".join(lines))
        self.findings = findings
