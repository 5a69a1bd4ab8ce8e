"""Pictures of the figures: trajectories, a scorecard, an edition's movers (the ``plot`` extra).

Every figure drawn comes from the scorecards and deltas the library computes (`score`,
`to_modern_scale`, `Panel.deltas`); nothing is recomputed here. Each function draws on the
matplotlib ``Axes`` it is given, or on a new figure's, and returns the ``Axes``, as pandas
and seaborn do. matplotlib is imported only when a function is called; no global state of
it (the backend, ``pyplot``'s current figure) is touched.
"""

from __future__ import annotations

import html
import io
import math
from typing import TYPE_CHECKING

from netfreedom.aggregation import score, to_modern_scale
from netfreedom.errors import NetfreedomError, ScoringError
from netfreedom.methodologies import (
    get_methodology,
    index_name,
    index_of,
    methodology_for_edition,
)
from netfreedom.methodology import DEFAULT_INDEX, Methodology, Scale, Status, StatusBand
from netfreedom.reports import CountryReport
from netfreedom.scorecard import Scorecard
from netfreedom.validation import skipped_editions

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from matplotlib.axes import Axes
    from matplotlib.axis import Axis

    from netfreedom.panel import Panel

#: The methodology whose scale and bands every trajectory is drawn on.
MODERN = "fotn-2019"

#: The colour of each status, light enough to lie behind lines.
STATUS_COLOURS = {
    Status.FREE: "#cfe8cf",
    Status.PARTLY_FREE: "#fbe7b5",
    Status.NOT_FREE: "#f4c7c3",
}


class PlotExtraMissingError(NetfreedomError, ImportError):
    """matplotlib is not installed (it is the ``plot`` extra)."""


def _axes(ax: Axes | None) -> Axes:
    """The given Axes, or those of a new figure (made without pyplot)."""
    if ax is not None:
        return ax
    try:
        from matplotlib.figure import Figure  # noqa: PLC0415 - the plot extra, on demand
    except ImportError:
        raise PlotExtraMissingError(
            "plots need the plot extra: pip install 'netfreedom[plot]'"
        ) from None
    figure = Figure(figsize=(8, 4.5), layout="constrained")
    return figure.add_subplot()


def modern_card(report: CountryReport) -> Scorecard:
    """A report's scorecard on the modern (higher-is-freer) scale, converted if legacy.

    Raises:
        ScoringError: The report cannot be scored.
    """
    return to_modern_scale(score(report))


def trajectory(
    panel: Panel,
    countries: Sequence[str] | None = None,
    *,
    category: str | None = None,
    ax: Axes | None = None,
    index: str | None = None,
) -> Axes:
    """Each country's total (or one category or group) per edition, on the modern scale.

    Status bands are shaded behind (for totals whose status is their band), the 2019 change of
    scale is marked, legacy figures converted to the modern scale are drawn as open markers,
    and an edition without a (scorable) report leaves a gap in the line. The reports drawn
    are of one index (a chart of Freedom in the World shades no band: its status comes from
    ratings).

    Args:
        panel: The reports.
        countries: The countries to draw (default: every country with a report of the index).
        category: A category or group id (``PR``) to draw instead of the total.
        ax: Where to draw.
        index: ``"fotn"`` or ``"fiw"``; needed only where the countries have reports of both.

    Raises:
        ValueError: A country is not in the panel or has no report of the index, the index
            is needed, or the category is not one of the methodology's.
    """
    if isinstance(countries, str):
        countries = [countries]
    absent = [c for c in countries or () if c not in set(panel.countries)]
    if absent:
        raise ValueError(f"not in the panel: {', '.join(absent)}")
    index = index or _index_of(panel, countries)
    chosen = list(countries) if countries is not None else _countries_of(panel, index)
    if not chosen:
        raise ValueError("no country to draw")
    present = set(_countries_of(panel, index))
    unknown = [c for c in chosen if c not in present]
    if unknown:
        raise ValueError(f"no {index_name(index)} report in the panel: {', '.join(unknown)}")
    modern = _reference(panel, index)
    ids = [*(c.id for c in modern.categories), *(g.id for g in modern.groups)]
    if category is not None and category not in ids:
        raise ValueError(f"category {category!r} is not one of {', '.join(ids)}")
    ax = _axes(ax)
    if category is None:
        top = sum(c.max for c in modern.categories)
        _bands(ax, modern.bands, top)
        ax.set_ylim(modern.min_total, top)
    else:
        ax.set_ylim(*modern.figure_ranges[category])
    drawn = [(country, _points(panel, country, category, index)) for country in chosen]
    editions = [p[0] for _, points in drawn for p in points if not math.isnan(p[1])]
    change = modern.editions.first - 0.5
    if editions and min(editions) < change < max(editions):
        _scale_change(ax, change, modern.editions.first)
    for country, points in drawn:
        line = ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=country)[0]
        converted = [p for p in points if p[2]]
        if converted:
            ax.plot(
                [p[0] for p in converted],
                [p[1] for p in converted],
                linestyle="none",
                marker="o",
                markerfacecolor="white",
                color=line.get_color(),
                label=f"{country} (converted from the legacy scale)",
            )
    _whole_numbers(ax.xaxis)
    what = "total" if category is None else f"category {category}"
    named = f"{', '.join(chosen)}: " if len(chosen) <= _NAMED_IN_TITLE else ""
    ax.set_title(f"{named}{index_name(index)} {what}, higher is freer")
    ax.set_xlabel("edition")
    ax.set_ylabel(f"{what} (modern scale)" if index == DEFAULT_INDEX else what)
    ax.legend(fontsize="small", loc="lower left")
    return ax


