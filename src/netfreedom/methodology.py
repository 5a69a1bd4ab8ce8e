"""The rulebook: questions, categories, maxima and status bands of a scoring methodology.

A methodology is data. The built-in ones ship as JSON files in the package
(see `netfreedom.methodologies`); a user can describe another in the same format.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterator


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
        bands: The status bands; together they cover every possible total once.
    """

    id: str
    name: str
    editions: EditionRange
    scale: Scale
    categories: tuple[Category, ...]
    questions: tuple[Question, ...] = ()
    bands: tuple[StatusBand, ...] = ()

    @property
    def question_level(self) -> bool:
        """Whether the methodology scores individual questions."""
        return bool(self.questions)

    @property
    def max_total(self) -> int:
        """The highest possible total."""
        return sum(c.max for c in self.categories)

    @property
    def min_total(self) -> int:
        """The lowest possible total."""
        return sum(c.min for c in self.categories)

    def category(self, category_id: str) -> Category:
        """Return the category with this id.

        Raises:
            KeyError: No such category.
        """
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    def question(self, question_id: str) -> Question:
        """Return the question with this id.

        Raises:
            KeyError: No such question.
        """
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def questions_in(self, category_id: str) -> tuple[Question, ...]:
        """Return the questions of one category, in report order."""
        return tuple(q for q in self.questions if q.category == category_id)

    def status_for(self, total: int) -> Status:
        """Return the status of a total.

        Raises:
            ValueError: The total lies in no band (it is out of range).
        """
        for band in self.bands:
            if total in band:
                return band.status
        raise ValueError(
            f"total {total} lies outside {self.min_total}..{self.max_total} of {self.id}"
        )

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
        questions; the bands cover every total from the minimum to the maximum
        exactly once.
        """
        yield from self._identity_problems()
        if self.question_level:
            yield from self._sum_problems()
        for total in range(self.min_total, self.max_total + 1):
            owners = [b.status.value for b in self.bands if total in b]
            if len(owners) != 1:
                yield f"total {total} falls in {len(owners)} status bands {owners}"

    def _identity_problems(self) -> Iterator[str]:
        category_ids = [c.id for c in self.categories]
        question_ids = [q.id for q in self.questions]
        for kind, ids in (("category", category_ids), ("question", question_ids)):
            for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
                yield f"{kind} {duplicate!r} is defined more than once"
        for question in self.questions:
            if question.category not in category_ids:
                yield f"question {question.id!r} names unknown category {question.category!r}"
            if question.min > question.max:
                yield f"question {question.id!r} has min {question.min} above max {question.max}"

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
