"""Validation rules: every problem in a dataset as a located finding.

Each rule is defined once, in `RULES`: its finding codes, its check on one report (a
function that yields findings) and, where it has one, its column form — the same check over
a `Batch` of many reports, which names the rows that may have a finding. `validate` runs
every rule on every report and then the panel rules across reports; `screen` runs the
column forms, and steps aside (returns None) while any rule has none. Nothing stops at the
first problem.
"""

from __future__ import annotations

import itertools
import operator
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import attrs

from netfreedom.aggregation import (
    ColumnCards,
    FigureProblem,
    figure_problems,
    gives_questions,
    modern_categories,
    points_text,
    score,
    scored_items,
    sum_columns,
    to_modern_scale,
)
from netfreedom.batch import Batch, occurrences, pick
from netfreedom.errors import NetfreedomError, ScoringError
from netfreedom.findings import (
    Finding,
    Location,
    PendingFindings,
    ValidationReport,
    field_path,
    unseen,
)
from netfreedom.methodologies import (
    builtin_ids,
    get_methodology,
    index_of,
    methodology_for_edition,
    unpublished_editions,
)
from netfreedom.methodology import (
    DEFAULT_INDEX,
    Adjustment,
    Category,
    Effect,
    Methodology,
    Question,
    Scale,
    Status,
    rating_column,
)
from netfreedom.notes import note_findings, note_index
from netfreedom.reports import CountryReport
from netfreedom.scorecard import Scorecard


