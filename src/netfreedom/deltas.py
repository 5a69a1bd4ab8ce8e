"""Year-over-year comparison of two reports, and whether their Score Change notes tell the truth."""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from netfreedom.aggregation import (
    MODERN_METHODOLOGY,
    column_statuses,
    gives_questions,
    modern_categories,
    score,
    sum_columns,
    to_modern_scale,
)
from netfreedom.batch import pick, scatter
from netfreedom.changes import Change, ReportDelta, StatusChange
from netfreedom.errors import NetfreedomError, ScoringError
from netfreedom.methodologies import get_methodology, index_of
from netfreedom.methodology import Adjustment, Methodology, Scale
from netfreedom.notes import note_findings, reconcile_notes, unchecked_notes
from netfreedom.table import Deferred, Table
from netfreedom.validation import (
    Key,
    Target,
    at_report,
    gap_finding,
    in_series,
    left_out_finding,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from netfreedom.findings import Finding, Location
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


#: The scales deltas can be on: ``"modern"`` (higher is freer; legacy figures converted) or
#: ``"native"`` (each pair on its own scale, converted only across the 2019 break).
DELTA_SCALES = ("modern", "native")


def check_scale(scale: str) -> bool:
    """Whether legacy figures are converted on this delta scale (see `DELTA_SCALES`).

    Raises:
        ValueError: The scale is not one of `DELTA_SCALES`.
    """
    if scale not in DELTA_SCALES:
        raise ValueError(f"unknown delta scale {scale!r}; expected 'modern' or 'native'")
    return scale == "modern"


def compare(
    previous: CountryReport,
    current: CountryReport,
    *,
    scale: str = "modern",
    allow_other_country: bool = False,
    allow_same_edition: bool = False,
) -> ReportDelta:
    """Compare two reports of a country.

    By default (``scale="modern"``) the delta is on the modern scale, where higher is
    freer: legacy (lower-is-freer) figures are converted first, per category
    (``max - old``), and the delta lists the converted editions. With
    ``scale="native"`` two legacy reports are compared on their own inverted scale (a
    positive delta is then a decline), and figures are converted only across the 2019
    break. The delta's ``scale`` says which scale its figures are on.

    When both reports are question-level, the later one is the next edition and it
    records its Score Change notes (at least one), the notes are reconciled with the
    earlier report's scores (see `reconcile_notes`); a note the scores bear out both ways
    is confirmed. A report without any note is taken as one whose notes were not
    recorded (a CSV row cannot hold them), not as one whose questions all stood still.

    Raises:
        ComparisonError: The reports belong to different indexes (Freedom on the Net and
            Freedom in the World), or the later report is given first, or the countries
            differ, or the editions are the same, and the caller did not allow it.
        ScoringError: A report cannot be scored.
        ValueError: The scale is not one of `DELTA_SCALES`.
    """
    modern = check_scale(scale)
    problem = _comparison_problem(previous, current, allow_other_country, allow_same_edition)
    if problem:
        raise ComparisonError(problem)
    before, after = score(previous), score(current)
    converted: list[int] = []
    if modern or before.scale is not after.scale:
        if before.scale is Scale.LOWER_IS_FREER:
            before = to_modern_scale(before)
            converted.append(before.edition)
        if after.scale is Scale.LOWER_IS_FREER:
            after = to_modern_scale(after)
            converted.append(after.edition)
    chosen = get_methodology(after.methodology)
    questions = {}
    if previous.methodology == current.methodology and previous.scores and current.scores:
        questions = {
            q.id: Change(previous.scores[q.id], current.scores[q.id])
            for q in chosen.questions
            if q.id in previous.scores and q.id in current.scores
        }
        for adjustment in chosen.adjustments:
            pair = (adjusted(previous, adjustment), adjusted(current, adjustment))
            if None not in pair and (
                adjustment.applies(previous.edition) or adjustment.applies(current.edition)
            ):
                questions[adjustment.id] = Change(pair[0] or 0, pair[1] or 0)
    grouped = (
        list(zip(before.groups, after.groups, strict=True))
        if before.methodology == after.methodology
        else []
    )
    unchecked = unchecked_notes(previous, current)
    notes_scale = get_methodology(current.methodology).scale  # notes speak the report's own
    checkable = bool(questions) and bool(current.score_changes) and unchecked is None
    findings = tuple(reconcile_notes(previous, current)) if checkable else ()
    confirmed = tuple(
        dict.fromkeys(
            note.question
            for note in current.score_changes
            if checkable
            and questions.get(note.question) == Change(note.previous, note.current)
            and note.implied(notes_scale) is note.direction
        )
    )
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
        status_margin=None
        if chosen.rated
        else Change(
            status_margin(before, get_methodology(before.methodology)),
            status_margin(after, chosen),
        ),
        groups={b.id: Change(b.score, a.score) for b, a in grouped},
        ratings={
            b.id: Change(b.rating, a.rating)
            for b, a in grouped
            if b.rating is not None and a.rating is not None
        },
        questions=questions,
        converted_editions=tuple(converted),
        findings=findings,
        notes_confirmed=confirmed,
        notes_unchecked=unchecked,
    )


