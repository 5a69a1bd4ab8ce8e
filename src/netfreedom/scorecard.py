"""Computed figures: what a report's scores add up to."""

from __future__ import annotations

import attrs

from netfreedom.methodology import Scale, Status, by_id, rating_column


@attrs.frozen
class CategoryScore:
    """A category's points.

    Attributes:
        id: Category id, e.g. ``"A"``.
        name: Category name.
        score: Points.
        max: Maximum points.
    """

    id: str
    name: str
    score: int
    max: int


@attrs.frozen
class AdjustmentScore:
    """An adjustment's points, as given and as they count towards its group.

    Attributes:
        id: Adjustment id, e.g. ``"Add Q"``.
        group: The group it adjusts.
        points: Points as given (``3``).
        signed: Points as they count (``-3`` where the adjustment subtracts).
    """

    id: str
    group: str
    points: int
    signed: int


@attrs.frozen
class GroupScore:
    """A group's points: its categories' sum with its adjustments, and its rating.

    Attributes:
        id: Group id, e.g. ``"PR"``.
        name: Group name.
        score: Points (below zero where a subtracting adjustment outweighs the categories).
        max: Maximum points of its categories.
        rating: Its rating by the methodology's table, or None where it has none.
    """

    id: str
    name: str
    score: int
    max: int
    rating: int | None = None


@attrs.frozen(kw_only=True)
class Scorecard:
    """What a report's scores add up to.

    Attributes:
        country: Country name.
        edition: Edition year.
        methodology: Id of the methodology the figures are on.
        scale: Which end of that methodology's scale is free.
        categories: Per category, in methodology order.
        total: Sum of the categories.
        max_total: The categories' maxima summed (as Freedom House states it: 100);
            an adding adjustment may take a total beyond it.
        status: The band the total falls in, or the status of the groups' mean rating.
        converted_from: Id of the methodology the figures were converted from,
            or ``None`` when they are as scored.
        groups: Per group (Freedom in the World's ``PR``, ``CL``), in methodology order.
        adjustments: The adjustments the report scored.
        designations: The ids of the designations its figures earn
            (``electoral-democracy``).
        territory: Whether the report is of a territory rather than a country.
    """

    country: str
    edition: int
    methodology: str
    scale: Scale
    categories: tuple[CategoryScore, ...]
    total: int
    max_total: int
    status: Status
    converted_from: str | None = None
    groups: tuple[GroupScore, ...] = ()
    adjustments: tuple[AdjustmentScore, ...] = ()
    designations: tuple[str, ...] = ()
    territory: bool = False

    def figures(self) -> dict[str, int]:
        """Every figure beside the total, by id: categories, groups and ratings (``PR rating``)."""
        figures = {c.id: c.score for c in self.categories} | {g.id: g.score for g in self.groups}
        return figures | {
            rating_column(g.id): g.rating for g in self.groups if g.rating is not None
        }

    def group(self, group_id: str) -> GroupScore:
        """Return one group's score.

        Raises:
            KeyError: No such group.
        """
        return by_id(self.groups, group_id)

    def category(self, category_id: str) -> CategoryScore:
        """Return one category's score.

        Raises:
            KeyError: No such category.
        """
        return by_id(self.categories, category_id)
