"""Findings: problems in data, as data. The catalogue of codes is the single source of truth."""

from __future__ import annotations

import collections
import enum
import functools
import heapq
import json
import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from netfreedom.errors import NetfreedomError
from netfreedom.methodology import rating_column

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
            ``"panel"``, ``"delta"``, ``"expectation"`` or ``"cross-index"``.
    """

    code: str
    title: str
    description: str
    severity: Severity
    group: str


#: The catalogue's file, in the installed package.
_CATALOGUE_FILE = os.path.join(os.path.dirname(__file__), "data", "findings.json")


def _catalogue() -> Mapping[str, FindingKind]:
    with open(_CATALOGUE_FILE, encoding="utf-8") as file:
        kinds = json.load(file)
    return MappingProxyType(
        {
            code: FindingKind(
                code, kind["title"], kind["description"], Severity(kind["severity"]), kind["group"]
            )
            for code, kind in kinds.items()
        }
    )


#: Every finding code, with its title, description and default severity, in the order of
#: ``data/findings.json`` (the catalogue's one home).
CATALOGUE: Mapping[str, FindingKind] = _catalogue()


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
        name = self.question or self.category or _named(self.path or "")
        if not name or name not in self.header:  # a whole report, or a figure not in columns
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


def field_path(path: str | None, *parts: str | int) -> str:
    """A report's JSON path extended to one of its fields (``$[2].scores.A1``).

    A report located by line (a table's row) names the field from ``$``.
    """
    base = path if path is not None else "$"
    for part in parts:
        base += f"[{part}]" if isinstance(part, int) else f".{part}"
    return base


def _named(path: str) -> str:
    """The column a JSON path's figure is read from: its last key (a rating: ``PR rating``)."""
    parent, _, name = path.rpartition(".")
    return rating_column(name) if parent.endswith(".ratings") else name


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


@functools.lru_cache(maxsize=1 << 14)
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
        *_report_of(finding),
        where.sheet or "",
        where.line or where.row or 0,
        _natural(where.path),
        where.column or 0,
        (where.category is None, _natural(where.category)),
        (where.question is None, _natural(where.question)),
        finding.code,
        finding.message,
    )


def _report_of(finding: Finding) -> tuple[str, str, int]:
    """The first part of `_order`: where the finding's report is."""
    where = finding.location
    return (where.source or "", where.country or "", where.edition or 0)


