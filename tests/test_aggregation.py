from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from netfreedom import (
    CountryReport,
    Scale,
    ScoringError,
    Status,
    get_methodology,
    load_example,
    score,
    to_modern_scale,
)
from strategies import (
    LEGACY,
    MODERN,
    category_scores,
    headline_reports,
    question_level_reports,
    scorable_reports,
)

if TYPE_CHECKING:
    from random import Random

STATUS_RANK = {Status.NOT_FREE: 0, Status.PARTLY_FREE: 1, Status.FREE: 2}


def _legacy(a: int, b: int, c: int) -> CountryReport:
    return CountryReport(
        country="Kazakhstan",
        edition=2015,
        methodology="fotn-legacy",
        categories={"A": a, "B": b, "C": c},
    )


class TestExamples:
    def test_kazakhstan_2021(self) -> None:
        """The bundled 2021 report scores A 11/25, B 11/35, C 11/40, 33/100, Not Free."""
        card = score(load_example("kazakhstan-2021"))
        assert [(c.id, c.score, c.max) for c in card.categories] == [
            ("A", 11, 25),
            ("B", 11, 35),
            ("C", 11, 40),
        ]
        assert (card.total, card.max_total, card.status) == (33, 100, Status.NOT_FREE)
        assert Scale.HIGHER_IS_FREER is card.scale
        assert card.converted_from is None

    def test_legacy_headline(self) -> None:
        """Kazakhstan 2015 (14/23/24) is 61, Not Free, on the legacy scale."""
        card = score(_legacy(14, 23, 24))
        assert (card.total, card.status, card.scale) == (61, Status.NOT_FREE, Scale.LOWER_IS_FREER)

    def test_legacy_converted(self) -> None:
        """Converted, Kazakhstan 2015 is 11/12/16 = 39, Not Free."""
        card = to_modern_scale(score(_legacy(14, 23, 24)))
        assert [c.score for c in card.categories] == [11, 12, 16]
        assert (card.total, card.status) == (39, Status.NOT_FREE)
        assert (card.methodology, card.converted_from) == ("fotn-2019", "fotn-legacy")

    def test_legacy_boundary_2014(self) -> None:
        """Kazakhstan 2014, 15/23/22 = 60, is Partly Free; 2015's 61 is Not Free."""
        assert Status.PARTLY_FREE is score(_legacy(15, 23, 22)).status

    def test_modern_untouched(self) -> None:
        """Converting a modern scorecard returns it unchanged."""
        card = score(load_example("kazakhstan-2021"))
        assert card is to_modern_scale(card)


class TestRefusals:
    def test_missing_question(self) -> None:
        """A question-level report missing a question cannot be scored; the error names it."""
        report = load_example("kazakhstan-2021")
        scores = {q: p for q, p in report.scores.items() if q != "B4"}
        with pytest.raises(ScoringError, match="B4 missing"):
            score(attrs.evolve(report, scores=scores))

    def test_out_of_range(self) -> None:
        """Points above a question's maximum are refused."""
        report = load_example("kazakhstan-2021")
        with pytest.raises(ScoringError, match=r"A2=4 outside 0\.\.3"):
            score(attrs.evolve(report, scores={**report.scores, "A2": 4}))

    def test_questions_on_legacy(self) -> None:
        """Question scores under the category-level legacy methodology are refused."""
        report = attrs.evolve(
            load_example("kazakhstan-2021"), edition=2015, methodology="fotn-legacy"
        )
        with pytest.raises(ScoringError, match="category-level"):
            score(report)

    def test_methodology_of_another_edition(self) -> None:
        """A report naming a methodology that does not cover its edition is not scored on it."""
        report = attrs.evolve(_legacy(14, 23, 24), methodology="fotn-2019")
        with pytest.raises(
            ScoringError, match="names fotn-2019, which covers the editions 2019 onward"
        ):
            score(report)
        assert 61 == score(report, get_methodology("fotn-2019")).total  # an explicit choice

    def test_headline_missing_category(self) -> None:
        """A headline-only report needs every category."""
        report = attrs.evolve(_legacy(1, 2, 3), categories={"A": 1, "B": 2})
        with pytest.raises(ScoringError, match="category C missing"):
            score(report)