def _comparison_problem(
    previous: CountryReport, current: CountryReport, other_country: bool, same_edition: bool
) -> str:
    """Why two reports cannot be compared as given ("" where they can)."""
    if previous.country != current.country and not other_country:
        return (
            f"comparing different countries ({previous.country} and {current.country});"
            " pass allow_other_country=True to do it anyway"
        )
    if index_of(previous.methodology) != index_of(current.methodology):
        return (
            f"comparing {previous.methodology} with {current.methodology}: the reports"
            " belong to different indexes"
        )
    if previous.edition == current.edition and not same_edition:
        return (
            f"comparing edition {current.edition} with itself;"
            " pass allow_same_edition=True to do it anyway"
        )
    if previous.edition > current.edition:
        return (
            f"the earlier report is {current.edition}, the later {previous.edition}:"
            " give the earlier report first"
        )
    return ""


def adjusted(report: CountryReport, adjustment: Adjustment) -> int | None:
    """An adjustment's points in a report, as a delta counts them.

    0 where the report's edition does not score it (Add A after 2017: it no longer adds);
    None where the report leaves out an adjustment its edition scores.
    """
    points = report.scores.get(adjustment.id)
    if points is None and not adjustment.applies(report.edition):
        return 0
    return points


def delta_at(delta: ReportDelta, target: Target) -> ReportDelta:
    """A delta with its findings placed at the later report, ``target`` (see `at_report`)."""
    return attrs.evolve(delta, findings=at_report(delta.findings, target))


def pairing(
    keys: Sequence[Key],
    errors: Mapping[int, ScoringError],
    locate: Callable[[int], Location],
) -> tuple[list[tuple[int, int]], list[Finding]]:
    """Which reports pair up as consecutive-edition deltas, and what pairing them finds.

    ``keys`` are each report's country, edition and index (see
    `netfreedom.validation.report_key`): a country's reports pair within one index. The
    first report of each key takes part, unless it cannot be scored (``errors`` says why, by
    position): it is left out with a finding, and the delta spans it. Pairs are given by
    position, sorted by country, index and edition; an ``edition-gap`` finding marks a pair
    that skips editions. A report without a country takes no part (`in_series`). Findings:
    those left out, in that order, then the gaps.
    """
    # the first position of each key: later ones overwrite earlier ones, read backwards
    first = dict(zip(reversed(keys), range(len(keys) - 1, -1, -1), strict=True))
    if not all(map(in_series, first)):  # a report without a country pairs with none
        first = {key: at for key, at in first.items() if in_series(key)}
    ordered = [first[key] for key in sorted(first, key=_series_order)]
    findings = [left_out_finding(locate(i), errors[i]) for i in ordered if i in errors]
    kept = [i for i in ordered if i not in errors] if errors else ordered
    pairs = [
        (a, b)
        for a, b in itertools.pairwise(kept)
        if keys[a][0] == keys[b][0] and keys[a][2] == keys[b][2]
    ]
    left_out: dict[tuple[str, str], set[int]] = {}
    for i in errors:
        left_out.setdefault((keys[i][0], keys[i][2]), set()).add(keys[i][1])
    for a, b in pairs:
        if keys[b][1] - keys[a][1] > 1:
            held = left_out.get((keys[b][0], keys[b][2]), ())
            gap = gap_finding(locate(b), keys[a], keys[b], held)
            if gap is not None:
                findings.append(gap)
    return pairs, findings


