"""Computed figures: what a report's scores add up to."""

from __future__ import annotations

import attrs

from netfreedom.methodology import Scale, Status


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
        max_total: Highest possible total.
        status: The band the total falls in.
        converted_from: Id of the methodology the figures were converted from,
            or ``None`` when they are as scored.
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

    def category(self, category_id: str) -> CategoryScore:
        """Return one category's score.

        Raises:
            KeyError: No such category.
        """
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)
