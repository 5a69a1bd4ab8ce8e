"""The rulebook: questions, categories, maxima, groups, ratings and status bands of a methodology.

A methodology is data. Freedom on the Net's status is the band of its total; Freedom in the
World's adds groups of categories (Political Rights, Civil Liberties) with adjustments that
add or subtract points, a rating per group from a table, and a status from the mean rating.
The built-in ones ship as JSON files in the package (see `netfreedom.methodologies`); a user
can describe another in the same format.
"""

from __future__ import annotations

import enum
import functools
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol, TypeVar

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping


#: The index a methodology (and a report) belongs to unless it says otherwise.
DEFAULT_INDEX = "fotn"


class Status(enum.Enum):
    """The status a total falls into."""

    FREE = "Free"
    PARTLY_FREE = "Partly Free"
    NOT_FREE = "Not Free"

    @classmethod
    def from_text(cls, text: str) -> Status:
        """Read a status in any case and spacing (``"not  free"``), or abbreviated (``"NF"``).

        Raises:
            ValueError: The text names no status.
        """
        status = _STATUSES.get(" ".join(text.split()).casefold())
        if status is None:
            raise ValueError(f"unknown status {text!r}; expected one of {_STATUS_NAMES}")
        return status

    @property
    def abbreviation(self) -> str:
        """The status as Freedom House abbreviates it: ``F``, ``PF``, ``NF``."""
        return "".join(word[0] for word in self.value.split())


_STATUS_NAMES = ", ".join(repr(s.value) for s in Status) + " (or F, PF, NF)"
#: Statuses by their names and by Freedom House's abbreviations (``F``, ``PF``, ``NF``).
_STATUSES = {s.value.casefold(): s for s in Status} | {s.abbreviation.casefold(): s for s in Status}


class Scale(enum.Enum):
    """Which end of the scale is the free one."""

    HIGHER_IS_FREER = "higher-is-freer"
    LOWER_IS_FREER = "lower-is-freer"


@attrs.frozen
class EditionRange:
    """The editions a methodology applies to.

    Attributes:
        first: The first edition (a year).
        last: The last edition, or ``None`` while the methodology is current.
    """

    first: int
    last: int | None = None

    def __contains__(self, edition: object) -> bool:
        return (
            isinstance(edition, int)
            and edition >= self.first
            and (self.last is None or edition <= self.last)
        )

    def __str__(self) -> str:
        return f"{self.first}-{self.last}" if self.last is not None else f"{self.first} onward"


@attrs.frozen
class Category:
    """A scored category such as "A Obstacles to Access".

    Attributes:
        id: Short identifier, e.g. ``"A"``.
        name: Full name as printed in reports.
        max: Maximum points.
        min: Minimum points (0 unless a question can subtract points).
    """

    id: str
    name: str
    max: int
    min: int = 0


@attrs.frozen
class Question:
    """One scored question.

    Attributes:
        id: Identifier such as ``"A1"``.
        category: Identifier of the category it counts towards.
        max: Maximum points.
        text: The question as printed in reports.
        min: Minimum points (0 unless the question subtracts points).
    """

    id: str
    category: str
    max: int
    text: str = ""
    min: int = 0


class Effect(enum.Enum):
    """Whether an adjustment's points add to its group or are taken from it."""

    ADD = "add"
    SUBTRACT = "subtract"


@attrs.frozen
class Adjustment:
    """A scored item outside the categories that adds to or subtracts from a group.

    Freedom in the World's "Add Q" (0-4, subtracted from Political Rights) is one.

    Attributes:
        id: Identifier such as ``"Add Q"``; scores are given under it, like a question's.
        group: Identifier of the group it adjusts.
        effect: Whether its points add or subtract.
        max: Maximum points.
        text: The question as Freedom House words it.
        min: Minimum points.
        editions: The editions it applies to (None: every edition of the methodology).
    """

    id: str
    group: str
    effect: Effect
    max: int
    text: str = ""
    min: int = 0
    editions: EditionRange | None = None

    def applies(self, edition: int) -> bool:
        """Whether reports of this edition score it."""
        return self.editions is None or edition in self.editions

    def signed(self, points: int) -> int:
        """Its points as they count towards the group: negative where it subtracts."""
        return -points if self.effect is Effect.SUBTRACT else points

    @property
    def reach(self) -> tuple[int, int]:
        """The lowest and highest amount it can move its group by."""
        low, high = self.signed(self.min), self.signed(self.max)
        return min(low, high), max(low, high)


