from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from cattrs import ClassValidationError
from hypothesis import given
from hypothesis import strategies as st

from netfreedom import CountryReport, Scorecard, get_converter, load_example, make_converter, score
from netfreedom.converter import csv_row_to_record
from netfreedom.reports import NotWholeNumberError, PublishedFigures, ScoreChange, whole_number
from strategies import coverage_periods, facts, full_reports, published, score_changes


class TestRoundTrip:
    @given(full_reports())
    def test_report(self, report: CountryReport) -> None:
        """Every report survives unstructure -> structure unchanged."""
        converter = get_converter()
        assert report == converter.structure(converter.unstructure(report), CountryReport)

    @given(st.one_of(score_changes, coverage_periods, facts, published))
    def test_parts(self, part: Any) -> None:
        """Every model part survives unstructure -> structure unchanged."""
        converter = get_converter()
        assert part == converter.structure(converter.unstructure(part), type(part))


class TestWireRules:
    def test_minimal_form(self) -> None:
        """Defaults are omitted on output."""
        report = CountryReport(country="X", edition=2015, methodology="fotn-legacy")
        assert (get_converter().unstructure(report)) == {
            "country": "X",
            "edition": 2015,
            "methodology": "fotn-legacy",
        }

    def test_null_is_not_given(self) -> None:
        """A field with a default given as null is not given; a required one stays an error."""
        structure = get_converter().structure
        data: dict[str, Any] = {"country": "X", "edition": 2015, "methodology": "fotn-legacy"}
        nulls = dict.fromkeys(["scores", "categories", "published", "coverage", "facts"])
        assert structure(data | nulls, CountryReport) == structure(data, CountryReport)
        assert structure({"total": None, "categories": None}, PublishedFigures) == (
            PublishedFigures()
        )
        note = {"question": "A3", "from": 1, "to": 2, "direction": "improved", "text": None}
        assert structure(note, ScoreChange).text == ""
        with pytest.raises(ClassValidationError):
            structure(note | {"from": None}, ScoreChange)
        with pytest.raises(ClassValidationError):
            structure(data | {"country": None}, CountryReport)

    def test_score_change_keys(self) -> None:
        """A Score Change note is written with from/to."""
        note = load_example("kazakhstan-2021").score_changes[0]
        assert (get_converter().unstructure(note)) == {
            "question": "A3",
            "from": 1,
            "to": 2,
            "direction": "improved",
        }

    def test_dates_and_status(self) -> None:
        """Dates are ISO strings; statuses their printed names."""
        data = get_converter().unstructure(load_example("kazakhstan-2021"))
        assert data["coverage"] == {"start": "2020-06-01", "end": "2021-05-31"}
        assert data["facts"]["internet_freedom_status"] == "Not Free"
        example = load_example("kazakhstan-2021")
        assert example.coverage is not None
        assert dt.date(2020, 6, 1) == example.coverage.start

    def test_scorecard(self) -> None:
        """A scorecard's JSON has categories keyed by id with score and max."""
        data = get_converter().unstructure(score(load_example("kazakhstan-2021")))
        assert data == {
            "country": "Kazakhstan",
            "edition": 2021,
            "methodology": "fotn-2019",
            "scale": "higher-is-freer",
            "categories": {
                "A": {"score": 11, "max": 25},
                "B": {"score": 11, "max": 35},
                "C": {"score": 11, "max": 40},
            },
            "total": 33,
            "max_total": 100,
            "status": "Not Free",
        }
        assert isinstance(score(load_example("kazakhstan-2021")), Scorecard)

    def test_own_converter(self) -> None:
        """make_converter returns a fresh converter with the same rules."""
        converter = make_converter()
        assert converter is not get_converter()
        report = load_example("kazakhstan-2021")
        assert converter.unstructure(report) == get_converter().unstructure(report)


class TestWholeNumber:
    @pytest.mark.parametrize(("value", "expected"), [(5, 5), (5.0, 5), (-2, -2), (0.0, 0)])
    def test_accepts(self, value: object, expected: int) -> None:
        """Ints and integral floats are whole numbers."""
        assert expected == whole_number(value)

    @pytest.mark.parametrize("value", [True, False, 2.5, math.nan, math.inf, "5", None, [5]])
    def test_refuses(self, value: object) -> None:
        """Booleans, fractions, NaN, infinities, strings and the rest are not."""
        with pytest.raises(NotWholeNumberError):
            whole_number(value)


class TestCsvRow:
    def test_columns(self) -> None:
        """Fixed columns, category columns and question columns go to their places."""
        row = {"country": " KZ ", "edition": "2021", "A1": "5", "A": "11", "total": "33",
               "status": "Not Free", "last_year_total": "", "B1": "2.5", "C1": "x"}  # fmt: skip
        assert csv_row_to_record(row, frozenset("ABC")) == {
            "country": "KZ",
            "edition": 2021,
            "scores": {"A1": 5, "B1": 2.5, "C1": "x"},
            "categories": {"A": 11},
            "published": {"total": 33, "status": "Not Free"},
        }


class TestPointsInTheAPI:
    @pytest.mark.parametrize("value", [True, 3.5, None, "3", math.inf])
    def test_not_points(self, value: Any) -> None:
        """A report refuses a score or total that is not a whole number, naming it."""
        scores = dict(load_example("kazakhstan-2021").scores) | {"A1": value}
        with pytest.raises(NotWholeNumberError, match=r"^A1 is .*, not a whole number of points$"):
            CountryReport(country="K", edition=2021, scores=scores)
        with pytest.raises(NotWholeNumberError, match=r"^B is "):
            CountryReport(country="K", edition=2015, categories={"A": 1, "B": value, "C": 1})

    def test_whole_floats_become_ints(self) -> None:
        """3.0 is read as the int 3, in scores, edition and published totals alike."""
        given: dict[str, Any] = {"edition": 2015.0, "categories": {"A": 3.0}}
        report = CountryReport(country="K", published=PublishedFigures(total=60.0), **given)
        values = [report.edition, report.categories["A"], report.published.total]
        assert [(v, type(v)) for v in values] == [(2015, int), (3, int), (60, int)]


def test_api_edges() -> None:
    """Errors name the field; a number too long to print is described; nf lists its names."""
    import netfreedom as nf  # noqa: PLC0415 - the package face

    given: dict[str, Any] = {"edition": "2021"}
    with pytest.raises(
        NotWholeNumberError, match=r'^edition: expected a whole number, got "2021"$'
    ):
        CountryReport(country="K", **given)
    huge = CountryReport(country="K", edition=2015, categories={"A": 10**5000, "B": 1, "C": 1})
    with pytest.raises(nf.ScoringError, match="category A=a number of about 5001 digits outside"):
        score(huge)
    assert dir(nf) == sorted(nf.__all__)