def _frozen(mapping: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(dict(mapping))


class ExpectationError(NetfreedomError, ValueError):
    """Expected figures that are not written as `Expected.parse` reads them."""


@attrs.frozen(kw_only=True)
class Expected:
    """Figures a caller expects a report to have, e.g. from another publication.

    Attributes:
        categories: Expected figures by id: category totals (``A``), group totals (``PR``)
            and group ratings (``PR rating``).
        total: Expected total.
        status: Expected status.
    """

    categories: Mapping[str, int] = attrs.field(factory=dict, converter=_frozen)
    total: int | None = None
    status: Status | None = None

    @classmethod
    def parse(cls, text: str) -> Expected:
        """Read ``"A=11,B=11,C=10,total=32,status=Not Free"`` (or ``"PR=5,PR rating=7"``).

        Keys are category and group ids, group ratings (``PR rating``), ``total`` and
        ``status``; values whole numbers in ASCII digits, except the status.

        Raises:
            ExpectationError: The text is not of that form.
        """
        categories: dict[str, int] = {}
        total: int | None = None
        status: Status | None = None
        seen: set[str] = set()
        for item in filter(None, (part.strip() for part in text.split(","))):
            key, sep, value = (p.strip() for p in item.partition("="))
            if not sep or not key or not value:
                raise ExpectationError(f"expected KEY=VALUE, got {item!r}")
            key = _figure_key(key)
            if key in seen:
                raise ExpectationError(f"{key} is given twice")
            seen.add(key)
            if key == "status":
                try:
                    status = Status.from_text(value)
                except ValueError as error:
                    raise ExpectationError(f"status: {error}") from None
                continue
            if not (value.isascii() and value.lstrip("+-").isdigit()):
                raise ExpectationError(f"{key}: expected a whole number, got {value!r}")
            if key == "total":
                total = int(value)
            else:
                categories[key] = int(value)
        return cls(categories=categories, total=total, status=status)

    def check(self, methodology: Methodology | None = None) -> None:
        """Refuse figures no report could have under the methodology (or any built-in one).

        Raises:
            ExpectationError: A key is a question or no figure, or a figure is out of range.
        """
        chosen = [methodology] if methodology else [get_methodology(i) for i in builtin_ids()]

        def outside(low: int, high: int) -> str:
            if methodology:
                return f"{methodology.id}'s {low}..{high}"
            return f"{low}..{high}, what any methodology allows"

        ranges: dict[str, tuple[int, int]] = {}
        for each in chosen:
            for figure, (low, high) in each.figure_ranges.items():
                known = ranges.get(figure, (low, high))
                ranges[figure] = (min(low, known[0]), max(high, known[1]))
        questions = {q.id for m in chosen for q in m.items}
        names = ", ".join(ranges)
        for key, value in self.categories.items():
            if key in questions:
                raise ExpectationError(
                    f"{key} is a question; expect categories or groups ({names}), total, status"
                )
            if key not in ranges:
                raise ExpectationError(
                    f"{key} is not a category or group ({names}), total or status"
                )
            if not ranges[key][0] <= value <= ranges[key][1]:
                raise ExpectationError(f"{key}={value} is outside {outside(*ranges[key])}")
        low, high = min(m.min_total for m in chosen), max(m.max_total for m in chosen)
        if self.total is not None and not low <= self.total <= high:
            raise ExpectationError(f"total={self.total} is outside {outside(low, high)}")


#: What tells reports apart in a dataset: country, edition and index (a FOTN and a FIW
#: report of one country and year are two reports).
Key = tuple[str, int, str]


def report_key(report: CountryReport) -> Key:
    """``(country, edition, index)``: the report's `CountryReport.key` and its index."""
    return (report.country, report.edition, index_of(report.methodology))


def _figure_key(key: str) -> str:
    """An expectation's key as figures are named: ``total``, ``status``, ``A``, ``PR rating``."""
    words = key.split()
    if key.casefold() in ("total", "status"):
        return key.casefold()
    if len(words) == 2 and words[1].casefold() == "rating":
        return rating_column(words[0].upper())
    return key.upper()


@attrs.frozen
class Target:
    """A report to validate and where it came from.

    Attributes:
        report: The report.
        location: Its location (source, JSON path or line).
        reported: Question and category ids that already have a finding from
            reading, so that rules do not report them again as missing.
        notes: Where reading left out a Score Change note it could not read, the
            position in the source of each note kept (``()``: every note, in order).
    """

    report: CountryReport
    location: Location
    reported: frozenset[str] = frozenset()
    notes: tuple[int, ...] = ()

    def note_path(self, index: int, *parts: str | int) -> str:
        """The JSON path of the report's Score Change note ``index`` (or a field of it)."""
        position = self.notes[index] if self.notes else index
        return field_path(self.location.path, "score_changes", position, *parts)


@attrs.frozen(eq=False, repr=False)
class Context:
    """One report under check: the target, its methodology and scorecard.

    Attributes:
        target: The report and where it came from.
        methodology: The methodology it is checked against.
        card: Its scorecard, for rules that run on scored reports (None before).
        override: Whether the caller chose the methodology (the report's is not used).
    """

    target: Target
    methodology: Methodology
    card: Scorecard | None
    override: bool = False

    @property
    def report(self) -> CountryReport:
        """The report."""
        return self.target.report

    @property
    def where(self) -> Location:
        """The report's location."""
        return self.target.location

    @property
    def reported(self) -> frozenset[str]:
        """Ids that reading already found a problem with."""
        return self.target.reported

    def at(
        self, *, category: str | None = None, question: str | None = None, path: str | None = None
    ) -> Location:
        """The report's location, narrowed to a category, question or path inside it."""
        return attrs.evolve(
            self.where, category=category, question=question, path=path or self.where.path
        )


def as_targets(items: Iterable[CountryReport | Target]) -> tuple[Target, ...]:
    """Reports as targets: a report without one is located by its country and edition.

    Raises:
        TypeError: ``items`` is a string or holds something else than reports and targets.
    """
    given: object = items  # a caller may pass anything: a file name, a dataset
    if isinstance(given, str | bytes):
        raise TypeError(
            f"validate() takes reports, not the text {given!r}: read a file or an example with"
            " read_dataset(...).validate()"
        )
    if not isinstance(given, Iterable):
        raise TypeError(
            f"validate() takes reports, not a {type(given).__name__}: a dataset or panel"
            " validates itself (its .validate())"
        )
    targets = []
    for item in items:
        if isinstance(item, Target):
            targets.append(item)
        elif isinstance(item, CountryReport):
            targets.append(Target(item, Location(country=item.country, edition=item.edition)))
        else:
            raise TypeError(
                f"validate() takes CountryReport or Target objects, not a {type(item).__name__};"
                " read records with netfreedom.loads or read_dataset"
            )
    return tuple(targets)


#: A rule's check on one report.
Check = Callable[[Context], Iterable[Finding]]
#: A rule's column form: the rows of a batch that may have one of its findings.
ColumnCheck = Callable[[Batch], Iterable[int]]
#: Where a batch's row is (a report's location, with the row's country and edition), or,
#: given a key, that report's field.
Locator = Callable[[int, str | None], Location]
#: A rule's findings made from columns: for a batch's rows, located by a `Locator`, made
#: when they are listed.
Made = Callable[[Batch, Locator], PendingFindings]


@attrs.frozen
class Rule:
    """A validation rule, defined once.

    Attributes:
        codes: The finding codes it reports.
        check: Its check on one report.
        columns: Its column form, or None: the rows of a batch that may have a finding.
            Every row it does not name must have none; naming more only costs time.
        scored: Whether it runs only on reports that can be scored.
        shape: Whether it checks only what holds under any methodology (the country
            name, whether there are scores), so that it runs even where none applies.
        made: Its findings for the rows its column form does not name, made from the
            columns (a batch, its rows' locations) where every such row has one: then the
            column form names the rows whose findings the check must make itself.
    """

    codes: tuple[str, ...]
    check: Check
    columns: ColumnCheck | None = None
    scored: bool = False
    shape: bool = False
    made: Made | None = None


#: Every per-report rule, in the order they run.
RULES: list[Rule] = []


def rule(
    *codes: str,
    columns: ColumnCheck | None = None,
    scored: bool = False,
    shape: bool = False,
    made: Made | None = None,
) -> Callable[[Check], Check]:
    """Register the decorated check as a rule reporting ``codes`` (see `Rule`)."""

    def register(check: Check) -> Check:
        RULES.append(Rule(codes, check, columns, scored, shape, made))
        return check

    return register


def screen(batch: Batch) -> set[int] | None:
    """The rows of a batch that may have findings, by every rule's column form.

    None when some rule has no column form: then the batch must be checked report by
    report.
    """
    if any(r.columns is None for r in RULES):
        return None
    flagged: set[int] = set()
    for each in RULES:
        flagged.update(each.columns(batch))  # type: ignore[misc]
    return flagged


def publishing(batch: Batch) -> list[int]:
    """The rows that publish a total or a status."""
    return batch.publishing()


@attrs.frozen
class _Stated:
    """A batch's published figures beside the computed ones, for its publishing rows in range.

    Attributes:
        rows: The rows (of the batch).
        figures: Each published figure's name (``PR``, ``PR rating``, ``total``,
            ``status``), its stated column (None where not given) and its computed column,
            over ``rows``.
    """

    rows: list[int]
    figures: list[tuple[str, Sequence[Any], Sequence[Any]]]


#: Statuses by their text.
_STATUSES = {status.value: status for status in Status}


def _stated(batch: Batch) -> _Stated:
    """The published figures of a batch's publishing rows whose figures are in range."""
    return batch.once(_stated_of)


def _stated_of(batch: Batch) -> _Stated:
    rows = publishing(batch)
    if rows:
        unscored = _unscorable(batch)
        rows = [row for row in rows if row not in unscored]
    if not rows:
        return _Stated([], [])
    methodology = batch.methodology
    computed = batch.cards_at(rows)
    rated = [rating_column(g.id) for g in methodology.rated_groups]
    figures: list[tuple[str, Sequence[Any], Sequence[Any]]] = [
        *zip(
            [c.id for c in methodology.categories],
            batch.published_categories,
            computed.categories,
            strict=False,
        ),
        *zip([g.id for g in methodology.groups], batch.groups, computed.groups, strict=False),
        *zip(rated, batch.ratings, computed.ratings, strict=False),
    ]
    if batch.published:
        statuses = list(map(_STATUSES.__getitem__, computed.statuses))
        figures += [
            ("total", batch.published[0], computed.totals),
            ("status", batch.published[1], statuses),
        ]
    return _Stated(rows, [(name, pick(given, rows), made) for name, given, made in figures])


def _published_totals_outside(batch: Batch) -> list[int]:
    """Rows with a published figure (last year's total too) outside its range."""
    methodology = batch.methodology
    ranges = methodology.figure_ranges
    totals = (methodology.min_total, methodology.max_total)
    columns = [
        *([(totals, batch.published[0])] if batch.published else []),
        *([(totals, batch.last_year_totals)] if batch.last_year_totals else []),
        *(
            ((c.min, c.max), column)
            for c, column in zip(methodology.categories, batch.published_categories, strict=False)
        ),
        *(
            (ranges[g.id], column)
            for g, column in zip(methodology.groups, batch.groups, strict=False)
        ),
        *(
            (ranges[rating_column(g.id)], column)
            for g, column in zip(methodology.rated_groups, batch.ratings, strict=False)
        ),
    ]
    rows: set[int] = set()
    for (low, high), column in columns:
        for value in set(column):  # a column holds few distinct values
            if value is not None and not low <= value <= high:
                rows.update(occurrences(column, value))
    return sorted(rows)


def _bands_differ(batch: Batch) -> list[int]:
    if not batch.published:
        return []
    pairs = list(zip(*batch.published, strict=True))
    problems: dict[tuple[int | None, Status | None], str | None] = {
        (total, status): _band_problem(batch.methodology, total, status)
        for total, status in set(pairs)
        if total is not None and status is not None
    }
    return [n for n, pair in enumerate(pairs) if problems.get(pair) is not None]


def _published_differ(batch: Batch) -> list[int]:
    stated = _stated(batch)
    return [stated.rows[n] for n in _differing(stated)]


def _differing(stated: _Stated) -> list[int]:
    """Positions (in ``stated.rows``) of rows with a published figure unlike the computed one."""
    differing: set[int] = set()
    for _, given, computed in stated.figures:
        unequal = occurrences(list(map(operator.eq, given, computed)), value=False)
        differing.update(n for n in unequal if given[n] is not None)
    return sorted(differing)


def holds_none(_: Batch) -> tuple[int, ...]:
    """The column form of a rule about what a batch never holds.

    A batch holds no Score Change notes and no Country Facts (see `Batch`).
    """
    return ()


def outside(batch: Batch) -> set[int]:
    """Rows whose figure lies outside its item's range (every row if a batch breaks shape).

    A batch holds every item's figure and no other (its reader sees to it); question scores
    under a category-level methodology are flagged in full.
    """
    return batch.once(_outside_rows)


def _outside_rows(batch: Batch) -> set[int]:
    stated = batch.methodology.categories if batch.stated else ()
    return _unscorable(batch) | _rows_outside(stated, batch.stated)


def _unscorable(batch: Batch) -> set[int]:
    """Rows that cannot be scored: a figure scored (not a total given beside) out of range."""
    return batch.once(_unscorable_rows)


def _unscorable_rows(batch: Batch) -> set[int]:
    if batch.questions and not batch.methodology.question_level:
        return set(range(len(batch)))
    return _rows_outside(batch.items, batch.figures)


def _rows_outside(
    items: Sequence[Question | Category | Adjustment], columns: Sequence[Sequence[int]]
) -> set[int]:
    """Rows of these columns whose value lies outside its item's range."""
    rows: set[int] = set()
    for item, column in zip(items, columns, strict=True):
        for value in set(column):  # a column holds few distinct values
            if not item.min <= value <= item.max:
                rows.update(occurrences(column, value))
    return rows


def _sums_differ(batch: Batch) -> set[int]:
    """Rows whose stated category totals differ from their questions' sums."""
    flagged: set[int] = set()
    if batch.stated:
        for stated, summed in zip(batch.stated, batch.categories(), strict=True):
            flagged.update(occurrences(list(map(operator.eq, stated, summed)), value=False))
    return flagged


def validate(
    reports: Iterable[CountryReport | Target],
    *,
    expected: Expected | None = None,
    methodology: Methodology | None = None,
) -> ValidationReport:
    """Check reports one by one and as a panel; return every finding.

    Args:
        reports: Reports, or `Target` objects that carry their location.
        expected: Figures every report is expected to have.
        methodology: Check against this methodology instead of the one each
            report names.

    Raises:
        ExpectationError: ``expected`` names figures no report could have (see
            `Expected.check`).
        TypeError: ``reports`` holds something else than reports and targets.
    """
    if expected is not None:
        expected.check(methodology)
    targets = as_targets(reports)
    findings: list[Finding] = []
    cards: list[Scorecard | None] = []
    for target in targets:
        card, problems = check_report(target, expected=expected, methodology=methodology)
        cards.append(card)
        findings += problems
    keys = [report_key(t.report) for t in targets]
    locations = [t.location for t in targets]
    stated = {
        i: t.report.published.last_year_total
        for i, t in enumerate(targets)
        if t.report.published.last_year_total is not None
    }
    findings += duplicate_reports(keys, locations.__getitem__)
    findings += name_variants(keys, locations.__getitem__)
    findings += last_year_totals(
        keys, stated, lambda i: computed_of(cards[i]), locations.__getitem__
    )
    noted = {i: t for i, t in enumerate(targets) if t.report.score_changes}
    findings += notes_against_last_year(keys, noted, lambda i: targets[i].report)
    return ValidationReport(findings, len(targets))


def check_report(
    target: Target, *, expected: Expected | None = None, methodology: Methodology | None = None
) -> tuple[Scorecard | None, list[Finding]]:
    """Run the per-report rules on one report; return its scorecard (if it can be scored)."""
    report, where = target.report, target.location
    try:
        chosen = methodology or get_methodology(report.methodology)
    except NetfreedomError as error:
        unknown = Finding.of("unknown-methodology", where, str(error), actual=report.methodology)
        return None, [unknown, *shape_findings(target)]
    context = Context(target, chosen, None, methodology is not None)
    findings = [f for each in RULES if not each.scored for f in each.check(context)]
    try:
        card = score(report, chosen)
    except ScoringError:
        return None, findings
    context = attrs.evolve(context, card=card)
    findings += [f for each in RULES if each.scored for f in each.check(context)]
    if expected is not None:
        findings += _expectations(context, expected)
    return card, findings


def stand_in() -> Methodology:
    """The methodology that stands in for a report's unknown one where nothing depends on it."""
    return get_methodology(builtin_ids()[0])


def shape_findings(target: Target) -> list[Finding]:
    """The findings of the rules that need no methodology, for a report none applies to."""
    # shape rules never read the methodology: any stands in for the one the report lacks
    context = Context(target, stand_in(), None)
    return [f for each in RULES if each.shape for f in each.check(context)]


# -- shape rules ----------------------------------------------------------------------


def _blank_countries(batch: Batch) -> list[int]:
    return [n for n, country in enumerate(batch.countries) if not country.strip()]


@rule("missing-country", columns=_blank_countries, shape=True)
def _missing_country(c: Context) -> Iterator[Finding]:
    if not c.report.country.strip() and "country" not in c.reported:  # no string: said
        yield Finding.of(
            "missing-country", c.at(path=_path(c, "country")), "the report has no country"
        )


def _controls(name: str) -> bool:
    return not name.isprintable() and any(map(unseen, name))


def _names_with_controls(batch: Batch) -> list[int]:
    if "".join(batch.countries).isprintable():
        return []
    return [n for n, country in enumerate(batch.countries) if _controls(country)]


@rule("control-characters", columns=_names_with_controls, shape=True)
def _country_characters(c: Context) -> Iterator[Finding]:
    if _controls(c.report.country):
        yield Finding.of(
            "control-characters",
            c.at(path=_path(c, "country")),
            f"the country name {c.report.country!r} holds control or reordering characters",
            actual=c.report.country,
        )


def _other_editions(batch: Batch) -> list[int]:
    editions = batch.methodology.editions
    return [n for n, edition in enumerate(batch.editions) if edition not in editions]


@rule("methodology-edition-mismatch", columns=_other_editions)
def _methodology_for_edition(c: Context) -> Iterator[Finding]:
    if c.override or c.report.edition in c.methodology.editions:
        return
    try:
        expected: str | None = methodology_for_edition(c.report.edition).id
        hint = f"the edition's methodology is {expected}"
    except NetfreedomError as error:
        expected, hint = None, str(error)
    yield Finding.of(
        "methodology-edition-mismatch",
        c.at(path=_path(c, "methodology")),
        f"{c.methodology.id} covers the editions {c.methodology.editions}, not"
        f" {c.report.edition}: {hint}",
        expected=expected,
        actual=c.methodology.id,
    )


@rule("no-scores", columns=lambda batch: () if batch.ids else range(len(batch)), shape=True)
def _no_scores(c: Context) -> Iterator[Finding]:
    if not c.report.scores and not c.report.categories and not c.reported:
        yield Finding.of(
            "no-scores", c.where, "the report gives neither question scores nor category totals"
        )


@rule(
    "question-scores-not-allowed",
    "adjustment-not-applicable",
    "unknown-question",
    "missing-question",
    "score-out-of-range",
    columns=outside,
)
def _question_scores(c: Context) -> Iterator[Finding]:
    scores, methodology = c.report.scores, c.methodology
    if not scores and not (c.report.categories and methodology.adjustments):
        return
    questions = gives_questions(c.report, methodology)
    if questions and not methodology.question_level:
        yield Finding.of(
            "question-scores-not-allowed",
            c.at(path=_path(c, "scores")),
            f"{methodology.id} ({methodology.editions}) is category-level: give category"
            f" totals, not question scores ({len(scores)} given)",
        )
        return
    edition = c.report.edition
    retired = {a.id: a for a in methodology.adjustments if not a.applies(edition)}
    items = (
        scored_items(methodology, edition) if questions else methodology.adjustments_for(edition)
    )
    for problem in figure_problems(scores, items):
        where = c.at(question=problem.id, path=_path(c, "scores", problem.id))
        if problem.id in retired:
            yield Finding.of(
                "adjustment-not-applicable",
                where,
                f"{problem.id} does not apply to the {c.report.edition} edition: {methodology.id}"
                f" scores it in the editions {retired[problem.id].editions}",
                actual=scores[problem.id],
            )
        elif problem.kind == "unknown":
            yield Finding.of(
                "unknown-question",
                where,
                f"{problem.id} is not a question of {methodology.id}",
                actual=problem.id,
            )
        elif problem.kind == "missing":
            if problem.id not in c.reported:
                yield Finding.of(
                    "missing-question", where, f"{problem.id} has no score", expected=problem.id
                )
        else:
            yield _outside(problem, where, f"{problem.id} scores")


@rule("unknown-category", "missing-category", "category-out-of-range", columns=outside)
def _category_scores(c: Context) -> Iterator[Finding]:
    given, methodology = c.report.categories, c.methodology
    if not given:
        return  # nothing to check: a missing total is reported only beside other totals
    for problem in figure_problems(given, methodology.categories):
        where = c.at(category=problem.id, path=_path(c, "categories", problem.id))
        if problem.kind == "unknown":
            yield Finding.of(
                "unknown-category",
                where,
                f"{problem.id} is not a category of {methodology.id}" + _group_hint(c, problem.id),
                actual=problem.id,
            )
        elif problem.kind == "missing":
            if not gives_questions(c.report, methodology) and problem.id not in c.reported:
                yield Finding.of(
                    "missing-category",
                    where,
                    f"category {problem.id} has no total",
                    expected=problem.id,
                )
        else:
            yield _outside(problem, where, f"category {problem.id} totals")


def _group_hint(c: Context, id_: str) -> str:
    """For a group's id given as a category's: where its total goes, or which index has it."""
    group = next((g for g in c.methodology.groups if g.id == id_), None)
    if group is not None:
        return (
            f" but one of its groups, the sum of categories {', '.join(group.categories)}: give"
            f" those, and {id_}'s published total under published.groups"
        )
    for other in map(get_methodology, builtin_ids()):
        if other.index != c.methodology.index and any(g.id == id_ for g in other.groups):
            return f" (a group of {other.id}: is the report of the index {other.index!r}?)"
    return ""


def _outside(problem: FigureProblem, where: Location, what: str) -> Finding:
    assert problem.item is not None  # noqa: S101 - an out-of-range figure has its item
    assert problem.points is not None  # noqa: S101 - and its points
    low, high, points = problem.item.min, problem.item.max, problem.points
    return Finding.of(
        "category-out-of-range" if isinstance(problem.item, Category) else "score-out-of-range",
        where,
        f"{what} {points_text(points)}, outside {low}..{high}",
        expected=high if points > high else low,
        actual=points,
    )


@rule(
    "total-out-of-range",
    "unknown-category",
    "category-out-of-range",
    columns=_published_totals_outside,
)
def _published_ranges(c: Context) -> Iterator[Finding]:
    methodology, published = c.methodology, c.report.published
    for name, what, total in (
        ("total", "total", published.total),
        ("last_year_total", "last year's total", published.last_year_total),
    ):
        if total is not None and not methodology.min_total <= total <= methodology.max_total:
            yield Finding.of(
                "total-out-of-range",
                c.at(path=_path(c, "published", name)),
                f"published {what} {points_text(total)} lies outside"
                f" {methodology.min_total}..{methodology.max_total}",
                actual=total,
            )
    for problem in figure_problems(published.categories, methodology.categories):
        if problem.kind == "missing":  # a publication may state some categories only
            continue
        where = c.at(category=problem.id, path=_path(c, "published", "categories", problem.id))
        if problem.kind == "unknown":
            yield Finding.of(
                "unknown-category",
                where,
                f"published category {problem.id} is not a category of {methodology.id}",
                actual=problem.id,
            )
        elif problem.kind == "outside":
            yield _outside(problem, where, f"published category {problem.id} total")
    yield from _published_group_ranges(c)


def _published_group_ranges(c: Context) -> Iterator[Finding]:
    """Published group totals and ratings the methodology has no group or range for."""
    methodology, published = c.methodology, c.report.published
    ranges = methodology.figure_ranges
    groups = {g.id for g in methodology.groups}
    for part, given in (("groups", published.groups), ("ratings", published.ratings)):
        for group_id, points in given.items():
            figure = group_id if part == "groups" else rating_column(group_id)
            if group_id not in groups or figure not in ranges:
                what = "rated group" if part == "ratings" else "group"
                yield Finding.of(
                    "unknown-category",
                    c.at(path=_path(c, "published", part, group_id)),
                    f"published {part[:-1]} {group_id}: {methodology.id} has no such {what}",
                    actual=group_id,
                )
                continue
            low, high = ranges[figure]
            if not low <= points <= high:
                yield Finding.of(
                    "category-out-of-range",
                    c.at(path=_path(c, "published", part, group_id)),
                    f"published {group_id} {part[:-1]} {points_text(points)},"
                    f" outside {low}..{high}",
                    expected=high if points > high else low,
                    actual=points,
                )


@rule("published-status-band", columns=_bands_differ)
def _published_band(c: Context) -> Iterator[Finding]:
    published = c.report.published
    if published.status is None or published.total is None:
        return
    band_problem = _band_problem(c.methodology, published.total, published.status)
    if band_problem is not None:
        yield Finding.of(
            "published-status-band",
            c.at(path=_path(c, "published", "status")),
            band_problem,
            expected=c.methodology.status_for(published.total).value,
            actual=published.status.value,
        )


@rule("unknown-question", "duplicate-score-change", columns=holds_none)
def _score_change_questions(c: Context) -> Iterator[Finding]:
    first: dict[str, int] = {}
    for index, note in enumerate(c.report.score_changes):
        if note.question in first:
            yield Finding.of(
                "duplicate-score-change",
                c.at(question=note.question, path=c.target.note_path(index)),
                f"a second Score Change note for {note.question} (the first at"
                f" {c.target.note_path(first[note.question])}): a question has one",
                actual=note.question,
            )
        first.setdefault(note.question, index)
    if not c.methodology.question_level:
        return
    known = {q.id for q in c.methodology.questions}
    for index, note in enumerate(c.report.score_changes):
        if note.question not in known:
            yield Finding.of(
                "unknown-question",
                c.at(question=note.question, path=c.target.note_path(index, "question")),
                f"the Score Change note names {note.question},"
                f" not a question of {c.methodology.id}",
                actual=note.question,
            )


# -- arithmetic rules (only on scorable reports) --------------------------------------


def _difference(what: str, stated: int, computed: int, source: str) -> str:
    return f"{what}: {source} {stated}, computed {computed} (off by {computed - stated:+d})"


@rule("category-sum-mismatch", columns=_sums_differ, scored=True)
def _given_categories(c: Context) -> Iterator[Finding]:
    assert c.card is not None  # noqa: S101 - arithmetic rules run on scored reports
    if not gives_questions(c.report, c.methodology):
        return
    for category in c.card.categories:
        given = c.report.categories.get(category.id)
        if given is not None and given != category.score:
            yield Finding.of(
                "category-sum-mismatch",
                c.at(category=category.id, path=_path(c, "categories", category.id)),
                _difference(f"category {category.id}", given, category.score, "given")
                + " from its questions",
                expected=category.score,
                actual=given,
            )


@rule(
    "published-category-mismatch",
    "published-group-mismatch",
    "published-rating-mismatch",
    "published-total-mismatch",
    "published-status-mismatch",
    columns=_published_differ,
    scored=True,
)
def _published_figures(c: Context) -> Iterator[Finding]:
    assert c.card is not None  # noqa: S101 - arithmetic rules run on scored reports
    published, card = c.report.published, c.card
    for category in card.categories:
        stated = published.categories.get(category.id)
        if stated is not None and stated != category.score:
            yield Finding.of(
                "published-category-mismatch",
                c.at(category=category.id, path=_path(c, "published", "categories", category.id)),
                _difference(f"category {category.id}", stated, category.score, "published"),
                expected=category.score,
                actual=stated,
            )
    yield from _published_groups(c)
    if published.total is not None and published.total != card.total:
        yield Finding.of(
            "published-total-mismatch",
            c.at(path=_path(c, "published", "total")),
            _difference("total", published.total, card.total, "published"),
            expected=card.total,
            actual=published.total,
        )
    # where the published total is the computed one, a status at odds with it is the
    # band's finding (published-status-band): one problem, said once
    banded = not c.methodology.rated and published.total == card.total
    if published.status is not None and published.status is not card.status and not banded:
        yield Finding.of(
            "published-status-mismatch",
            c.at(path=_path(c, "published", "status")),
            f"status: published {published.status.value}, computed {card.status.value}"
            f" ({_status_basis(card)})",
            expected=card.status.value,
            actual=published.status.value,
        )


def _status_basis(card: Scorecard) -> str:
    """What a card's status follows from: its total, or its groups' ratings and their mean."""
    ratings = [(g.id, g.rating) for g in card.groups if g.rating is not None]
    if not ratings:
        return f"total {card.total}"
    mean = sum(r for _, r in ratings) / len(ratings)
    named = ", ".join(f"{group} rating {rating}" for group, rating in ratings)
    return f"{named}: mean {mean:g}"


def _published_groups(c: Context) -> Iterator[Finding]:
    """Published group totals and ratings against the computed ones."""
    assert c.card is not None  # noqa: S101 - arithmetic rules run on scored reports
    published = c.report.published
    for group in c.card.groups:
        stated = published.groups.get(group.id)
        if stated is not None and stated != group.score:
            yield Finding.of(
                "published-group-mismatch",
                c.at(path=_path(c, "published", "groups", group.id)),
                _difference(group.id, stated, group.score, "published")
                + f" from {_group_sum(c, group.id)}",
                expected=group.score,
                actual=stated,
            )
        rating = published.ratings.get(group.id)
        if rating is not None and group.rating is not None and rating != group.rating:
            yield Finding.of(
                "published-rating-mismatch",
                c.at(path=_path(c, "published", "ratings", group.id)),
                f"{group.id} rating: published {rating}, computed {group.rating}"
                f" ({group.id} {group.score})",
                expected=group.rating,
                actual=rating,
            )


def _group_sum(c: Context, group_id: str) -> str:
    """How a group's score is summed, in words: ``A + B + C - Add Q``."""
    assert c.card is not None  # noqa: S101 - arithmetic rules run on scored reports
    effects = {a.id: a.effect for a in c.methodology.adjustments}
    summed = " + ".join(c.methodology.group(group_id).categories)
    for adjustment in c.card.adjustments:
        if adjustment.group == group_id:
            sign = "-" if effects[adjustment.id] is Effect.SUBTRACT else "+"
            summed += f" {sign} {adjustment.id}"
    return summed


def _agreement(published: Location, agreeing: list[str]) -> Finding:
    """The finding that every published figure agrees, naming them, at ``published``."""
    return Finding.of(
        "published-figures-agree",
        published,
        f"published figures agree with the computed ones: {', '.join(agreeing)}",
    )


def _agreeing(
    total: int | None, status: Status | None, card_total: int, card_status: Status
) -> list[str]:
    """The published total and status that agree with the computed ones, as named."""
    named = [_figure("total", card_total)] if total == card_total else []
    return named + ([_figure("status", card_status)] if status is card_status else [])


def _figure(name: str, value: int | Status) -> str:
    """A figure as the agreement names it: ``PR 38``, ``status Free``."""
    return f"{name} {value.value if isinstance(value, Status) else value}"


def _agreements(batch: Batch, locate: Locator) -> PendingFindings:
    """`_published_agree`'s findings for the rows of a batch, made from its columns.

    A row that publishes figures (`publishing`) publishes one at least: where none
    differs, they agree.
    """
    stated = _stated(batch)
    differing = set(_differing(stated))
    agreeing = [n for n in range(len(stated.rows)) if n not in differing]
    rows = pick(stated.rows, agreeing)
    source = (locate(rows[0], None).source or "") if rows else ""
    places = list(
        zip(
            itertools.repeat(source),
            pick(batch.countries, rows),
            pick(batch.editions, rows),
            strict=False,
        )
    )

    def make(positions: Sequence[int]) -> list[Finding]:
        chosen = pick(agreeing, positions)
        shown: list[list[str | None]] = []
        for name, given_all, computed_all in stated.figures:
            given, computed = pick(given_all, chosen), pick(computed_all, chosen)
            named: dict[Any, str | None] = {value: _figure(name, value) for value in set(computed)}
            texts = list(map(named.__getitem__, computed))
            if None in given:  # a figure not given is not named
                texts = [None if g is None else t for g, t in zip(given, texts, strict=True)]
            shown.append(texts)
        return [
            _agreement(locate(row, "published"), [text for text in texts if text is not None])
            for row, texts in zip(pick(rows, positions), zip(*shown, strict=True), strict=True)
        ]

    return PendingFindings("published-figures-agree", places, make)


@rule("published-figures-agree", columns=holds_none, scored=True, made=_agreements)
def _published_agree(c: Context) -> Iterator[Finding]:
    assert c.card is not None  # noqa: S101 - arithmetic rules run on scored reports
    published, card = c.report.published, c.card
    agreeing = [
        _figure(c.id, c.score) for c in card.categories if published.categories.get(c.id) == c.score
    ]
    agreeing += [
        _figure(g.id, g.score) for g in card.groups if published.groups.get(g.id) == g.score
    ]
    agreeing += [
        _figure(rating_column(g.id), g.rating)
        for g in card.groups
        if g.rating is not None and published.ratings.get(g.id) == g.rating
    ]
    agreeing += _agreeing(published.total, published.status, card.total, card.status)
    stated = len(published.categories) + len(published.groups) + len(published.ratings)
    stated += published.total is not None
    if agreeing and len(agreeing) == stated + (published.status is not None):
        yield _agreement(c.at(path=_path(c, "published")), agreeing)


def _band_problem(methodology: Methodology, total: int, status: Status) -> str | None:
    try:
        band_status = methodology.status_for(total)
    except ValueError:
        return None  # reported as total-out-of-range
    if band_status is status:
        return None
    band = methodology.band_of(band_status)
    return (
        f"published status {status.value} does not match the published total {total},"
        f" which is {band_status.value} ({band.min}-{band.max})"
    )


@rule("facts-score-mismatch", "facts-status-mismatch", columns=holds_none, scored=True)
def _facts(c: Context) -> Iterator[Finding]:
    assert c.card is not None  # noqa: S101 - arithmetic rules run on scored reports
    facts = c.report.facts
    if facts is None:
        return
    status = facts.internet_freedom_status
    if status is not None and status is not c.card.status:
        yield Finding.of(
            "facts-status-mismatch",
            c.at(path=_path(c, "facts", "internet_freedom_status")),
            f"Country Facts internet freedom status: stated {status.value}, computed"
            f" {c.card.status.value} (total {c.card.total})",
            expected=c.card.status.value,
            actual=status.value,
        )
    if facts.internet_freedom_score is not None and facts.internet_freedom_score != c.card.total:
        yield Finding.of(
            "facts-score-mismatch",
            c.at(path=_path(c, "facts", "internet_freedom_score")),
            _difference(
                "Country Facts internet freedom score",
                facts.internet_freedom_score,
                c.card.total,
                "stated",
            ),
            expected=c.card.total,
            actual=facts.internet_freedom_score,
        )


@rule("score-change-mismatch", "score-change-direction", columns=holds_none, scored=True)
def _score_change_notes(c: Context) -> Iterator[Finding]:
    for index, note in enumerate(c.report.score_changes):
        current = c.report.scores.get(note.question)
        where = c.at(question=note.question, path=c.target.note_path(index))
        if current is not None and current != note.current:
            yield Finding.of(
                "score-change-mismatch",
                where,
                f"the Score Change note for {note.question} says it moved to {note.current},"
                f" but it scores {current}",
                expected=current,
                actual=note.current,
            )
        implied = note.implied(c.methodology.scale)
        if implied is None:  # a note of no move calls it a move all the same
            yield Finding.of(
                "score-change-direction",
                where,
                f"the note says {note.question} {note.direction.value} from {note.previous}"
                f" to {note.current}, which is no move",
                actual=note.direction.value,
            )
        elif implied is not note.direction:
            yield Finding.of(
                "score-change-direction",
                where,
                f"the note says {note.question} {note.direction.value} from {note.previous}"
                f" to {note.current}; on {c.methodology.id}'s scale that {implied.value}",
                expected=implied.value,
                actual=note.direction.value,
            )


# -- expectations ---------------------------------------------------------------------


def _expectations(c: Context, expected: Expected) -> Iterator[Finding]:
    assert c.card is not None  # noqa: S101 - expectations are checked on scored reports
    for category_id, value in expected.categories.items():
        computed = c.card.figures().get(category_id)
        if computed is None:
            yield Finding.of(
                "unknown-category",
                c.at(category=category_id),
                f"expected figure for {category_id}, which is not a category or group of"
                f" {c.methodology.id}",
                actual=category_id,
            )
            continue
        low, high = c.methodology.figure_ranges[category_id]
        if not low <= value <= high:
            yield Finding.of(
                "category-out-of-range",
                c.at(category=category_id),
                f"expected {category_id} {value} lies outside {c.methodology.id}'s {low}..{high}",
                actual=value,
            )
        elif computed != value:
            what = "category " if any(k.id == category_id for k in c.methodology.categories) else ""
            yield Finding.of(
                "expectation-mismatch",
                c.at(category=category_id),
                f"{what}{category_id}: expected {value}, computed {computed}"
                f" (off by {computed - value:+d})",
                expected=value,
                actual=computed,
            )
    low, high = c.methodology.min_total, c.methodology.max_total
    if expected.total is not None and not low <= expected.total <= high:
        yield Finding.of(
            "total-out-of-range",
            c.where,
            f"expected total {expected.total} lies outside {c.methodology.id}'s {low}..{high}",
            actual=expected.total,
        )
    elif expected.total is not None and expected.total != c.card.total:
        yield Finding.of(
            "expectation-mismatch",
            c.where,
            f"total: expected {expected.total}, computed {c.card.total}"
            f" (off by {c.card.total - expected.total:+d})",
            expected=expected.total,
            actual=c.card.total,
        )
    if expected.status is not None and expected.status is not c.card.status:
        yield Finding.of(
            "expectation-mismatch",
            c.where,
            f"status: expected {expected.status.value}, computed {c.card.status.value}"
            f" ({_status_basis(c.card)})",
            expected=expected.status.value,
            actual=c.card.status.value,
        )


# -- panel rules ----------------------------------------------------------------------


#: Apostrophes and hyphens as web copies print them, and the ASCII ones they stand for.
_TYPOGRAPHIC = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2010": "-",
                              "\u2011": "-", "\u2013": "-"})  # fmt: skip


