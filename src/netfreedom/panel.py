"""Panels: many countries over many editions, keyed by country and edition."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from netfreedom.aggregation import score
from netfreedom.batch import describes
from netfreedom.changes import ReportDelta
from netfreedom.deltas import check_scale, compare, delta_at, delta_names, pairing
from netfreedom.errors import ScoringError
from netfreedom.findings import Finding, ValidationReport
from netfreedom.methodologies import get_methodology, index_key, index_name, index_of
from netfreedom.methodology import rating_column
from netfreedom.reports import CountryReport
from netfreedom.table import column_union
from netfreedom.validation import Target, as_targets, report_key, validate

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    import pandas as pd

    from netfreedom.validation import Expected


def _first_reports(panel: Panel) -> dict[tuple[str, int], CountryReport]:
    """Each country and edition's first report, by key."""
    first: dict[tuple[str, int], CountryReport] = {}
    for target in panel.targets:
        first.setdefault(target.report.key, target.report)
    return first


#: Reports by country, then index, then edition.
_Series = dict[str, dict[str, dict[int, CountryReport]]]


def _series_index(panel: Panel) -> _Series:
    """Each country's first report of each edition, per index, editions in order."""
    series: _Series = {}
    for target in panel.targets:
        country, edition, index = report_key(target.report)
        series.setdefault(country, {}).setdefault(index, {}).setdefault(edition, target.report)
    return {
        country: {index: dict(sorted(reports.items())) for index, reports in indexes.items()}
        for country, indexes in series.items()
    }


