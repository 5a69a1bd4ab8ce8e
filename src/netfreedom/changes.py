"""Computed comparisons: how figures moved between two reports."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from netfreedom.findings import Finding
from netfreedom.methodology import Scale, Status


@attrs.frozen
class Change:
    """A figure in the earlier and the later report.

    Attributes:
        previous: The figure in the earlier report.
        current: The figure in the later report.
    """

    previous: int
    current: int

    @property
    def delta(self) -> int:
        """``current - previous``."""
        return self.current - self.previous


@attrs.frozen
class StatusChange:
    """The status in the earlier and the later report.

    Attributes:
        previous: Status before.
        current: Status after.
    """

    previous: Status
    current: Status

    @property
    def changed(self) -> bool:
        """Whether the status differs."""
        return self.previous is not self.current


def _changes(mapping: Mapping[str, Change]) -> Mapping[str, Change]:
    return MappingProxyType(dict(mapping))


@attrs.frozen(kw_only=True)
class ReportDelta:
    """How a country's figures moved from one report to another.

    Attributes:
        country: The country.
        previous_edition: Edition of the earlier report.
        current_edition: Edition of the later report.
        methodology: The methodology whose scale the figures are on.
        scale: That scale's direction.
        categories: Per category id.
        total: The total.
        status: The status.
        status_margin: Points each total would have to move to change status
            (the distance to the nearest band boundary), before and after; None where
            the status comes from ratings (Freedom in the World).
        questions: Per question id, when both reports are question-level under
            the same methodology; empty otherwise.
        converted_editions: Editions whose figures were converted to the modern
            scale for the comparison (across the 2019 scale break).
        findings: Score Change notes that do not match the scores, and questions
            that moved without one.
        notes_confirmed: The questions whose Score Change note agrees with both reports:
            the scores it gives, and the direction their move takes.
        notes_unchecked: Why the later report's notes could not be checked (the earlier
            report gives no question scores, say), or None.
        groups: Per group id (``PR``, ``CL``), under a methodology with groups.
        ratings: Per rated group id, its rating (1 most free to 7).
    """

    country: str
    previous_edition: int
    current_edition: int
    methodology: str
    scale: Scale
    categories: Mapping[str, Change] = attrs.field(converter=_changes)
    total: Change
    status: StatusChange
    status_margin: Change | None
    questions: Mapping[str, Change] = attrs.field(factory=dict, converter=_changes)
    converted_editions: tuple[int, ...] = ()
    findings: tuple[Finding, ...] = ()
    notes_confirmed: tuple[str, ...] = ()
    notes_unchecked: str | None = None
    groups: Mapping[str, Change] = attrs.field(factory=dict, converter=_changes)
    ratings: Mapping[str, Change] = attrs.field(factory=dict, converter=_changes)

    @property
    def converted_scale(self) -> bool:
        """Whether any figures were converted to the modern scale."""
        return bool(self.converted_editions)

    @property
    def moved(self) -> Mapping[str, Change]:
        """The questions whose score changed."""
        return {q: c for q, c in self.questions.items() if c.delta}