def _folded(name: str) -> str:
    """A name without case, accents, extra spaces or typeset punctuation: what variants share."""
    name = name.translate(_TYPOGRAPHIC).casefold()
    if not name.isascii():
        name = "".join(
            c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c)
        )
    return " ".join(name.split())


def name_variants(keys: Sequence[Key], locate: Callable[[int], Location]) -> Iterator[Finding]:
    """Every country name that differs from an earlier one only in how it is written.

    That is: case, accents, spacing, or apostrophes and hyphens typeset (U+2019) or typed.
    """
    first: dict[str, int] = {}
    for index, (country, *_) in enumerate(keys):
        first.setdefault(country, index)
    seen: dict[str, str] = {}
    for country, index in first.items():
        folded = _folded(country)
        if folded not in seen:
            seen[folded] = country
            continue
        yield Finding.of(
            "country-name-variants",
            locate(index),
            f"{country!r} differs from {seen[folded]!r} only in case, accents, spacing or"
            " punctuation; they are treated as different countries",
            expected=seen[folded],
            actual=country,
        )


def in_series(key: Key) -> bool:
    """Whether a report belongs to a country's series of editions: it names a country.

    One without (``missing-country`` says so) is no other's duplicate, edition before or
    pair in the deltas.
    """
    return bool(key[0])


