"""The cross-index check: a Freedom on the Net report's Freedom in the World figures.

A FOTN report's Country Facts box states the country's Global Freedom Score and Freedom in
the World status. `cross_check` compares them with Freedom in the World's data for the same
country and edition: the Total and Status it publishes (a workbook's columns), or, where it
gives none, those its scores compute; a published figure its scores contradict is said.
Names are matched exactly or through an alias table (`country_aliases`, FOTN's name to FIW's); a
name that matches nothing is said, never guessed.
"""

from __future__ import annotations

import functools
import json
import pathlib
from types import MappingProxyType
from typing import TYPE_CHECKING, TypeVar

import attrs

from netfreedom.aggregation import score
from netfreedom.errors import ScoringError
from netfreedom.findings import Finding, Location
from netfreedom.methodologies import index_of
from netfreedom.validation import Target, as_targets

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping

    from netfreedom.reports import CountryReport

from netfreedom.methodology import Status

#: A figure compared: a total or a status.
_F = TypeVar("_F", int, Status)


#: The index whose figures the Country Facts box quotes.
FIW_INDEX = "fiw"


@functools.cache
def _aliases() -> Mapping[str, str]:
    text = (pathlib.Path(__file__).parent / "data" / "aliases.json").read_text("utf-8")
    return MappingProxyType(json.loads(text)["fotn_to_fiw"])


def country_aliases() -> Mapping[str, str]:
    """The built-in alias table: country names as FOTN writes them, to FIW's."""
    return _aliases()


@attrs.frozen
class _Reference:
    """A FIW report's total and status, each with how it is known, and where it is."""

    total: int | None
    status: Status | None
    total_basis: str
    status_basis: str
    where: Location


def _reference(target: Target) -> _Reference:
    published = target.report.published
    try:
        card = score(target.report)
    except ScoringError:
        card = None
    total, total_basis = _known(published.total, card.total if card else None)
    status, status_basis = _known(published.status, card.status if card else None)
    return _Reference(total, status, total_basis, status_basis, target.location)


def _known(published: _F | None, computed: _F | None) -> tuple[_F | None, str]:
    """The published figure (else the computed one), and how it is known, in words."""
    if published is None:
        return computed, "computed"
    if computed is None or computed == published:
        return published, "published"
    return published, f"published; its scores give {_shown(computed)}"


def _shown(figure: int | Status) -> str:
    return figure.value if isinstance(figure, Status) else str(figure)


def cross_check(
    reports: Iterable[CountryReport | Target],
    fiw: Iterable[CountryReport | Target],
    *,
    names: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Compare FOTN reports' Country Facts with Freedom in the World's figures.

    Args:
        reports: Freedom on the Net reports (those without a Country Facts box that states a
            Global Freedom Score or FIW status are passed over).
        fiw: Freedom in the World reports (others are ignored).
        names: Country names as FOTN writes them, to FIW's, beside (and before) the built-in
            ones of `country_aliases`. A name FIW's data holds as it is matches first; then
            the table is read both ways.

    Returns:
        Per report checked: ``facts-fiw-agree`` (info) or a ``facts-fiw-mismatch`` (error) for
        each figure that differs, or ``facts-fiw-unmatched`` (warning) where FIW's data has
        no report of that country and edition. Where FIW's data gives the country and edition
        more than once, the box is compared with each, and agrees only if it agrees with all.
    """
    table = {**country_aliases(), **(names or {})}
    reverse = {fiw_name: fotn_name for fotn_name, fiw_name in table.items()}
    found: dict[tuple[str, int], list[Target]] = {}
    countries: dict[str, list[int]] = {}
    for target in as_targets(fiw):
        if index_of(target.report.methodology) == FIW_INDEX:
            found.setdefault(target.report.key, []).append(target)
            countries.setdefault(target.report.country, []).append(target.report.edition)
    findings: list[Finding] = []
    for target in as_targets(reports):
        facts = target.report.facts
        if facts is None or (
            facts.global_freedom_score is None and facts.freedom_in_the_world_status is None
        ):
            continue
        country, edition = target.report.key
        name = country if (country, edition) in found or country in countries else None
        name = name or table.get(country) or reverse.get(country) or country
        matches = found.get((name, edition), [])
        if not matches:
            held = sorted(set(countries.get(name, [])))
            findings.append(_unmatched(target, country, name, held, any_fiw=bool(found)))
            continue
        compared = [list(_compared(target, _reference(match))) for match in matches]
        mismatches = [f for each in compared for f in each if f.code != "facts-fiw-agree"]
        if mismatches and len(matches) > 1:
            twice = f"; Freedom in the World's data gives {name} {edition} {len(matches)} times"
            mismatches = [attrs.evolve(f, message=f.message + twice) for f in mismatches]
        findings += mismatches or compared[0]
    return findings


def _unmatched(
    target: Target, country: str, name: str, editions: list[int], *, any_fiw: bool
) -> Finding:
    edition = target.report.edition
    called = f"{country!r}" + (f" (as {name!r})" if name != country else "")
    if not any_fiw:
        message = "the data given holds no Freedom in the World report"
    elif editions:
        held = ", ".join(map(str, editions))
        message = f"Freedom in the World's data holds {called} for {held}, not {edition}"
    else:
        message = (
            f"Freedom in the World's data has no country named {called}: names are matched"
            " exactly or through the alias table, never guessed"
        )
    return Finding.of(
        "facts-fiw-unmatched",
        attrs.evolve(target.location, path=_facts_path(target.location, None)),
        f"the Country Facts box cannot be checked: {message}",
        actual=country,
    )


def _compared(target: Target, reference: _Reference) -> Iterator[Finding]:
    facts = target.report.facts
    assert facts is not None  # noqa: S101 - only reports with facts are compared
    source = f"Freedom in the World {target.report.edition} (at {reference.where})"
    agreeing: list[str] = []
    stated_score, stated_status = facts.global_freedom_score, facts.freedom_in_the_world_status
    if stated_score is not None and reference.total is not None:
        if stated_score == reference.total:
            agreeing.append(f"Global Freedom Score {stated_score}")
        else:
            yield Finding.of(
                "facts-fiw-mismatch",
                attrs.evolve(
                    target.location, path=_facts_path(target.location, "global_freedom_score")
                ),
                f"Country Facts Global Freedom Score: stated {stated_score}, {source}"
                f" {reference.total} ({reference.total_basis}; off by"
                f" {reference.total - stated_score:+d})",
                expected=reference.total,
                actual=stated_score,
            )
    if stated_status is not None and reference.status is not None:
        if stated_status is reference.status:
            agreeing.append(f"status {stated_status.value}")
        else:
            yield Finding.of(
                "facts-fiw-mismatch",
                attrs.evolve(
                    target.location,
                    path=_facts_path(target.location, "freedom_in_the_world_status"),
                ),
                f"Country Facts Freedom in the World Status: stated {stated_status.value},"
                f" {source} {reference.status.value} ({reference.status_basis})",
                expected=reference.status.value,
                actual=stated_status.value,
            )
    if agreeing and len(agreeing) == (stated_score is not None) + (stated_status is not None):
        yield Finding.of(
            "facts-fiw-agree",
            attrs.evolve(target.location, path=_facts_path(target.location, None)),
            f"the Country Facts box agrees with {source}: {', '.join(agreeing)}",
        )


def _facts_path(where: Location, field: str | None) -> str:
    base = (where.path if where.path is not None else "$") + ".facts"
    return base if field is None else f"{base}.{field}"