def _in_order(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Findings in `_order`, worked out in full only among a report's findings.

    A report's place decides alone where it has one finding (most have one at most), its
    key then a prefix of `_order`'s that no other finding shares.
    """
    items = list(findings)
    heads = list(map(_report_of, items))
    counts = collections.Counter(heads)
    keys = [head if counts[head] == 1 else _order(f) for head, f in zip(heads, items, strict=True)]
    return tuple(map(items.__getitem__, sorted(range(len(items)), key=keys.__getitem__)))


@attrs.frozen(eq=False, repr=False)
class PendingFindings:
    """Findings of one code for many reports, made only when they are listed.

    Attributes:
        code: Their code.
        places: Where each one's report is, as findings are ordered: its source, country
            and edition (``""`` and 0 where none).
        make: The findings at these positions of ``places``, one each.
    """

    code: str
    places: Sequence[tuple[str, str, int]]
    make: Callable[[Sequence[int]], list[Finding]]

    @property
    def severity(self) -> Severity:
        """Their severity: their code's."""
        return CATALOGUE[self.code].severity

    def first(self, count: int) -> list[Finding]:
        """The findings that may be among the first ``count`` in order.

        Those of the first ``count`` places, and any that share the last of them.
        """
        if count <= 0:
            return []
        if len(self.places) <= count:
            return self.make(range(len(self.places)))
        last = heapq.nsmallest(count, self.places)[-1]
        return self.make([n for n, place in enumerate(self.places) if place <= last])


def listed(
    findings: Iterable[Finding], infos_per_code: int
) -> tuple[tuple[Finding, ...], dict[str, int]]:
    """The findings a reader is shown, and how many infos of each code are left out.

    Every error and warning, and the first ``infos_per_code`` infos of each code, in order:
    Freedom House's files give an info a row.

    Raises:
        ValueError: ``infos_per_code`` is negative.
    """
    if infos_per_code < 0:
        raise ValueError(f"infos_per_code must be 0 or more, not {infos_per_code}")
    shown: list[Finding] = []
    infos: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.severity is Severity.INFO:
            infos.setdefault(finding.code, []).append(finding)
        else:
            shown.append(finding)
    left_out = {}
    for code, found in infos.items():
        shown += _in_order(found)[:infos_per_code]
        if len(found) > infos_per_code:
            left_out[code] = len(found) - infos_per_code
    return _in_order(shown), left_out


@attrs.frozen(eq=False, repr=False)
class ValidationReport:
    """The outcome of validating a dataset.

    Attributes:
        findings: Every finding, in a deterministic order: by source, report
            (country, edition), position (line, JSON path), question, code. The order
            of files, rows or keys in the input does not change it.
        reports: How many reports were checked.
        pending: Findings made only when listed (`findings` lists them with the others):
            counting them, or showing a few (`listed`), makes none of the rest.
    """

    _given: tuple[Finding, ...] = attrs.field(default=(), converter=_in_order, alias="findings")
    reports: int = 0
    pending: tuple[PendingFindings, ...] = attrs.field(default=(), kw_only=True)
    _made: list[tuple[Finding, ...]] = attrs.field(factory=list, init=False)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, in order (see the class)."""
        if not self.pending:
            return self._given
        if not self._made:
            made = [f for part in self.pending for f in part.make(range(len(part.places)))]
            self._made.append(_in_order([*self._given, *made]))
        return self._made[0]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ValidationReport):
            return NotImplemented
        return (self.reports, self.findings) == (other.reports, other.findings)

    def __hash__(self) -> int:
        return hash((self.reports, self.findings))

    def __repr__(self) -> str:
        return f"ValidationReport(findings={self.findings!r}, reports={self.reports!r})"

    def __reduce__(self) -> tuple[type[ValidationReport], tuple[tuple[Finding, ...], int]]:
        """Pickled (and copied) with every finding made: what makes them stays behind."""
        return (ValidationReport, (self.findings, self.reports))

    @property
    def valid(self) -> bool:
        """Whether no finding is an error."""
        return not self.counts_by_severity[Severity.ERROR.value]

    @property
    def counts_by_severity(self) -> dict[str, int]:
        """Findings per severity, every severity listed."""
        counts = {s.value: sum(f.severity is s for f in self._given) for s in reversed(Severity)}
        for part in self.pending:
            counts[part.severity.value] += len(part.places)
        return counts

    @property
    def counts_by_code(self) -> dict[str, int]:
        """Findings per code, for the codes that occur: in catalogue order, then any other."""
        counts = collections.Counter(f.code for f in self._given)
        for part in self.pending:
            counts[part.code] += len(part.places)
        present = {code for code, count in counts.items() if count}
        order = [c for c in CATALOGUE if c in present] + sorted(present - CATALOGUE.keys())
        return {c: counts[c] for c in order}

    def at_or_above(self, severity: Severity) -> tuple[Finding, ...]:
        """The findings at least as severe as ``severity``."""
        if all(part.severity.rank < severity.rank for part in self.pending):
            listed = self._given  # none pending is that severe: make none
        else:
            listed = self.findings
        return tuple(f for f in listed if f.severity.rank >= severity.rank)

    def listed(self, infos_per_code: int) -> tuple[tuple[Finding, ...], dict[str, int]]:
        """The findings a reader is shown, and how many infos of each code are left out.

        As `listed` chooses them; of the findings pending, only those that may be shown are
        made.

        Raises:
            ValueError: ``infos_per_code`` is negative.
        """
        made = [
            finding
            for part in self.pending
            for finding in (
                part.first(infos_per_code)
                if part.severity is Severity.INFO
                else part.make(range(len(part.places)))
            )
        ]
        shown, _ = listed([*self._given, *made], infos_per_code)
        counts = self.counts_by_code
        infos = dict.fromkeys(
            [f.code for f in self._given if f.severity is Severity.INFO]
            + [part.code for part in self.pending if part.severity is Severity.INFO]
        )
        left_out = {
            code: counts[code] - infos_per_code
            for code in infos
            if counts.get(code, 0) > infos_per_code
        }
        return shown, left_out

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
        return ValidationReport(
            self._given + other._given,
            self.reports + other.reports,
            pending=self.pending + other.pending,
        )


class ValidationError(NetfreedomError):
    """Raised by `ValidationReport.raise_for_errors`; the errors are in ``findings``."""

    def __init__(self, findings: tuple[Finding, ...]) -> None:
        lines = [f"{f.location}: {f.message} [{f.code}]" for f in findings]
        super().__init__(f"{len(findings)} error(s):\n" + "\n".join(lines))
        self.findings = findings