def duplicate_reports(keys: Sequence[Key], locate: Callable[[int], Location]) -> Iterator[Finding]:
    """Every report whose country, edition and index came before, located by its position."""
    first: dict[Key, int] = {}
    for index, key in enumerate(keys):
        if not in_series(key):
            continue
        if key in first:
            yield Finding.of(
                "duplicate-report",
                locate(index),
                f"{key[0]} {key[1]} is given again; first at {locate(first[key])}".lstrip(),
            )
        else:
            first[key] = index


def notes_against_last_year(
    keys: Sequence[Key], noted: Mapping[int, Target], report_of: Callable[[int], CountryReport]
) -> list[Finding]:
    """Each report's Score Change notes (``noted``, by position) against the edition before.

    The report of the edition before is the first of the same country and index; what
    reconciling the notes finds (`netfreedom.notes.note_findings`) is placed at the note.
    """
    if not noted:  # most datasets: no notes, nothing to look up
        return []
    first: dict[Key, int] = {}
    for position, key in enumerate(keys):
        first.setdefault(key, position)
    findings: list[Finding] = []
    for position, target in noted.items():
        country, edition, series = keys[position]
        before = first.get((country, edition - 1, series)) if in_series(keys[position]) else None
        if before is not None and first[keys[position]] == position:
            findings += at_report(note_findings(report_of(before), target.report), target)
    return findings