@attrs.frozen(eq=False, repr=False)
class Scored:
    """Scored reports under one methodology, column by column: what delta rows come from.

    Attributes:
        methodology: The methodology of every report.
        records: Each report's record number.
        countries: Each report's country.
        editions: Each report's edition.
        categories: Each category's points, a column per category.
        totals: Each report's total.
        statuses: Each report's status, as text.
        scores: Each question's scores, a column per question; empty where the reports
            give no question scores.
        groups: Each group's points, a column per group of the methodology.
        ratings: Each rated group's rating, a column per rated group.
    """

    methodology: Methodology
    records: Sequence[int]
    countries: Sequence[str]
    editions: Sequence[int]
    categories: Sequence[Sequence[int]]
    totals: Sequence[int]
    statuses: Sequence[str]
    scores: Mapping[str, Sequence[int | None]]
    groups: Sequence[Sequence[int]] = ()
    ratings: Sequence[Sequence[int]] = ()

    @classmethod
    def of_cards(
        cls, cards: Mapping[int, Scorecard], report_of: Callable[[int], CountryReport]
    ) -> list[Scored]:
        """Scorecards (by record number) as columns, a `Scored` per methodology and kind."""
        groups: dict[tuple[str, bool], list[int]] = {}
        for index, card in cards.items():
            report = report_of(index)
            kind = gives_questions(report, get_methodology(card.methodology))
            groups.setdefault((card.methodology, kind), []).append(index)
        scored = []
        for (methodology_id, questions), records in groups.items():
            methodology = get_methodology(methodology_id)
            chosen = [cards[i] for i in records]
            reports = [report_of(i) for i in records]
            scored.append(
                cls(
                    methodology=methodology,
                    records=records,
                    countries=[c.country for c in chosen],
                    editions=[c.edition for c in chosen],
                    categories=[
                        [c.categories[k].score for c in chosen]
                        for k in range(len(methodology.categories))
                    ],
                    totals=[c.total for c in chosen],
                    statuses=[c.status.value for c in chosen],
                    scores=(
                        {q.id: [r.scores[q.id] for r in reports] for q in methodology.questions}
                        if questions
                        else {}
                    )
                    | {a.id: [adjusted(r, a) for r in reports] for a in methodology.adjustments},
                    groups=[
                        [c.groups[k].score for c in chosen] for k in range(len(methodology.groups))
                    ],
                    ratings=[
                        [c.groups[k].rating for c in chosen]  # type: ignore[misc]
                        for k, group in enumerate(methodology.groups)
                        if group.ratings
                    ],
                )
            )
        return scored


def _series_order(key: Key) -> tuple[str, str, int]:
    """A country's reports of one index together, by edition."""
    return (key[0], key[2], key[1])