#: How many countries a trajectory's title names.
_NAMED_IN_TITLE = 3


def _scale_change(ax: Axes, at: float, edition: int) -> None:
    """The change of scale: a dashed line between the last legacy and the first modern edition."""
    ax.axvline(at, color="#555555", linestyle="--", linewidth=1)
    ax.annotate(
        f"scale change ({edition})",
        (at, 1),
        xycoords=("data", "axes fraction"),
        rotation=90,
        va="top",
        ha="right",
        fontsize="small",
        color="#555555",
    )


def _index_of(panel: Panel, countries: Sequence[str] | None) -> str:
    """The one index of these countries' reports (of every report, without countries).

    Raises:
        ValueError: The reports are of two indexes.
    """
    chosen = panel.countries if countries is None else countries
    found = {index for country in chosen for index in panel.indexes_of(country)}
    if len(found) > 1:
        names = " and ".join(map(index_name, sorted(found)))
        choices = " or ".join(sorted(found))
        raise ValueError(f"the reports are of {names}: choose one index ({choices})")
    return found.pop() if found else DEFAULT_INDEX


def _countries_of(panel: Panel, index: str) -> list[str]:
    """The countries with a report of the index, in the panel's order."""
    return [c for c in panel.countries if index in panel.indexes_of(c)]


def _reference(panel: Panel, index: str) -> Methodology:
    """The methodology whose scale a trajectory of an index is drawn on."""
    if index == DEFAULT_INDEX:
        return get_methodology(MODERN)
    latest = max(max(panel.series(c, index)) for c in _countries_of(panel, index))
    return methodology_for_edition(latest, index=index)


def _points(
    panel: Panel, country: str, category: str | None, index: str = DEFAULT_INDEX
) -> list[tuple[float, float, bool]]:
    """A country's (edition, figure, converted) points; NaN rows break the line.

    The line breaks at a gap between editions and at the change of scale.
    """
    points: list[tuple[float, float, bool]] = []
    previous: int | None = None
    was = False
    for edition, report in panel.series(country, index).items():
        try:
            card = modern_card(report)
        except ScoringError:
            continue
        converted = card.converted_from is not None
        if previous is not None and (
            skipped_editions(previous, edition, index) or converted != was
        ):  # a gap, or the change of scale: the line breaks
            points.append((edition - 0.5, math.nan, False))
        figure = card.total if category is None else card.figures()[category]
        points.append((edition, figure, converted))
        previous, was = edition, converted
    return points


def _bands(ax: Axes, bands: Iterable[StatusBand], top: int) -> None:
    """The status bands, each from its lowest total up to the next band's (the boundaries)."""
    for band in bands:
        high = min(band.max + 1, top)
        ax.axhspan(band.min, high, color=STATUS_COLOURS[band.status], zorder=0, label="_band")
        ax.annotate(
            band.status.value,
            (1.01, (band.min + high) / 2),
            xycoords=("axes fraction", "data"),
            ha="left",
            va="center",
            annotation_clip=False,
            fontsize="small",
            color="#444444",
        )