def at_report(findings: Iterable[Finding], target: Target) -> tuple[Finding, ...]:
    """Findings of a pair of reports, placed at the later report's (``target``) location.

    A finding keeps its question; its path, written from the report (``$.score_changes[0]``,
    ``$.scores.B1``), is the field's in the source (``$[1].score_changes[0]``: see
    `Target.note_path`). Where reading left out a note it could not read, no question is
    said to have moved without one (``undocumented-change``): the notes are incomplete.
    """
    placed = []
    for finding in findings:
        if target.notes and finding.code == "undocumented-change":
            continue  # the report's notes, some unread, cannot say what moved without one
        path = finding.location.path
        note = None if path is None else note_index(path)
        if note is not None:
            path = target.note_path(note)
        elif path is not None and target.location.path is not None:
            path = target.location.path + path.removeprefix("$")
        location = attrs.evolve(target.location, question=finding.location.question, path=path)
        placed.append(attrs.evolve(finding, location=location.placed()))
    return tuple(placed)


#: What a report's computed figures say to last year's totals: its total, the scale it is
#: on, its total on the higher-is-freer scale (None: it converts to none) and its
#: methodology; None if it cannot be scored.
Computed = tuple[int, Scale, int | None, str] | None


def computed_of(card: Scorecard | None) -> Computed:
    """A scorecard's `Computed` figures."""
    if card is None:
        return None
    try:
        modern: int | None = to_modern_scale(card).total
    except ScoringError:
        modern = None
    return (card.total, card.scale, modern, card.methodology)


