"""An overview of a dataset as one self-contained HTML page (the ``plot`` extra draws it).

The page holds, for a dataset or panel: the status counts per edition, each country's latest
total, status and last change, the largest movers and the status changes of the latest
edition, a trajectory per country, and the validation findings with their locations; a
dataset of both indexes has a part for each. Every figure comes from the library's scorecards
and deltas, on the modern scale (legacy figures converted). The charts are inline SVG and the
style inline CSS: the page loads nothing.
"""

from __future__ import annotations

import html
from collections import Counter
from typing import TYPE_CHECKING

from netfreedom.errors import ScoringError
from netfreedom.methodologies import get_methodology, index_name, index_of
from netfreedom.methodology import DEFAULT_INDEX, Status
from netfreedom.panel import Panel
from netfreedom.plots import inline_svg, modern_card, trajectory

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from netfreedom.changes import ReportDelta
    from netfreedom.dataset import Dataset
    from netfreedom.findings import Finding
    from netfreedom.scorecard import Scorecard

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem;
       color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.5rem 0; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; }
td.n, th.n { text-align: right; }
.Free { background: #cfe8cf; } .Partly-Free { background: #fbe7b5; }
.Not-Free { background: #f4c7c3; }
figure { margin: 1rem 0; } figure svg { width: 100%; min-width: 34rem; height: auto; }
.scroll { overflow-x: auto; }
figcaption { font-size: 0.9rem; color: #444; }
.error { color: #a00; } .warning { color: #8a5a00; }
@media print { h2 { break-after: avoid; } figure { break-inside: avoid; } }
"""


#: What the page may load: nothing but its own inline style (a promise the browser keeps).
_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def overview(dataset: Dataset, *, title: str | None = None) -> str:
    """The dataset's overview as an HTML page (see the module's description).

    Args:
        dataset: The reports.
        title: The page's title (default: the indexes of the reports, "Freedom on the Net:
            dataset overview").

    Raises:
        PlotExtraMissingError: matplotlib is not installed (it is the ``plot`` extra).
    """
    entries = {
        index: tuple(e for e in dataset.entries if index_of(e.report.methodology) == index)
        for index in sorted(
            {index_of(e.report.methodology) for e in dataset.entries} or {DEFAULT_INDEX},
            key=lambda i: (i != DEFAULT_INDEX, i),
        )
    }
    if title is None:
        title = f"{' and '.join(map(index_name, entries))}: dataset overview"
    parts = [f"<h1>{html.escape(title)}</h1>"]
    charts = 0
    for index, chosen in entries.items():
        section, drawn = _summary(Panel(chosen), index, charts)
        charts += drawn
        if len(entries) > 1:  # a section per index, its headings one level down
            section = section.replace("<h2>", "<h3>").replace("</h2>", "</h3>")
            section = f"<h2>{html.escape(index_name(index))}</h2>\n{section}"
        parts.append(section)
    parts.append(_findings(dataset.validate().findings))
    body = "\n".join(parts)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _summary(panel: Panel, index: str, first_chart: int) -> tuple[str, int]:
    """One index's part of the page, and how many charts it draws."""
    # one report per country and edition (the first, as the deltas take), None if unscorable
    cards: dict[tuple[str, int], Scorecard | None] = {}
    for country in panel.countries:
        for edition in panel.editions_of(country):
            try:
                cards[country, edition] = modern_card(panel[country, edition])
            except ScoringError:
                cards[country, edition] = None
    deltas = panel.deltas().deltas
    scored = [card for card in cards.values() if card is not None]
    latest = max((c.edition for c in scored), default=None)
    if index == DEFAULT_INDEX:
        scale = "figures on the modern scale (higher is freer), legacy editions converted"
        scale += " category by category"
    else:
        scale = "figures as scored (higher is freer); each status from the groups' mean rating"
    parts = [
        (
            f"<p>{_count(len(panel), 'report')} of {_count(len(panel.countries), 'country')},"
            f" editions {_span(panel.editions)}; {scale}.</p>"
        ),
        _status_counts(scored),
        _countries(cards, deltas),
    ]
    if latest is not None:
        into = sorted((d for d in deltas if d.current_edition == latest),
                      key=lambda d: (-abs(d.total.delta), d.country))  # fmt: skip
        parts.append(_movers(latest, into[:10]))
        parts.append(_status_changes(latest, [d for d in into if d.status.changed]))
    parts.append("<h2>Trajectories</h2>")
    parts += [
        _chart(panel, cards, country, first_chart + n) for n, country in enumerate(panel.countries)
    ]
    return "\n".join(parts), len(panel.countries)


def _count(number: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{number} {noun if number == 1 else plural}"


def _span(editions: Sequence[int]) -> str:
    return f"{editions[0]}-{editions[-1]}" if editions else "none"


def _table(caption: str, header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table; header names ending in ``#`` are numeric columns (right-aligned)."""
    heads = "".join(
        f'<th scope="col"{" class=n" if h.endswith("#") else ""}>{html.escape(h.rstrip("#"))}</th>'
        for h in header
    )
    body = "".join(
        "<tr>" + "".join(_cell(h, value) for h, value in zip(header, row, strict=True)) + "</tr>"
        for row in rows
    )
    return (
        f'<div class="scroll"><table><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{heads}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _cell(header: str, value: str) -> str:
    if header.endswith("#"):
        return f'<td class="n">{html.escape(value)}</td>'
    if value in {s.value for s in Status}:
        return f'<td class="{value.replace(" ", "-")}">{html.escape(value)}</td>'
    return f"<td>{html.escape(value)}</td>"


def _status_counts(cards: Sequence[Scorecard]) -> str:
    counts = Counter((c.edition, c.status) for c in cards)
    editions = sorted({c.edition for c in cards})
    rows = [[str(e), *(str(counts[e, s]) for s in Status)] for e in editions]
    return "<h2>Statuses by edition</h2>" + _table(
        "Reports per status", ["Edition", *(f"{s.value}#" for s in Status)], rows
    )


def _countries(
    cards: dict[tuple[str, int], Scorecard | None], deltas: Sequence[ReportDelta]
) -> str:
    latest: dict[str, tuple[int, Scorecard | None]] = {}
    for (country, edition), card in cards.items():
        if country not in latest or edition > latest[country][0]:
            latest[country] = (edition, card)
    last = {d.country: d for d in deltas}
    rows = []
    for country in sorted(latest):
        edition, card = latest[country]
        if card is None:
            rows.append([country, str(edition), "", "cannot be scored (see the findings)", ""])
            continue
        delta = last.get(country)
        change = f"{delta.total.delta:+d} since {delta.previous_edition}" if delta else ""
        rows.append([country, str(edition), str(card.total), card.status.value, change])
    return "<h2>Countries</h2>" + _table(
        "Each country's latest report",
        ["Country", "Edition#", "Total#", "Status", "Last change"],
        rows,
    )


def _movers(edition: int, deltas: Sequence[ReportDelta]) -> str:
    rows = [[d.country, f"{d.total.delta:+d}", str(d.total.previous), str(d.total.current)]
            for d in deltas]  # fmt: skip
    return f"<h2>Largest changes into {edition}</h2>" + _table(
        "Change in total", ["Country", "Change#", "Before#", "After#"], rows
    )


def _status_changes(edition: int, deltas: Sequence[ReportDelta]) -> str:
    if not deltas:
        return f"<h2>Status changes in {edition}</h2><p>None.</p>"
    rows = [[d.country, d.status.previous.value, d.status.current.value] for d in deltas]
    return f"<h2>Status changes in {edition}</h2>" + _table(
        "Status before and after", ["Country", "Before", "After"], rows
    )


def _chart(
    panel: Panel, cards: dict[tuple[str, int], Scorecard | None], country: str, number: int
) -> str:
    """A country's trajectory as inline SVG, described for screen readers."""
    totals = [
        f"{edition} {card.total}"
        for edition in panel.editions_of(country)
        if (card := cards.get((country, edition))) is not None
    ]
    rated = any(
        get_methodology(report.methodology).rated
        for index in panel.indexes_of(country)
        for report in panel.series(country, index).values()
    )
    behind = (
        "as scored, status from ratings" if rated else "on the modern scale, status bands behind"
    )
    described = (
        f"Total of {country} per edition {behind}: "
        f"{', '.join(totals) or 'no report can be scored'}."
    )
    svg = inline_svg(trajectory(panel, [country]), f"chart{number}-", described, (7, 3.2))
    return (
        f'<figure><div class="scroll">{svg}</div>'
        f"<figcaption>{html.escape(described)}"
        "</figcaption></figure>"
    )


def _findings(findings: Sequence[Finding]) -> str:
    if not findings:
        return "<h2>Findings</h2><p>No findings: the data validated cleanly.</p>"
    rows = [[f.severity.value, f.code, str(f.location), f.message] for f in findings]
    return "<h2>Findings</h2>" + _table(
        f"{len(findings)} validation findings", ["Severity", "Code", "Where", "Message"], rows
    )