def scorecard(report: CountryReport | Scorecard, *, ax: Axes | None = None) -> Axes:
    """One report's categories against their maxima, and its questions by share of maximum.

    A `Scorecard` (or a report without question scores) draws the categories only.

    Raises:
        ScoringError: The report cannot be scored.
    """
    card = report if isinstance(report, Scorecard) else score(report)
    ax = _axes(ax)
    names = [f"{c.id} {c.name}" for c in card.categories]
    rows = range(len(names))
    ax.barh(rows, [c.max for c in card.categories], height=0.5, color="#e6e6e6", label="maximum")
    ax.barh(rows, [c.score for c in card.categories], height=0.5, color="#4c72b0", label="points")
    ax.set_xlim(0, max(c.max for c in card.categories) * 1.15)
    for row, category in zip(rows, card.categories, strict=True):
        ax.annotate(f"{category.score} / {category.max}", (category.max, row), xytext=(4, 0),
                    textcoords="offset points", va="center", fontsize="small")  # fmt: skip
    ax.set_yticks(list(rows), names)
    ax.invert_yaxis()
    ax.set_xlabel("points")
    if isinstance(report, CountryReport) and report.scores:
        _question_strip(ax, report, card)
        ax.set_xlabel(
            "points\nstrips: the questions' share of their maximum, red none to green all"
        )
    direction = "higher" if card.scale is Scale.HIGHER_IS_FREER else "lower"
    groups = ", ".join(
        f"{g.id} {g.score}" + (f" (rating {g.rating})" if g.rating is not None else "")
        for g in card.groups
    )
    ax.set_title(
        f"{card.country} {card.edition}: {card.total} / {card.max_total}, {card.status.value}"
        f" ({card.methodology}, {direction} is freer)" + (f"\n{groups}" if groups else "")
    )
    return ax


def _question_strip(ax: Axes, report: CountryReport, card: Scorecard) -> None:
    """Each question as a cell under its category's bar, coloured by its share of maximum."""
    from matplotlib import colormaps  # noqa: PLC0415 - loaded with the figure

    methodology = get_methodology(card.methodology)
    shades = colormaps["RdYlGn"]
    for row, category in enumerate(card.categories):
        questions = methodology.questions_in(category.id)
        start = 0.0
        for question in questions:
            points = report.scores.get(question.id)
            share = None if points is None else points / question.max
            colour = "#ffffff" if share is None else shades(share)
            ax.barh(row + 0.38, question.max, left=start, height=0.18, color=colour,
                    edgecolor="#888888", linewidth=0.5, label=question.id)  # fmt: skip
            start += question.max


def movers(
    panel: Panel,
    edition: int,
    *,
    count: int = 10,
    ax: Axes | None = None,
    index: str | None = None,
) -> Axes:
    """The largest total changes into an edition (modern scale), status changes marked.

    The changes are of one index: ``index`` (``"fotn"``, ``"fiw"``) chooses it where the
    panel's changes into the edition are of both.

    Raises:
        ValueError: No delta of the index leads into the edition, or the index is needed.
    """
    into = [d for d in panel.deltas().deltas if d.current_edition == edition]
    found = {index_of(d.methodology) for d in into}
    if index is None and len(found) > 1:
        names = " and ".join(map(index_name, sorted(found)))
        raise ValueError(
            f"the changes into {edition} are of {names}: choose one index (fiw or fotn)"
        )
    chosen_index = index or (found.pop() if found else DEFAULT_INDEX)
    into = [d for d in into if index_of(d.methodology) == chosen_index]
    chosen = sorted(into, key=lambda d: (-abs(d.total.delta), d.country))[:count]
    if not chosen:
        raise ValueError(
            f"no consecutive-edition change of {index_name(chosen_index)} leads into {edition}"
        )
    ax = _axes(ax)
    ordered = sorted(chosen, key=lambda d: d.total.delta)
    rows = range(len(ordered))
    deltas = [d.total.delta for d in ordered]
    colours = ["#c44e52" if d < 0 else "#55a868" for d in deltas]
    ax.barh(rows, deltas, color=colours)
    labels = []
    for delta in ordered:
        label = delta.country
        if delta.status.changed:
            label += f"  ({delta.status.previous.value} \u2192 {delta.status.current.value})"
        labels.append(label)
    ax.set_yticks(list(rows), labels)
    ax.axvline(0, color="#333333", linewidth=0.8)
    reach = max(1, *map(abs, deltas)) * 1.1
    ax.set_xlim(-reach, reach)
    _whole_numbers(ax.xaxis)
    ax.set_title(
        f"{index_name(chosen_index)}: largest changes into {edition} (total, higher is freer)"
    )
    ax.set_xlabel("change in total")
    return ax


def _whole_numbers(axis: Axis) -> None:
    """Ticks at whole numbers only (editions, points)."""
    from matplotlib.ticker import MaxNLocator  # noqa: PLC0415 - loaded with the figure

    axis.set_major_locator(MaxNLocator(integer=True))


def inline_svg(
    ax: Axes, prefix: str, description: str, size: tuple[float, float] | None = None
) -> str:
    """The figure of ``ax`` as SVG to place in an HTML page, described for screen readers.

    Its ids are prefixed with ``prefix``, so that several charts can share a page.
    """
    figure = ax.get_figure(root=True)
    assert figure is not None  # noqa: S101 - the functions here draw on a figure's axes
    if size is not None:
        figure.set_size_inches(*size)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = (
        svg.replace('id="', f'id="{prefix}')
        .replace('href="#', f'href="#{prefix}')
        .replace("url(#", f"url(#{prefix}")
    )
    label = html.escape(description, quote=True)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