@attrs.frozen
class Rating:
    """A row of a rating table: the group scores that earn a rating.

    Attributes:
        rating: The rating (Freedom in the World: 1 most free to 7 least free).
        min: The lowest score of the row (None: no lower bound, "5 and below").
        max: The highest score of the row (None: no upper bound).
    """

    rating: int
    min: int | None = None
    max: int | None = None

    def __contains__(self, score: object) -> bool:
        return (
            isinstance(score, int)
            and (self.min is None or score >= self.min)
            and (self.max is None or score <= self.max)
        )

    def __str__(self) -> str:
        if self.min is None:
            return f"{self.max} and below"
        return f"{self.min} and above" if self.max is None else f"{self.min}-{self.max}"


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


_I = TypeVar("_I", bound=_Identified)


def by_id(items: Iterable[_I], item_id: str) -> _I:
    """The item with this id (a category, question, group, or their scores).

    Raises:
        KeyError: None has it.
    """
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(item_id)


def rating_column(group_id: str) -> str:
    """The name of a group's rating among a report's figures and columns: ``PR rating``."""
    return f"{group_id} rating"


@attrs.frozen
class Group:
    """Categories scored together, with their own total and perhaps a rating.

    Attributes:
        id: Identifier such as ``"PR"``.
        name: Full name, e.g. "Political Rights".
        categories: The ids of its categories.
        ratings: Its rating table (empty when the group is not rated).
    """

    id: str
    name: str
    categories: tuple[str, ...]
    ratings: tuple[Rating, ...] = ()

    def rating_for(self, score: int) -> int:
        """The rating of a group score.

        Raises:
            ValueError: The group is not rated, or no row of its table holds the score.
        """
        for row in self.ratings:
            if score in row:
                return row.rating
        raise ValueError(f"group {self.id} has no rating for a score of {score}")


@attrs.frozen
class RatingBand:
    """A closed range of mean ratings that maps to a status.

    Attributes:
        status: The status of means in the band.
        min: Lowest mean in the band.
        max: Highest mean in the band.
    """

    status: Status
    min: float
    max: float

    def __contains__(self, mean: object) -> bool:
        return isinstance(mean, int | float) and self.min <= mean <= self.max


@attrs.frozen
class Threshold:
    """A figure's minimum for a designation.

    Attributes:
        figure: A category or group id.
        min: The lowest score that meets it.
    """

    figure: str
    min: int


@attrs.frozen
class Designation:
    """A label a report earns when its figures meet every threshold (electoral democracy).

    Attributes:
        id: Identifier such as ``"electoral-democracy"``.
        name: Human-readable name.
        thresholds: The figures' minimums; all must be met.
    """

    id: str
    name: str
    thresholds: tuple[Threshold, ...]

    def met_by(self, figures: Mapping[str, int]) -> bool:
        """Whether figures (scores by category or group id) meet every threshold."""
        return all(figures[t.figure] >= t.min for t in self.thresholds)


@attrs.frozen
class StatusBand:
    """A closed range of totals that maps to a status.

    Attributes:
        status: The status of totals in the band.
        min: Lowest total in the band.
        max: Highest total in the band.
    """

    status: Status
    min: int
    max: int

    def __contains__(self, total: object) -> bool:
        return isinstance(total, int) and self.min <= total <= self.max