class TestProperties:
    @given(question_level_reports())
    def test_category_is_sum_of_questions(self, report: CountryReport) -> None:
        """Each category is the sum of its questions' points."""
        card = score(report)
        for category in card.categories:
            expected = sum(p for q, p in report.scores.items() if q.startswith(category.id))
            assert expected == category.score

    @given(scorable_reports)
    def test_total_is_sum_of_categories(self, report: CountryReport) -> None:
        """The total is the sum of the categories, and the status is the total's band."""
        card = score(report)
        assert sum(c.score for c in card.categories) == card.total
        assert card.status is (MODERN if report.scores else LEGACY).status_for(card.total)

    @given(scorable_reports)
    def test_within_bounds(self, report: CountryReport) -> None:
        """Every figure lies within 0 and its maximum."""
        card = score(report)
        assert all(0 <= c.score <= c.max for c in card.categories)
        assert 0 <= card.total <= card.max_total == 100

    @given(question_level_reports(), st.randoms())
    def test_order_independent(self, report: CountryReport, random: Random) -> None:
        """The order in which scores are given does not matter."""
        items = list(report.scores.items())
        random.shuffle(items)
        assert score(report) == score(attrs.evolve(report, scores=dict(items)))

    @given(headline_reports())
    def test_conversion_keeps_status(self, report: CountryReport) -> None:
        """Converting legacy figures keeps the status; each category is max - old."""
        legacy = score(report)
        modern = to_modern_scale(legacy)
        assert legacy.status is modern.status
        assert [c.max - c.score for c in legacy.categories] == [c.score for c in modern.categories]
        assert 100 - legacy.total == modern.total


class TestStatusBands:
    @pytest.mark.parametrize(
        ("total", "expected"),
        [(0, Status.NOT_FREE), (39, Status.NOT_FREE), (40, Status.PARTLY_FREE),
         (69, Status.PARTLY_FREE), (70, Status.FREE), (100, Status.FREE)],
    )  # fmt: skip
    def test_modern_boundaries(self, total: int, expected: Status) -> None:
        """Modern boundaries fall between 39/40 and 69/70."""
        assert expected is MODERN.status_for(total)

    @pytest.mark.parametrize(
        ("total", "expected"),
        [(0, Status.FREE), (30, Status.FREE), (31, Status.PARTLY_FREE),
         (60, Status.PARTLY_FREE), (61, Status.NOT_FREE), (100, Status.NOT_FREE)],
    )  # fmt: skip
    def test_legacy_boundaries(self, total: int, expected: Status) -> None:
        """Legacy boundaries fall between 30/31 and 60/61."""
        assert expected is LEGACY.status_for(total)

    @given(st.integers(0, 100), st.integers(0, 100))
    def test_monotone(self, low: int, high: int) -> None:
        """A higher modern total is never less free; a higher legacy total never freer."""
        low, high = min(low, high), max(low, high)
        assert STATUS_RANK[MODERN.status_for(low)] <= STATUS_RANK[MODERN.status_for(high)]
        assert STATUS_RANK[LEGACY.status_for(low)] >= STATUS_RANK[LEGACY.status_for(high)]

    @pytest.mark.parametrize("total", [-1, 101])
    def test_out_of_range(self, total: int) -> None:
        """A total outside 0..100 has no status."""
        with pytest.raises(ValueError, match=r"outside 0\.\.100"):
            MODERN.status_for(total)

    @given(category_scores())
    def test_converted_bands_map(self, categories: dict[str, int]) -> None:
        """The legacy bands map onto the modern ones exactly (30 <-> 70, 60 <-> 40)."""
        total = sum(categories.values())
        assert LEGACY.status_for(total) is MODERN.status_for(100 - total)


class TestApi:
    def test_methodology_defaults_to_the_editions(self) -> None:
        """A report made without a methodology takes its edition's built-in one."""
        legacy = CountryReport(country="K", edition=2015, categories={"A": 14, "B": 23, "C": 24})
        modern = CountryReport(country="K", edition=2021, categories={"A": 11, "B": 11, "C": 11})
        assert ("fotn-legacy", 61, "fotn-2019", 33) == (
            legacy.methodology, score(legacy).total, modern.methodology, score(modern).total
        )  # fmt: skip

    def test_a_dict_is_no_report(self) -> None:
        """score() of a dict says what it takes, not an AttributeError."""
        with pytest.raises(TypeError, match="score\\(\\) takes a CountryReport, not a dict"):
            score({"country": "K", "edition": 2021})  # type: ignore[arg-type]