def delta_names(
    category_ids: Sequence[str] | None = None,
    group_ids: Sequence[str] = (),
    rated_ids: Sequence[str] = (),
) -> tuple[str, ...]:
    """The columns of a delta row (see `netfreedom.panel.delta_row`).

    Without category ids, those of the modern methodology, which deltas are on by default.
    Groups (``PR``) follow the categories, and ratings (``PR_rating``) the total.
    """
    if category_ids is None:
        category_ids = [c.id for c in get_methodology(MODERN_METHODOLOGY).categories]
    figures = (*category_ids, *group_ids, "total", *(f"{g}_rating" for g in rated_ids))
    return (
        "country",
        "from_edition",
        "to_edition",
        "methodology",
        "scale",
        "converted_scale",
        *(f"{c}_{part}" for c in figures for part in ("from", "to", "delta")),
        "status_from",
        "status_to",
        "questions_moved",
        "findings",
    )


def delta_table(
    scored: Sequence[Scored],
    pairs: Sequence[tuple[int, int]],
    notes: Mapping[tuple[int, int], tuple[CountryReport, Target]],
    count: int,
    *,
    scale: str = "modern",
) -> tuple[Table, dict[tuple[int, int], tuple[Finding, ...]]]:
    """The delta rows of pairs of records, computed column by column.

    ``scored`` holds every record of the pairs (``count`` records in all); ``notes`` the
    earlier report and the later target of pairs whose later report records Score Change
    notes, to be reconciled. The rows are those `compare` (on this ``scale``) and
    `netfreedom.panel.delta_row` give, in the order of ``pairs``; with them, what
    reconciling the notes found, by pair, placed at the later report (`at_report`).

    Raises:
        ValueError: The scale is not one of `DELTA_SCALES`.
    """
    modern = check_scale(scale)
    reconciled: dict[tuple[int, int], tuple[Finding, ...]] = {}
    group_of: list[int] = [-1] * count
    row_of: list[int] = [-1] * count
    for number, part in enumerate(scored):
        scatter(group_of, part.records, [number] * len(part.records))
        scatter(row_of, part.records, range(len(part.records)))
    groups: dict[tuple[int, int], list[int]] = {}
    for slot, (a, b) in enumerate(pairs):
        groups.setdefault((group_of[a], group_of[b]), []).append(slot)
    names: dict[str, None] = {}
    pieces = []
    for (before, after), slots in groups.items():
        chosen = [pairs[slot] for slot in slots]
        old_rows = [row_of[a] for a, _ in chosen]
        new_rows = [row_of[b] for _, b in chosen]
        for pair in chosen:
            if pair in notes:
                previous, target = notes[pair]
                reconciled[pair] = at_report(note_findings(previous, target.report), target)
        found = [len(reconciled.get(pair, ())) for pair in chosen]
        part_names, columns = _delta_columns(
            scored[before], scored[after], (old_rows, new_rows), found, modern=modern
        )
        names.update(dict.fromkeys(part_names))
        pieces.append((slots, part_names, columns))
    if not pieces:  # no pair: the columns, without rows
        empty = delta_names()
        return Table(empty, [[] for _ in empty]), reconciled
    if len(pieces) == 1 and pieces[0][1] == tuple(names):
        return Table(tuple(names), pieces[0][2]), reconciled  # one kind of pair, in order
    slots = list(itertools.chain.from_iterable(piece[0] for piece in pieces))
    order = sorted(range(len(slots)), key=slots.__getitem__)
    data: list[Sequence[Any]] = []
    for name in names:
        parts = [
            columns[part_names.index(name)] if name in part_names else [None] * len(part_slots)
            for part_slots, part_names, columns in pieces
        ]
        if any(isinstance(part, Deferred) for part in parts):
            data.append(Deferred(functools.partial(_joined, parts, order)))
        else:
            data.append(_joined(parts, order))
    return Table(tuple(names), data), reconciled


def _joined(parts: list[Sequence[Any]], order: list[int]) -> list[Any]:
    """Columns end to end, then in this order."""
    return pick(list(itertools.chain.from_iterable(parts)), order)


