"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

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


#: Freedom House's Freedom in the World workbook: its header, then real rows as published
#: (issue 15), in its column order (All_data_FIW_2013-2024.xlsx).
_FIW_TABLE = """\
Country/Territory,Region,C/T,Edition,Status,PR rating,CL rating,A1,A2,A3,A,B1,B2,B3,B4,B,C1,C2,C3,C,Add Q,Add A,PR,D1,D2,D3,D4,D,E1,E2,E3,E,F1,F2,F3,F4,F,G1,G2,G3,G4,G,CL,Total
Kazakhstan,Eurasia,c,2021,NF,7,5,0,0,1,1,1,0,1,1,3,0,1,0,1,0,N/A,5,0,1,2,1,4,1,1,0,2,1,1,1,1,4,2,2,2,2,8,18,23
Estonia,Europe,c,2024,F,1,1,4,4,4,12,4,4,4,3,15,4,3,4,11,0,N/A,38,4,4,4,4,16,4,4,4,12,4,4,3,3,14,4,4,4,3,15,57,95
China,Asia,c,2024,NF,7,6,0,0,0,0,0,0,0,0,0,0,1,0,1,3,N/A,-2,0,0,0,1,1,1,0,1,2,1,1,0,0,2,1,1,2,2,6,11,9
Syria,Middle East,c,2024,NF,7,7,0,0,0,0,0,0,0,0,0,0,0,0,0,3,N/A,-3,0,2,0,1,3,0,0,0,0,0,0,0,0,0,0,0,1,0,1,4,1
Brunei,Asia,c,2017,NF,6,5,0,0,0,0,1,0,1,1,3,0,2,1,3,0,1,7,1,1,2,2,6,1,1,1,3,1,2,2,1,6,2,2,1,2,7,22,29
Eastern Donbas,Eurasia,t,2024,NF,7,7,0,0,0,0,0,0,0,0,0,0,0,0,0,1,N/A,-1,0,1,0,0,1,0,0,0,0,0,0,0,0,0,0,0,2,1,3,4,3
Turkey,Europe,c,2024,NF,5,6,2,2,1,5,2,2,3,1,8,2,1,1,4,0,N/A,17,1,2,1,1,5,1,1,1,3,1,0,1,1,3,1,1,2,1,5,16,33
"""
FIW_HEADER, *FIW_ROWS = [line.split(",") for line in _FIW_TABLE.splitlines()]


def fiw_csv(rows: list[list[str]] | None = None) -> str:
    """The FIW rows (by default the real ones) as CSV text with Freedom House's header."""
    return "".join(",".join(r) + "\n" for r in [FIW_HEADER, *(FIW_ROWS if rows is None else rows)])


def fiw_record(row: list[str]) -> dict[str, Any]:
    """A FIW row in netfreedom's JSON form (``index`` names Freedom in the World)."""
    cells = dict(zip(FIW_HEADER, row, strict=True))
    number = {k: int(v) for k, v in cells.items() if v.lstrip("-").isdigit()}
    questions = [k for k in FIW_HEADER if len(k) == 2 and k[1].isdigit()]
    return {
        "country": cells["Country/Territory"],
        "edition": number["Edition"],
        "index": "fiw",
        "region": cells["Region"],
        **({"territory": True} if cells["C/T"] == "t" else {}),
        "scores": {k: number[k] for k in [*questions, "Add Q", "Add A"] if k in number},
        "categories": {k: number[k] for k in "ABCDEFG"},
        "published": {
            "groups": {"PR": number["PR"], "CL": number["CL"]},
            "ratings": {"PR": number["PR rating"], "CL": number["CL rating"]},
            "total": number["Total"],
            "status": cells["Status"],
        },
    }