def column_computed(methodology: Methodology, cards: ColumnCards) -> list[Computed]:
    """`computed_of` for the scorecards of a batch, from their columns."""
    count = len(cards.totals)
    modern: Sequence[int | None] = cards.totals
    if methodology.scale is not Scale.HIGHER_IS_FREER:
        try:
            modern = sum_columns(modern_categories(methodology, cards.categories)[1], count)
        except ScoringError:
            modern = [None] * count
    scale, name = methodology.scale, methodology.id
    return [
        (total, scale, points, name) for total, points in zip(cards.totals, modern, strict=True)
    ]


def last_year_totals(
    keys: Sequence[Key],
    stated: Mapping[int, int],
    computed: Callable[[int], Computed],
    locate: Callable[[int], Location],
) -> Iterator[Finding]:
    """Published last year's totals (``stated``, by index) against the previous edition's.

    The previous edition's total is the computed total (``computed`` gives each report's)
    of the first scorable report of the same country one edition earlier, converted across
    the 2019 scale break.
    """
    wanted = {(keys[i][0], keys[i][1] - 1, keys[i][2]) for i in stated if in_series(keys[i])}
    previous_of: dict[Key, tuple[int, Scale, int | None, str]] = {}
    for index, key in enumerate(keys):
        if key in wanted and key not in previous_of:
            figures = computed(index)
            if figures is not None:
                previous_of[key] = figures
    for index, total in stated.items():
        country, edition, series = keys[index]
        previous = previous_of.get((country, edition - 1, series))
        figures = computed(index)
        if previous is None or figures is None:
            continue
        expected, scale, modern, methodology = previous
        note = ""
        if scale is not figures[1]:  # last year's total on this year's scale
            if modern is None:
                continue
            if scale is not Scale.HIGHER_IS_FREER:
                note = f", converted from {methodology}"
            expected = modern
        if total != expected:
            where = locate(index)
            yield Finding.of(
                "last-year-total-mismatch",
                attrs.evolve(where, path=field_path(where.path, "published", "last_year_total")),
                _difference(
                    f"last year's total ({edition - 1}{note})", total, expected, "published"
                ),
                expected=expected,
                actual=total,
            )


