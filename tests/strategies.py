"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from netfreedom import (
    ChangeDirection,
    CountryFacts,
    CountryReport,
    CoveragePeriod,
    LineKind,
    Methodology,
    Narrative,
    PublishedFigures,
    ScoreChange,
    ScoreNotation,
    Section,
    Status,
    TextLine,
    get_methodology,
)

#: Kazakhstan's published headline figures, 2014-2016 (legacy) and 2019-2024, as CSV.
KAZAKHSTAN_HEADLINES = "country,edition,A,B,C\n" + "".join(
    f"Kazakhstan,{e},{a},{b},{c}\n"
    for e, a, b, c in [(2014, 15, 23, 22), (2015, 14, 23, 24), (2016, 14, 23, 26),
                       (2019, 10, 11, 11), (2020, 10, 11, 11), (2021, 11, 11, 11),
                       (2022, 10, 11, 11), (2023, 12, 12, 10), (2024, 12, 12, 10)]
)  # fmt: skip

MODERN = get_methodology("fotn-2019")
LEGACY = get_methodology("fotn-legacy")

countries = st.text(
    st.characters(codec="utf-8", categories=["L", "Zs", "Pd"]), min_size=1, max_size=30
).filter(str.strip)
modern_editions = st.integers(min_value=2019, max_value=2026)
legacy_editions = st.integers(min_value=2011, max_value=2018)
statuses = st.sampled_from(list(Status))


def question_scores(methodology: Methodology = MODERN) -> st.SearchStrategy[dict[str, int]]:
    """Valid points for every question of a methodology."""
    return st.fixed_dictionaries(
        {q.id: st.integers(min_value=q.min, max_value=q.max) for q in methodology.questions}
    )


def category_scores(methodology: Methodology = LEGACY) -> st.SearchStrategy[dict[str, int]]:
    """Valid points for every category of a methodology."""
    return st.fixed_dictionaries(
        {c.id: st.integers(min_value=c.min, max_value=c.max) for c in methodology.categories}
    )


@st.composite
def question_level_reports(draw: st.DrawFn) -> CountryReport:
    """A valid, question-level report under ``fotn-2019``."""
    return CountryReport(
        country=draw(countries),
        edition=draw(modern_editions),
        methodology=MODERN.id,
        scores=draw(question_scores()),
    )


@st.composite
def headline_reports(draw: st.DrawFn) -> CountryReport:
    """A valid, headline-only report under ``fotn-legacy``."""
    return CountryReport(
        country=draw(countries),
        edition=draw(legacy_editions),
        methodology=LEGACY.id,
        categories=draw(category_scores()),
    )


scorable_reports = st.one_of(question_level_reports(), headline_reports())

small_points = st.integers(min_value=0, max_value=100)
score_changes = st.builds(
    ScoreChange,
    question=st.sampled_from([q.id for q in MODERN.questions]),
    previous=small_points,
    current=small_points,
    direction=st.sampled_from(list(ChangeDirection)),
    text=st.text(max_size=40),
)
coverage_periods = st.builds(
    CoveragePeriod,
    start=st.dates(min_value=dt.date(2000, 1, 1)),
    end=st.dates(min_value=dt.date(2000, 1, 1)),
)
facts = st.builds(
    CountryFacts,
    global_freedom_score=st.none() | small_points,
    internet_freedom_score=st.none() | small_points,
    internet_freedom_status=st.none() | statuses,
    freedom_in_the_world_status=st.none() | statuses,
    networks_restricted=st.none() | st.booleans(),
    websites_blocked=st.none() | st.booleans(),
    pro_government_commentators=st.none() | st.booleans(),
    users_arrested=st.none() | st.booleans(),
)
published = st.builds(
    PublishedFigures,
    categories=st.dictionaries(st.sampled_from("ABC"), small_points),
    total=st.none() | small_points,
    status=st.none() | statuses,
    last_year_total=st.none() | small_points,
)


@st.composite
def full_reports(draw: st.DrawFn) -> CountryReport:
    """A report with every optional part drawn (not necessarily consistent)."""
    base = draw(scorable_reports)
    return CountryReport(
        country=base.country,
        edition=base.edition,
        methodology=base.methodology,
        scores=base.scores,
        categories=base.categories,
        published=draw(published),
        coverage=draw(st.none() | coverage_periods),
        score_changes=tuple(draw(st.lists(score_changes, max_size=3))),
        facts=draw(st.none() | facts),
    )


_prose = st.text(
    st.characters(
        codec="utf-8", categories=["L", "N", "Zs"], include_characters=".,;:()'\u2019\u201c\u201d?"
    ),
    min_size=1,
    max_size=60,
).filter(lambda t: t[0].isalpha() and t.strip() == t)
_prose = _prose.filter(
    lambda t: t.casefold() != "country facts" and not t.startswith("Score Change")
)


@st.composite
def _text_lines(draw: st.DrawFn, *, in_section: bool) -> tuple[TextLine, ...]:
    kinds = [LineKind.PARAGRAPH, LineKind.BULLET, LineKind.BLANK]
    lines: list[TextLine] = []
    footnote = 0
    for kind in draw(
        st.lists(st.sampled_from(kinds + ([LineKind.FOOTNOTE] if in_section else [])), max_size=5)
    ):
        if kind is LineKind.BLANK:
            lines.append(TextLine(kind=kind))
        elif kind is LineKind.FOOTNOTE:
            footnote += 1
            lines.append(TextLine(kind=kind, text=draw(_prose), number=footnote))
        else:
            lines.append(TextLine(kind=kind, text=draw(_prose)))
    return tuple(lines)


def _printable_facts(box: CountryFacts) -> bool:
    """The box prints the internet freedom status only beside its score."""
    return box.internet_freedom_status is None or box.internet_freedom_score is not None


@st.composite
def reports_with_narrative(draw: st.DrawFn) -> CountryReport:
    """A question-level report with the text a parsed one has; rendering it and parsing back is lossless."""
    base = draw(question_level_reports())
    sections = tuple(
        Section(question=q.id, heading=q.text, lines=draw(_text_lines(in_section=True)))
        for q in MODERN.questions
    )
    notes = draw(
        st.lists(st.sampled_from([q.id for q in MODERN.questions]), unique=True, max_size=3)
    )
    changes = tuple(
        ScoreChange(
            question=q,
            previous=p,
            current=base.scores[q],
            direction=d,
            text=f"The score {d.value} from {p} to {base.scores[q]}.",
        )
        for q in notes
        for p in [draw(st.integers(0, 6))]
        for d in [draw(st.sampled_from(list(ChangeDirection)))]
    )
    published_categories = draw(st.dictionaries(st.sampled_from("ABC"), st.integers(0, 25)))
    box = draw(st.none() | facts.filter(_printable_facts))
    return CountryReport(
        country=draw(_prose),
        edition=base.edition,
        methodology=base.methodology,
        scores=base.scores,
        published=PublishedFigures(
            categories={
                c.id: published_categories[c.id]
                for c in MODERN.categories
                if c.id in published_categories
            }
        ),
        score_changes=tuple(
            sorted(changes, key=lambda n: [q.id for q in MODERN.questions].index(n.question))
        ),
        facts=box,
        narrative=Narrative(
            overview=draw(_text_lines(in_section=False)),
            sections=sections,
            notation=draw(st.sampled_from(list(ScoreNotation))),
            # without the facts box the text may end in blank lines: then it must end in "\n"
            final_newline=box is None or draw(st.booleans()),
        ),
    )