@attrs.frozen
class Methodology:
    """A complete scoring methodology.

    Attributes:
        id: Identifier such as ``"fotn-2019"``; reports refer to it.
        name: Human-readable name.
        editions: The editions it applies to.
        scale: Which end of the scale is free.
        categories: The categories, in report order.
        questions: The questions, in report order; empty for a methodology whose
            data is category-level only.
        bands: The status bands of the total; together they cover every possible total
            once. Empty when the status comes from ratings (`rating_bands`).
        index: The index it belongs to: ``"fotn"`` (Freedom on the Net) or ``"fiw"``
            (Freedom in the World). Editions are looked up within an index.
        adjustments: Items outside the categories that add to or subtract from a group.
        groups: Groups of categories with their own totals and ratings.
        rating_bands: Status by the mean of the groups' ratings, where the status
            comes from ratings rather than from the total.
        designations: Labels a report earns by its figures (electoral democracy).
    """

    id: str
    name: str
    editions: EditionRange
    scale: Scale
    categories: tuple[Category, ...]
    questions: tuple[Question, ...] = ()
    bands: tuple[StatusBand, ...] = ()
    index: str = DEFAULT_INDEX
    adjustments: tuple[Adjustment, ...] = ()
    groups: tuple[Group, ...] = ()
    rating_bands: tuple[RatingBand, ...] = ()
    designations: tuple[Designation, ...] = ()

    @property
    def question_level(self) -> bool:
        """Whether the methodology scores individual questions."""
        return bool(self.questions)

    @property
    def items(self) -> tuple[Question | Adjustment, ...]:
        """Everything a report may score: the questions, then the adjustments."""
        return (*self.questions, *self.adjustments)

    @property
    def max_total(self) -> int:
        """The highest possible total."""
        return sum(c.max for c in self.categories) + sum(a.reach[1] for a in self.adjustments)

    @property
    def min_total(self) -> int:
        """The lowest possible total (below zero where adjustments subtract)."""
        return sum(c.min for c in self.categories) + sum(a.reach[0] for a in self.adjustments)

    def category(self, category_id: str) -> Category:
        """Return the category with this id.

        Raises:
            KeyError: No such category.
        """
        return by_id(self.categories, category_id)

    def question(self, question_id: str) -> Question:
        """Return the question with this id.

        Raises:
            KeyError: No such question.
        """
        return by_id(self.questions, question_id)

    def group(self, group_id: str) -> Group:
        """Return the group with this id.

        Raises:
            KeyError: No such group.
        """
        return by_id(self.groups, group_id)

    def questions_in(self, category_id: str) -> tuple[Question, ...]:
        """Return the questions of one category, in report order."""
        return self._members.get(category_id, ())

    @functools.cached_property
    def _members(self) -> dict[str, tuple[Question, ...]]:
        """Each category's questions, by category id (worked out once)."""
        members: dict[str, list[Question]] = {}
        for question in self.questions:
            members.setdefault(question.category, []).append(question)
        return {category: tuple(questions) for category, questions in members.items()}

    def adjustments_for(self, edition: int) -> tuple[Adjustment, ...]:
        """The adjustments that reports of an edition score."""
        return tuple(a for a in self.adjustments if a.applies(edition))

    def group_range(self, group_id: str) -> tuple[int, int]:
        """The lowest and highest score of a group, adjustments included.

        Raises:
            KeyError: No such group.
        """
        found = self._ranges.get(group_id)
        if found is None:
            group = self.group(group_id)
            members = [self.category(c) for c in group.categories]
            reaches = [a.reach for a in self.adjustments if a.group == group_id]
            found = self._ranges[group_id] = (
                sum(c.min for c in members) + sum(low for low, _ in reaches),
                sum(c.max for c in members) + sum(high for _, high in reaches),
            )
        return found

    @functools.cached_property
    def figure_ranges(self) -> MappingProxyType[str, tuple[int, int]]:
        """The lowest and highest value of each figure beside the total, by id.

        Categories, groups (adjustments included) and group ratings (``PR rating``).
        """
        ranges = {c.id: (c.min, c.max) for c in self.categories}
        for group in self.groups:
            ranges[group.id] = self.group_range(group.id)
            if group.ratings:
                ratings = [r.rating for r in group.ratings]
                ranges[rating_column(group.id)] = (min(ratings), max(ratings))
        return MappingProxyType(ranges)

    @functools.cached_property
    def _ranges(self) -> dict[str, tuple[int, int]]:
        """The groups' ranges worked out so far, by group id."""
        return {}

    @property
    def rated_groups(self) -> tuple[Group, ...]:
        """The groups with a rating table (``PR``, ``CL``), in order."""
        return tuple(g for g in self.groups if g.ratings)

    @property
    def rated(self) -> bool:
        """Whether the status comes from the groups' ratings (else from the total's band)."""
        return bool(self.rating_bands)

    def status_for(self, total: int) -> Status:
        """Return the status of a total.

        Raises:
            ValueError: The total lies in no band (it is out of range, or the methodology's
                status comes from ratings).
        """
        for band in self.bands:
            if total in band:
                return band.status
        if self.rated:
            raise ValueError(f"{self.id} derives the status from ratings, not from the total")
        raise ValueError(
            f"total {total} lies outside {self.min_total}..{self.max_total} of {self.id}"
        )

    def status_for_ratings(self, ratings: Iterable[int]) -> Status:
        """Return the status of the groups' ratings, by their mean.

        Raises:
            ValueError: The mean lies in no rating band.
        """
        given = list(ratings)
        mean = sum(given) / len(given) if given else 0.0
        for band in self.rating_bands:
            if mean in band:
                return band.status
        raise ValueError(f"a mean rating of {mean:g} lies in no status band of {self.id}")

    def band_of(self, status: Status) -> StatusBand:
        """Return the band of a status.

        Raises:
            KeyError: The methodology has no band for it.
        """
        for band in self.bands:
            if band.status is status:
                return band
        raise KeyError(status)

    def inconsistencies(self) -> Iterator[str]:
        """Describe every way in which the methodology contradicts itself.

        Checked: unique ids; every question in a known category with min <= max;
        each question-level category's maximum and minimum equal the sums over its
        questions; edition ranges run forward; adjustments adjust known groups; groups
        hold known categories, every category in exactly one group (where there are
        groups); a group's rating table rates every score it can have exactly once; the
        status bands cover every total (or the rating bands every mean rating) exactly
        once; designations name known figures.
        """
        yield from self._identity_problems()
        if self.question_level:
            yield from self._sum_problems()
        yield from self._group_problems()
        if self.rated:
            yield from self._rating_band_problems()
            if self.bands:
                yield "give status bands of the total or rating bands, not both"
            return
        if not self.bands:
            yield "give status bands of the total (bands) or rating bands (rating_bands)"
            return
        totals = range(self.min_total, self.max_total + 1)
        owned = [[b.status.value for b in self.bands if total in b] for total in totals]
        start = 0  # a run of totals in the same bands is one problem
        for end in range(1, len(owned) + 1):
            if end < len(owned) and owned[end] == owned[start]:
                continue
            owners = owned[start]
            if len(owners) != 1:
                which = f"total {totals[start]}" + (
                    f"..{totals[end - 1]}" if end - 1 > start else ""
                )
                yield f"{which} falls in {len(owners)} status bands {owners}"
            start = end

    def _identity_problems(self) -> Iterator[str]:
        if not self.categories:
            yield "give at least one category"
        category_ids = [c.id for c in self.categories]
        item_ids = [q.id for q in self.questions] + [a.id for a in self.adjustments]
        group_ids = [g.id for g in self.groups]
        for kind, ids in (
            ("category", category_ids),
            ("question", item_ids),
            ("group", group_ids),
            ("designation", [d.id for d in self.designations]),
        ):
            for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
                yield f"{kind} {duplicate!r} is defined more than once"
        for question in self.questions:
            if question.category not in category_ids:
                yield f"question {question.id!r} names unknown category {question.category!r}"
            if question.min > question.max:
                yield f"question {question.id!r} has min {question.min} above max {question.max}"
        yield from self._reference_problems(group_ids)

    def _reference_problems(self, group_ids: list[str]) -> Iterator[str]:
        ranges = [("the methodology", self.editions)]
        ranges += [(f"adjustment {a.id!r}", a.editions) for a in self.adjustments if a.editions]
        for owner, editions in ranges:
            if editions.last is not None and editions.first > editions.last:
                yield f"{owner} has editions {editions.first}-{editions.last}: first after last"
        for adjustment in self.adjustments:
            if adjustment.group not in group_ids:
                yield f"adjustment {adjustment.id!r} names unknown group {adjustment.group!r}"
            if adjustment.min > adjustment.max:
                yield (
                    f"adjustment {adjustment.id!r} has min {adjustment.min}"
                    f" above max {adjustment.max}"
                )
        figures = {*(c.id for c in self.categories), *group_ids}
        for designation in self.designations:
            for threshold in designation.thresholds:
                if threshold.figure not in figures:
                    yield (
                        f"designation {designation.id!r} names unknown figure {threshold.figure!r}"
                    )

    def _sum_problems(self) -> Iterator[str]:
        for category in self.categories:
            members = self.questions_in(category.id)
            for bound, declared, summed in (
                ("max", category.max, sum(q.max for q in members)),
                ("min", category.min, sum(q.min for q in members)),
            ):
                if declared != summed:
                    yield (
                        f"category {category.id!r} declares {bound} {declared}"
                        f" but its questions sum to {summed}"
                    )

    def _group_problems(self) -> Iterator[str]:
        known = {c.id for c in self.categories}
        grouped = [c for g in self.groups for c in g.categories]
        for category in sorted({c for c in grouped if grouped.count(c) > 1}):
            yield f"category {category!r} belongs to more than one group"
        loose = [c for c in known if c not in grouped]
        if self.groups and loose:
            yield f"categories {sorted(loose)} belong to no group (the groups sum to the total)"
        for group in self.groups:
            unknown = [c for c in group.categories if c not in known]
            if unknown:
                yield f"group {group.id!r} names unknown categories {unknown}"
                continue
            if not group.ratings:
                continue
            low, high = self.group_range(group.id)
            for score in range(low, high + 1):
                rows = [r.rating for r in group.ratings if score in r]
                if not rows:
                    yield f"group {group.id!r}: no rating for a score of {score}"
                elif len(rows) > 1:
                    yield f"group {group.id!r}: a score of {score} has ratings {rows}"
        if self.rated and not all(g.ratings for g in self.groups):
            yield "rating bands need a rating table for every group"

    def _rating_band_problems(self) -> Iterator[str]:
        tables = [sorted({r.rating for r in g.ratings}) for g in self.groups]
        sums: set[int] = {0}
        for ratings in tables:
            sums = {s + r for s in sums for r in ratings}
        for mean in sorted(s / len(tables) for s in sums) if tables else ():
            owners = [b.status.value for b in self.rating_bands if mean in b]
            if not owners:
                yield f"no status band holds a mean rating of {mean:g}"
            elif len(owners) > 1:
                yield f"a mean rating of {mean:g} falls in the status bands {owners}"