@attrs.frozen
class PanelDeltas:
    """Every consecutive-edition delta of a panel.

    Attributes:
        deltas: Per country (alphabetical), per pair of consecutive reports.
        findings: Gaps between editions, and reports left out because they
            cannot be scored.
    """

    deltas: tuple[ReportDelta, ...]
    findings: tuple[Finding, ...] = ()

    def rows(self) -> list[dict[str, Any]]:
        """One flat dict per delta, for a table, CSV or pandas."""
        return [delta_row(d) for d in self.deltas]

    def to_pandas(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame (needs the ``pandas`` extra), with its columns.

        Without a delta, the frame is empty but has the columns of a delta row.
        """
        rows = self.rows()
        if rows:
            return _data_frame(rows)
        return _data_frame([], delta_names())


@attrs.frozen
class Panel:
    """Reports keyed by ``(country, edition)``, in input order.

    Attributes:
        targets: The reports with their locations.
    """

    targets: tuple[Target, ...] = attrs.field(converter=as_targets)
    _first: dict[tuple[str, int], CountryReport] = attrs.field(
        init=False, repr=False, eq=False, default=attrs.Factory(_first_reports, takes_self=True)
    )
    _series: _Series = attrs.field(
        init=False, repr=False, eq=False, default=attrs.Factory(_series_index, takes_self=True)
    )

    @property
    def reports(self) -> tuple[CountryReport, ...]:
        """The reports, in input order."""
        return tuple(t.report for t in self.targets)

    def __len__(self) -> int:
        return len(self.targets)

    def __iter__(self) -> Iterator[CountryReport]:
        return iter(self.reports)

    def __getitem__(self, key: tuple[str, int]) -> CountryReport:
        """The first report of a country and edition.

        Raises:
            KeyError: The panel has none.
        """
        return self._first[key]

    @property
    def countries(self) -> tuple[str, ...]:
        """The countries, sorted."""
        return tuple(sorted({country for country, _ in self._first}))

    @property
    def editions(self) -> tuple[int, ...]:
        """The editions any country has, sorted."""
        return tuple(sorted({edition for _, edition in self._first}))

    def editions_of(self, country: str) -> tuple[int, ...]:
        """The editions a country has, sorted."""
        return tuple(sorted(edition for name, edition in self._first if name == country))

    def indexes_of(self, country: str) -> tuple[str, ...]:
        """The indexes a country has reports of (``fotn``, ``fiw``), sorted."""
        return tuple(sorted(self._series.get(country, {})))

    def series(self, country: str, index: str) -> dict[int, CountryReport]:
        """A country's first report of each edition of one index, by edition in order."""
        return dict(self._series.get(country, {}).get(index, {}))

    def validate(self, *, expected: Expected | None = None) -> ValidationReport:
        """Run the per-report and panel validation rules."""
        return validate(self.targets, expected=expected)

    def deltas(self, *, scale: str = "modern") -> PanelDeltas:
        """Every consecutive-edition delta, per country.

        A report that cannot be scored is left out (with a finding); when a
        country's editions skip one or more years the delta spans the gap and an
        ``edition-gap`` finding says so. A country and edition given twice uses
        the first report.

        Args:
            scale: ``"modern"`` (the default: every delta higher-is-freer, legacy figures
                converted, so that a country's deltas add up) or ``"native"`` (legacy pairs
                on their own inverted scale; see `compare`).

        Raises:
            ValueError: The scale is not ``"modern"`` or ``"native"``.
        """
        check_scale(scale)
        targets = self.targets
        errors: dict[int, ScoringError] = {}
        for index, target in enumerate(targets):
            try:
                score(target.report)
            except ScoringError as error:
                errors[index] = error.with_traceback(None)  # its frames would make a cycle
        keys = [report_key(t.report) for t in targets]
        pairs, findings = pairing(keys, errors, lambda index: targets[index].location)
        deltas = [
            delta_at(compare(before.report, after.report, scale=scale), after)
            for before, after in ((targets[a], targets[b]) for a, b in pairs)
        ]
        return PanelDeltas(tuple(deltas), tuple(findings))

    def biggest_movers(
        self, edition: int, count: int = 10, *, index: str | None = None
    ) -> tuple[ReportDelta, ...]:
        """The deltas into ``edition`` with the largest total change, largest first.

        Args:
            edition: The later edition of the deltas.
            count: How many to give at most.
            index: Rank this index's deltas only (``"fotn"``, ``"fiw"``); needed where the
                panel has deltas of several into ``edition``, which one ranking would mix
                (a country's FOTN and FIW totals are different measures).

        Raises:
            ValueError: ``count`` is negative, or the deltas into ``edition`` are of several
                indexes and ``index`` names none.
            UnknownMethodologyError: ``index`` names no index.
        """
        if count < 0:
            raise ValueError(f"count is how many movers to give, not {count}")
        into = self._into(edition, index)
        several = sorted({index_of(d.methodology) for d in into})
        if len(several) > 1:
            raise ValueError(
                f"the deltas into {edition} are of {' and '.join(several)}: rank one index's,"
                f" e.g. biggest_movers({edition}, index={several[0]!r})"
            )
        return tuple(sorted(into, key=lambda d: (-abs(d.total.delta), d.country))[:count])

    def status_changes(self, edition: int, *, index: str | None = None) -> tuple[ReportDelta, ...]:
        """The deltas into ``edition`` whose status changed, by country (of ``index`` only).

        Raises:
            UnknownMethodologyError: ``index`` names no index.
        """
        return tuple(d for d in self._into(edition, index) if d.status.changed)

    def _into(self, edition: int, index: str | None) -> list[ReportDelta]:
        """The deltas into ``edition``, of ``index`` where one is named."""
        wanted = None if index is None else index_key(index)
        if wanted is not None:
            index_name(wanted)  # an unknown index is an error, not an empty answer
        return [
            d
            for d in self.deltas().deltas
            if d.current_edition == edition
            and (wanted is None or index_of(d.methodology) == wanted)
        ]

    def rows(self) -> list[dict[str, Any]]:
        """One flat dict per report, with its computed figures, for a table, CSV or pandas."""
        return [report_row(r) for r in self.reports]

    def to_pandas(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame (needs the ``pandas`` extra)."""
        return _data_frame(self.rows())


def report_row(report: CountryReport) -> dict[str, Any]:
    """A report as one flat dict: identity, scores (in question order), totals and status.

    A region and ``territory`` follow the methodology where the report gives either; every
    adjustment (``Add Q``) follows the questions, None where not scored; groups (``PR``)
    follow the categories, and their ratings (``PR rating``) the groups. The figures are
    computed: a report that cannot be scored has none (None), whatever totals it gives.
    """
    chosen = get_methodology(report.methodology)
    known = [q.id for q in chosen.questions if q.id in report.scores]
    adjustments = [a.id for a in chosen.adjustments]
    others = sorted(set(report.scores) - {*known, *adjustments})
    row: dict[str, Any] = {
        "country": report.country,
        "edition": report.edition,
        "methodology": report.methodology,
        **(
            {"region": report.region, "territory": report.territory}
            if describes(report.region, report.territory)
            else {}
        ),
        **{q: report.scores[q] for q in known},
        **{a: report.scores.get(a) for a in adjustments},
        **{q: report.scores[q] for q in others},
    }
    try:
        card = score(report)
    except ScoringError:  # no figure is computed: none is shown (validate says why)
        return row | dict.fromkeys([*(c.id for c in chosen.categories), "total", "status"])
    row |= {c.id: c.score for c in card.categories}
    row |= {g.id: g.score for g in card.groups}
    row |= {rating_column(g.id): g.rating for g in card.groups if g.rating is not None}
    return row | {"total": card.total, "status": card.status.value}


def delta_row(delta: ReportDelta) -> dict[str, Any]:
    """A delta as one flat dict: ``A_from``, ``A_to``, ``A_delta``, … ``status_from``, …."""
    row: dict[str, Any] = {
        "country": delta.country,
        "from_edition": delta.previous_edition,
        "to_edition": delta.current_edition,
        "methodology": delta.methodology,
        "scale": delta.scale.value,
        "converted_scale": delta.converted_scale,
    }
    figures = [
        *delta.categories.items(),
        *delta.groups.items(),
        ("total", delta.total),
        *((f"{g}_rating", c) for g, c in delta.ratings.items()),
    ]
    for name, change in figures:
        row |= {
            f"{name}_from": change.previous,
            f"{name}_to": change.current,
            f"{name}_delta": change.delta,
        }
    row |= {"status_from": delta.status.previous.value, "status_to": delta.status.current.value}
    row["questions_moved"] = " ".join(
        f"{q}:{c.previous}>{c.current}" for q, c in delta.moved.items()
    )
    row["findings"] = len(delta.findings)
    return row


def _data_frame(rows: list[dict[str, Any]], columns: Sequence[str] = ()) -> pd.DataFrame:
    try:
        import pandas as pd  # noqa: PLC0415 - optional extra, imported only when asked for
    except ImportError:
        raise ImportError("to_pandas() needs pandas: pip install 'netfreedom[pandas]'") from None
    return pd.DataFrame(rows, columns=columns or column_union(dict.fromkeys(map(tuple, rows))))
