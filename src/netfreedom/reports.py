"""Observed data: one country's report for one edition, as published."""

from __future__ import annotations

import datetime as dt
import enum
import math
import numbers
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from netfreedom.errors import NetfreedomError
from netfreedom.findings import json_text
from netfreedom.methodology import Scale, Status


class NotWholeNumberError(NetfreedomError, TypeError):
    """A value where a whole number belongs is something else."""


def whole_number(value: object) -> int:
    """A whole number: an integer, or a float without a fractional part; never a bool.

    Integers of other libraries (NumPy's, say) are read as `int`.

    Raises:
        NotWholeNumberError: The value is a bool, a fractional or non-finite float,
            a string, or anything else.
    """
    if type(value) is int:  # the common case, without the abstract classes' checks
        return value
    if not isinstance(value, bool):
        if isinstance(value, numbers.Integral):
            return int(value)
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            return int(value)
    raise NotWholeNumberError(f"expected a whole number, got {json_text(value)}")


def _whole_field(name: str, value: object) -> int:
    """A field's whole number (see `whole_number`); the error names the field."""
    try:
        return whole_number(value)
    except NotWholeNumberError as error:
        raise NotWholeNumberError(f"{name}: {error}") from None


def _edition(value: object) -> int:
    return _whole_field("edition", value)


def _total(value: object) -> int | None:
    return None if value is None else _whole_field("total", value)


def _last_year_total(value: object) -> int | None:
    return None if value is None else _whole_field("last_year_total", value)


def normal_name(name: str) -> str:
    """A country name as reports keep it: Unicode NFC, without surrounding space.

    "Türkiye" typed with a combining diaeresis and "Kazakhstan " with a trailing space are
    the same countries as "Türkiye" and "Kazakhstan".
    """
    name = name.strip()
    return name if name.isascii() else unicodedata.normalize("NFC", name)


def _name(value: str) -> str:
    """A name normalised; anything else is left as it is, for validation to report."""
    try:
        return normal_name(value)
    except (AttributeError, TypeError):
        return value


def _edition_methodology(report: CountryReport) -> str:
    """The id of the built-in methodology of the report's edition.

    Raises:
        UnknownEditionError: No built-in methodology covers the edition.
    """
    from netfreedom.methodologies import methodology_for_edition  # noqa: PLC0415 - see below

    # imported when a report is made without a methodology: the methodologies module reads
    # its files through the converter, which knows these models
    return methodology_for_edition(report.edition).id


def _points_key(mapping: Mapping[str, int]) -> frozenset[tuple[str, int]]:
    """What reports compare and hash a mapping of points by (a mapping itself hashes not)."""
    return frozenset(mapping.items())


def _frozen_mapping(mapping: Mapping[str, int]) -> Mapping[str, int]:
    """Points by id, frozen; each a whole number (see `whole_number`).

    Raises:
        NotWholeNumberError: A value is not a whole number, naming its id.
    """
    points = dict(mapping)
    for key, value in points.items():
        if type(value) is not int:
            try:
                points[key] = whole_number(value)
            except NotWholeNumberError:
                message = f"{key} is {json_text(value)}, not a whole number of points"
                raise NotWholeNumberError(message) from None
    return MappingProxyType(points)


def _empty_mapping() -> Mapping[str, int]:
    return MappingProxyType({})


class ChangeDirection(enum.Enum):
    """Which way a Score Change note says a score moved."""

    IMPROVED = "improved"
    DECLINED = "declined"


@attrs.frozen(kw_only=True)
class ScoreChange:
    """A "Score Change" note: the report's own account of a question's move.

    Attributes:
        question: The question id, e.g. ``"A3"``.
        previous: The score the note says the question had in the previous edition.
        current: The score the note says it has now.
        direction: Whether the note calls the move an improvement or a decline.
        text: The note as printed, without the ``Score Change:`` label.
    """

    question: str
    previous: int
    current: int
    direction: ChangeDirection
    text: str = ""

    def implied(self, scale: Scale) -> ChangeDirection | None:
        """The direction the note's move takes on ``scale``; None where it gives no move."""
        if self.previous == self.current:
            return None
        freer = (self.current > self.previous) == (scale is Scale.HIGHER_IS_FREER)
        return ChangeDirection.IMPROVED if freer else ChangeDirection.DECLINED