def left_out_finding(where: Location, error: ScoringError) -> Finding:
    """A report left out of the deltas because it cannot be scored."""
    return Finding.of("left-out-of-deltas", where, f"left out of the deltas: {error}")


def skipped_editions(before: int, after: int, index: str = DEFAULT_INDEX) -> list[int]:
    """The editions of an index between two (not the years without one, such as 2010)."""
    unpublished = unpublished_editions(index)
    return [year for year in range(before + 1, after) if year not in unpublished]


def gap_finding(
    where: Location,
    before: Key,
    after: Key,
    left_out: Collection[int] = (),
) -> Finding | None:
    """The editions a delta from ``before`` to ``after`` (of one index) skips, if any.

    ``left_out`` names the editions the country has a report for that was left out.
    """
    skipped = skipped_editions(before[1], after[1], after[2])
    if not skipped:
        return None
    missing = [year for year in skipped if year not in left_out]
    unscored = [year for year in skipped if year in left_out]
    parts = [f"{after[0]} has no report for {', '.join(map(str, missing))}"] if missing else []
    if unscored:
        reports = "reports" if len(unscored) > 1 else "report"
        years = ", ".join(map(str, unscored))
        parts.append(f"{after[0]}'s {reports} for {years} cannot be scored")
    return Finding.of(
        "edition-gap",
        where,
        f"{'; '.join(parts)}; the delta spans {before[1]}-{after[1]}",
    )


# -- locations ------------------------------------------------------------------------


def _path(c: Context, *parts: str | int) -> str | None:
    return field_path(c.where.path, *parts)