def _delta_columns(
    old: Scored,
    new: Scored,
    rows: tuple[list[int], list[int]],
    found: list[int],
    *,
    modern: bool,
) -> tuple[tuple[str, ...], list[Sequence[Any]]]:
    """The delta columns of rows of ``old`` paired with rows of ``new`` (``rows``)."""
    old_rows, new_rows = rows
    count = len(old_rows)
    old_m, new_m = old.methodology, new.methodology
    old_categories: list[list[int]] = [pick(c, old_rows) for c in old.categories]
    new_categories: list[list[int]] = [pick(c, new_rows) for c in new.categories]
    old_totals, new_totals = pick(old.totals, old_rows), pick(new.totals, new_rows)
    old_statuses, new_statuses = pick(old.statuses, old_rows), pick(new.statuses, new_rows)
    converted = False
    if modern or old_m.scale is not new_m.scale:
        if old_m.scale is Scale.LOWER_IS_FREER:
            old_m, old_categories = modern_categories(old_m, old_categories)
            old_totals, old_statuses = _totals(old_m, old_categories, count)
            converted = True
        if new_m.scale is Scale.LOWER_IS_FREER:
            new_m, new_categories = modern_categories(new_m, new_categories)
            new_totals, new_statuses = _totals(new_m, new_categories, count)
            converted = True
    columns: list[Sequence[Any]] = [
        pick(new.countries, new_rows),
        pick(old.editions, old_rows),
        pick(new.editions, new_rows),
        [new_m.id] * count,
        [new_m.scale.value] * count,
        [converted] * count,
    ]
    grouped = old.methodology is new.methodology and bool(new.groups)
    figures = [
        *zip(old_categories, new_categories, strict=True),
        *(
            (pick(was, old_rows), pick(now, new_rows))
            for was, now in zip(old.groups, new.groups, strict=True)
            if grouped
        ),
        (old_totals, new_totals),
        *(
            (pick(was, old_rows), pick(now, new_rows))
            for was, now in zip(old.ratings, new.ratings, strict=True)
            if grouped
        ),
    ]
    for was, now in figures:
        columns += [was, now, list(map(operator.sub, now, was))]
    columns += [old_statuses, new_statuses]
    same = old.methodology is new.methodology and old.scores and new.scores
    columns.append(
        Deferred(lambda: _moved(new, old_rows, new_rows, old.scores)) if same else [""] * count
    )
    columns.append(found)
    groups = [g.id for g in new_m.groups] if grouped else []
    rated = [g.id for g in new_m.rated_groups] if grouped else []
    return delta_names([c.id for c in new_m.categories], groups, rated), columns


def _totals(
    methodology: Methodology, categories: list[list[int]], count: int
) -> tuple[list[int], list[str]]:
    totals = sum_columns(categories, count)
    return totals, column_statuses(methodology, totals)


def _moved(
    new: Scored,
    old_rows: list[int],
    new_rows: list[int],
    old_scores: Mapping[str, Sequence[int | None]],
) -> list[str]:
    """The questions and adjustments moved between paired rows, as `delta_row` writes them.

    ``A3:1>2 Add Q:2>3 Add A:3>0``; an adjustment counts 0 in an edition that does not score
    it (see `adjusted`), and none is given where a report leaves it out.
    """
    pieces: list[Iterator[str]] = [iter([""] * len(new_rows))]
    for item in new.methodology.items:
        if item.id not in new.scores or item.id not in old_scores:
            continue
        points: list[int | None] = [*range(item.min, item.max + 1), None]
        texts: dict[int | None, dict[int | None, str]] = {
            a: {
                b: "" if a == b or a is None or b is None else f" {item.id}:{a}>{b}" for b in points
            }
            for a in points
        }
        was = pick(old_scores[item.id], old_rows)
        now = pick(new.scores[item.id], new_rows)
        pieces.append(map(operator.getitem, map(texts.__getitem__, was), now))
    return list(map(str.lstrip, map("".join, zip(*pieces, strict=True))))