@attrs.frozen(kw_only=True)
class CoveragePeriod:
    """The period an edition covers (FOTN 2021: 2020-06-01 to 2021-05-31).

    Attributes:
        start: First day covered.
        end: Last day covered.
    """

    start: dt.date
    end: dt.date


@attrs.frozen(kw_only=True)
class CountryFacts:
    """The "Country Facts" box printed at the end of a report.

    Attributes:
        global_freedom_score: Freedom in the World score, out of 100.
        internet_freedom_score: The box's Freedom on the Net score, out of 100.
        internet_freedom_status: The status printed beside that score.
        freedom_in_the_world_status: Freedom in the World status.
        networks_restricted: "Networks Restricted" fact.
        websites_blocked: "Websites Blocked" fact.
        pro_government_commentators: "Pro-government Commentators" fact.
        users_arrested: "Users Arrested" fact.
    """

    global_freedom_score: int | None = None
    internet_freedom_score: int | None = None
    internet_freedom_status: Status | None = None
    freedom_in_the_world_status: Status | None = None
    networks_restricted: bool | None = None
    websites_blocked: bool | None = None
    pro_government_commentators: bool | None = None
    users_arrested: bool | None = None


class LineKind(enum.Enum):
    """What a line of report text is."""

    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    FOOTNOTE = "footnote"
    BLANK = "blank"


@attrs.frozen(kw_only=True)
class TextLine:
    """One line of a report's prose, kept as printed.

    Attributes:
        kind: Paragraph, bullet (``- text``), footnote (``- 12text``) or blank.
        text: The text, without the bullet dash or footnote number.
        number: The footnote number, for footnotes.
    """

    kind: LineKind
    text: str = ""
    number: int | None = None


@attrs.frozen(kw_only=True)
class Section:
    """The text of one question in a report.

    Attributes:
        question: The question id.
        heading: The question as printed (its wording may differ from the
            methodology's in quotes, case or spacing).
        lines: Everything after the question line (and its Score Change note),
            in order.
    """

    question: str
    heading: str
    lines: tuple[TextLine, ...] = ()

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The narrative paragraphs."""
        return tuple(line.text for line in self.lines if line.kind is LineKind.PARAGRAPH)

    @property
    def footnotes(self) -> tuple[TextLine, ...]:
        """The footnotes, with their numbers."""
        return tuple(line for line in self.lines if line.kind is LineKind.FOOTNOTE)


@attrs.frozen(kw_only=True)
class Leftover:
    """A line of input the parser did not understand, kept with its line number.

    Attributes:
        line: 1-based line number in the input.
        text: The line.
    """

    line: int
    text: str


class ScoreNotation(enum.Enum):
    """How question scores are printed: ``5.005 6.006``, ``5.00 6.00`` or ``5 / 6``."""

    WEB = "web"
    DECIMAL = "decimal"
    SLASH = "slash"


@attrs.frozen(kw_only=True)
class Narrative:
    """A report's text beyond its figures: enough to print the report again.

    Attributes:
        overview: The lines between the category headers and the first question:
            overview paragraphs and key developments (bullets).
        sections: One per question, in report order.
        notation: How the question scores were printed.
        final_newline: Whether the text ended with a line break.
        leftovers: Lines that were not understood, with their line numbers.
        facts_lines: The Country Facts box as printed, where its values alone would print
            it otherwise (a status line at odds with its score line's, a score printed
            without its status); empty where they print it back.
    """

    overview: tuple[TextLine, ...] = ()
    sections: tuple[Section, ...] = ()
    notation: ScoreNotation = ScoreNotation.WEB
    final_newline: bool = True
    leftovers: tuple[Leftover, ...] = ()
    facts_lines: tuple[str, ...] = ()

    @property
    def key_developments(self) -> tuple[str, ...]:
        """The key developments listed in the overview."""
        return tuple(line.text for line in self.overview if line.kind is LineKind.BULLET)

    def section(self, question_id: str) -> Section:
        """Return the section of a question.

        Raises:
            KeyError: The report has no section for it.
        """
        for section in self.sections:
            if section.question == question_id:
                return section
        raise KeyError(question_id)


@attrs.frozen(kw_only=True)
class PublishedFigures:
    """Figures a publication states, to be checked against what the scores give.

    Attributes:
        categories: Category totals, e.g. the report's header lines.
        total: The total.
        status: The status.
        last_year_total: The total the publication gives for the previous edition.
        groups: Group totals by group id (Freedom in the World's ``PR``, ``CL``).
        ratings: Group ratings by group id (``{"PR": 7, "CL": 5}``).
    """

    categories: Mapping[str, int] = attrs.field(
        factory=_empty_mapping, converter=_frozen_mapping, eq=_points_key
    )
    groups: Mapping[str, int] = attrs.field(
        factory=_empty_mapping, converter=_frozen_mapping, eq=_points_key
    )
    ratings: Mapping[str, int] = attrs.field(
        factory=_empty_mapping, converter=_frozen_mapping, eq=_points_key
    )
    total: int | None = attrs.field(default=None, converter=_total)
    status: Status | None = None
    last_year_total: int | None = attrs.field(default=None, converter=_last_year_total)


@attrs.frozen(kw_only=True)
class CountryReport:
    """One country's scores in one edition.

    Question-level data fills `scores` (with any adjustments, such as Freedom in the
    World's ``Add Q``, under their ids); headline-only data (legacy editions, or sources
    that give only totals) fills `categories` instead. A report may give both, in which
    case the category totals are checked against the questions.

    Attributes:
        country: Country or territory name (kept in Unicode NFC, without surrounding
            space: see `normal_name`).
        edition: Edition year, e.g. ``2021``.
        methodology: Id of the methodology the scores follow, e.g. ``"fotn-2019"``; by
            default the built-in Freedom on the Net one of the edition
            (`UnknownEditionError` if none covers it). Name ``"fiw-2013"`` for Freedom
            in the World.
        scores: Points per question id (and per adjustment id).
        categories: Category totals given directly, per category id.
        published: Figures as published, for comparison with computed ones.
        coverage: The period the edition covers, when known.
        score_changes: The report's Score Change notes.
        facts: The Country Facts box, when known.
        narrative: The report's text, when it was parsed from one.
        region: The region its index files it under (Freedom in the World: "Eurasia").
        territory: Whether it is a territory rather than a country (the ``C/T`` column
            of Freedom in the World's data).
    """

    country: str = attrs.field(converter=_name)
    edition: int = attrs.field(converter=_edition)
    methodology: str = attrs.field(default=attrs.Factory(_edition_methodology, takes_self=True))
    scores: Mapping[str, int] = attrs.field(
        factory=_empty_mapping, converter=_frozen_mapping, eq=_points_key
    )
    categories: Mapping[str, int] = attrs.field(
        factory=_empty_mapping, converter=_frozen_mapping, eq=_points_key
    )
    published: PublishedFigures = attrs.field(factory=PublishedFigures)
    coverage: CoveragePeriod | None = None
    score_changes: tuple[ScoreChange, ...] = ()
    facts: CountryFacts | None = None
    narrative: Narrative | None = None
    region: str | None = None
    territory: bool = False

    @property
    def key(self) -> tuple[str, int]:
        """``(country, edition)``: what identifies a report in a panel."""
        return (self.country, self.edition)
