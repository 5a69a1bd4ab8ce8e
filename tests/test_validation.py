from __future__ import annotations

import copy
import json
import pickle
import re
import unicodedata
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netfreedom import (
    CATALOGUE,
    CountryReport,
    ExpectationError,
    Expected,
    NetfreedomError,
    Severity,
    Status,
    ValidationError,
    ValidationReport,
    dumps,
    get_methodology,
    load_example,
    loads,
    score,
    validate,
)
from netfreedom.cli import main
from netfreedom.findings import Finding, Location, PendingFindings, _order
from strategies import FIW_ROWS, MODERN, fiw_record, question_level_reports

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path
    from random import Random

KZ = dict(load_example("kazakhstan-2021").scores)

#: Findings of two errors and an info, anywhere: reports of one finding or several.
ANY_FINDINGS = st.builds(
    Finding.of,
    st.sampled_from(["score-out-of-range", "published-figures-agree", "no-scores"]),
    st.builds(
        Location,
        source=st.sampled_from([None, "a.json", "b.csv"]),
        country=st.sampled_from([None, "K", "Kenya", "Laos"]),
        edition=st.sampled_from([None, 2019, 2020]),
        line=st.sampled_from([None, 2, 10]),
        path=st.sampled_from([None, "$[2].scores.A2", "$[10].scores.A10", "$[2].published"]),
        question=st.sampled_from([None, "A2", "A10"]),
    ),
    st.sampled_from(["m", "n"]),
)

#: The figures an expectation may name: the built-in methodologies' categories and groups.
NAMES = "A, B, C, D, E, F, G, PR, PR rating, CL, CL rating"


def base(**changes: Any) -> dict[str, Any]:
    """A valid question-level record (Kazakhstan 2021's scores), with changes."""
    return {"country": "K", "edition": 2021, "scores": dict(KZ)} | changes


def headline(**changes: Any) -> dict[str, Any]:
    """A valid headline-only legacy record (Kazakhstan 2015), with changes."""
    return {"country": "K", "edition": 2015, "categories": {"A": 14, "B": 23, "C": 24}} | changes


def scores(**changes: Any) -> dict[str, Any]:
    return {k: v for k, v in (KZ | changes).items() if v is not None}


def check(
    data: object | str, expected: Expected | None = None, fmt: str = "json"
) -> ValidationReport:
    text = data if isinstance(data, str) else json.dumps(data)
    return loads(text, source="t", format=fmt).validate(expected=expected)


def located(report: ValidationReport) -> set[tuple[str, str]]:
    return {(f.code, str(f.location)) for f in report.findings}


#: For every code: data that triggers it, data that does not, and where it must be reported.
FIXTURES: dict[str, tuple[object, object, str]] = {
    "invalid-value": (base(facts={"users_arrested": "Yes"}), base(facts={"users_arrested": True}),
                      "t, K 2021, $.facts.users_arrested"),
    "unknown-field": (base(colour=1), base(), "t, K 2021, $"),
    "duplicate-key": (json.dumps(base()).replace('"country": "K"', '"country": "K", "country": "K"'),
                      base(), "t, K 2021, $.country"),
    "not-a-report": ([1], [base()], "t, $[0]"),
    "missing-country": (base(country=" "), base(), "t, 2021, $.country"),
    "missing-edition": ({"country": "K", "scores": KZ}, base(), "t, K, $"),
    "unknown-edition": (base(edition=2010), base(edition=2019), "t, K 2010, $.edition"),
    "unknown-methodology": (base(methodology="fotn-2030"), base(methodology="fotn-2019"),
                            "t, K 2021, $.methodology"),
    "methodology-edition-mismatch": (headline(methodology="fotn-2019"), headline(methodology="fotn-legacy"),
                                     "t, K 2015, $.methodology"),
    "no-scores": ({"country": "K", "edition": 2021}, base(), "t, K 2021, $"),
    "no-reports": ([], [base()], "t"),
    "control-characters": (base(country="K\u001b[2J"), base(country="K\u00e9\u200c"), "t, K\\x1b[2J 2021, $.country"),
    "invalid-json": (json.dumps(base()) + '\n{"a": ]}\n', json.dumps(base()) + "\n", "t:2:7"),
    "unknown-question": (base(scores=scores(Z9=1)), base(), "t, K 2021, Z9, $.scores.Z9"),
    "missing-question": (base(scores=scores(B4=None)), base(), "t, K 2021, B4, $.scores.B4"),
    "duplicate-question": (json.dumps(base()).replace('"A2": 2', '"A2": 2, "A2": 2'), base(),
                           "t, K 2021, A2, $.scores.A2"),
    "not-whole-number": (base(scores=scores(A2=1.5)), base(scores=scores(A2=2.0)),
                         "t, K 2021, A2, $.scores.A2"),
    "score-out-of-range": (base(scores=scores(A2=4)), base(scores=scores(A2=3)),
                           "t, K 2021, A2, $.scores.A2"),
    "question-scores-not-allowed": (headline(scores=KZ), headline(), "t, K 2015, $.scores"),
    "unknown-category": (headline(categories={"A": 14, "B": 23, "C": 24, "D": 1}), headline(),
                         "t, K 2015, category D, $.categories.D"),
    "missing-category": (headline(categories={"A": 14, "B": 23}), headline(),
                         "t, K 2015, category C, $.categories.C"),
    "category-out-of-range": (headline(categories={"A": 26, "B": 23, "C": 24}),
                              headline(categories={"A": 25, "B": 23, "C": 24}),
                              "t, K 2015, category A, $.categories.A"),
    "total-out-of-range": (base(published={"total": 101}), base(published={"total": 33}),
                           "t, K 2021, $.published.total"),
    "unknown-status": (base(published={"status": "nearly free"}), base(published={"status": "not free"}),
                       "t, K 2021, $.published.status"),
    "category-sum-mismatch": (base(categories={"A": 12}), base(categories={"A": 11}),
                              "t, K 2021, category A, $.categories.A"),
    "published-category-mismatch": (base(published={"categories": {"C": 10}}),
                                    base(published={"categories": {"C": 11}}),
                                    "t, K 2021, category C, $.published.categories.C"),
    "published-total-mismatch": (base(published={"total": 32}), base(published={"total": 33}),
                                 "t, K 2021, $.published.total"),
    "published-status-mismatch": (base(published={"status": "Partly Free"}),
                                  base(published={"status": "Not Free"}),
                                  "t, K 2021, $.published.status"),
    "published-status-band": (base(published={"total": 33, "status": "Free"}),
                              base(published={"total": 33, "status": "Not Free"}),
                              "t, K 2021, $.published.status"),
    "published-figures-agree": (base(published={"total": 33}), base(), "t, K 2021, $.published"),
    "facts-score-mismatch": (base(facts={"internet_freedom_score": 32}),
                             base(facts={"internet_freedom_score": 33}),
                             "t, K 2021, $.facts.internet_freedom_score"),
    "facts-status-mismatch": (base(facts={"internet_freedom_status": "Free"}),
                              base(facts={"internet_freedom_status": "Not Free"}),
                              "t, K 2021, $.facts.internet_freedom_status"),
    "duplicate-score-change": (
        base(score_changes=[{"question": "A3", "from": 1, "to": 2, "direction": "improved"}] * 2),
        base(score_changes=[{"question": "A3", "from": 1, "to": 2, "direction": "improved"}]),
        "t, K 2021, A3, $.score_changes[1]"),
    "score-change-mismatch": (
        base(score_changes=[{"question": "A3", "from": 1, "to": 3, "direction": "improved"}]),
        base(score_changes=[{"question": "A3", "from": 1, "to": 2, "direction": "improved"}]),
        "t, K 2021, A3, $.score_changes[0]"),
    "score-change-direction": (
        base(score_changes=[{"question": "A3", "from": 1, "to": 2, "direction": "declined"}]),
        base(score_changes=[{"question": "A3", "from": 1, "to": 2, "direction": "improved"}]),
        "t, K 2021, A3, $.score_changes[0]"),
    "duplicate-report": ([base(), base()], [base(), base(edition=2020)], "t, K 2021, $[1]"),
    "country-name-variants": ([base(), base(country="k", edition=2020)], [base(), base(edition=2020)],
                              "t, k 2020, $[1]"),
    "last-year-total-mismatch": (
        [base(edition=2020, scores=scores(A3=1)), base(published={"last_year_total": 31})],
        [base(edition=2020, scores=scores(A3=1)), base(published={"last_year_total": 32})],
        "t, K 2021, $[1].published.last_year_total"),
}  # fmt: skip

#: Freedom in the World's Kazakhstan 2021 row, as a record.
FIW_KZ = fiw_record(FIW_ROWS[0])


def fiw(**published: Any) -> dict[str, Any]:
    """Kazakhstan's FIW 2021 record with changed published figures."""
    return FIW_KZ | {"published": FIW_KZ["published"] | published}


def fiw_scores(**changes: Any) -> dict[str, Any]:
    return FIW_KZ | {"scores": FIW_KZ["scores"] | changes}


FIXTURES["adjustment-not-applicable"] = (
    fiw_scores(**{"Add A": 0}),
    FIW_KZ,
    "t, Kazakhstan 2021, Add A, $.scores.Add A",
)
FIXTURES["published-group-mismatch"] = (
    fiw(groups={"PR": 6, "CL": 18}),
    FIW_KZ,
    "t, Kazakhstan 2021, $.published.groups.PR",
)
FIXTURES["published-rating-mismatch"] = (
    fiw(ratings={"PR": 7, "CL": 4}),
    FIW_KZ,
    "t, Kazakhstan 2021, $.published.ratings.CL",
)

EXPECTATION = Expected(total=32)


def _check_fixture(data: object, code: str) -> ValidationReport:
    return check(data, EXPECTATION if code == "expectation-mismatch" else None)


FIXTURES["expectation-mismatch"] = (base(), base(), "t, K 2021, $")
FIXTURES["extra-column"] = (
    "Country, Edition ,Notes,a,b,c\nK,2015,Asia,1,2,3\n",
    "country,edition,A,B,C\nK,2015,1,2,3\n",
    "t:1:3",
)
#: Fixtures read as another format than JSON.
FORMATS = {"invalid-json": "jsonl", "extra-column": "csv"}


class TestCatalogue:
    def test_codes(self) -> None:
        """Codes are stable kebab-case; every kind has a title, description and severity."""
        for code, kind in CATALOGUE.items():
            assert re.fullmatch(r"[a-z]+(-[a-z]+)*", code)
            assert code == kind.code
            assert kind.title
            assert kind.description.endswith((".", ")"))

    def test_every_code_has_fixtures(self) -> None:
        """Every data code has a fixture pair here.

        Elsewhere: parse codes in test_parsing, delta codes in test_deltas, unreadable-source
        (several sources) in test_cli, sheet-skipped (workbooks) in test_workbooks, cross-index
        codes (a FOTN report against FIW data) in test_fiw.
        """
        elsewhere = {"unreadable-source", "sheet-skipped"}
        assert sorted(
            c
            for c, k in CATALOGUE.items()
            if k.group not in ("parse", "delta", "cross-index") and c not in elsewhere
        ) == sorted(FIXTURES)


class TestEveryCode:
    @pytest.mark.parametrize("code", sorted(FIXTURES))
    def test_fires(self, code: str) -> None:
        """The failing fixture reports the code at the expected location."""
        bad, _, where = FIXTURES[code]
        fmt = FORMATS.get(code, "json")
        if code == "expectation-mismatch":
            assert (code, where) in located(check(bad, Expected(total=32)))
        else:
            assert (code, where) in located(check(bad, fmt=fmt))

    @pytest.mark.parametrize("code", sorted(FIXTURES))
    def test_quiet(self, code: str) -> None:
        """The passing fixture does not report the code."""
        _, good, _ = FIXTURES[code]
        expected = Expected(total=33) if code == "expectation-mismatch" else None
        fmt = FORMATS.get(code, "json")
        assert code not in {c for c, _ in located(check(good, expected, fmt))}


class TestMustShow:
    def test_kazakhstan_facts(self) -> None:
        """The facts box's 32 disagrees with the computed 33; the header figures agree."""
        report = check(dumps(load_example("kazakhstan-2021")))
        assert report.valid
        assert [
            ("facts-score-mismatch", Severity.WARNING, 33, 32,
             "Country Facts internet freedom score: stated 32, computed 33 (off by +1)"),
            ("published-figures-agree", Severity.INFO, None, None,
             "published figures agree with the computed ones: A 11, B 11, C 11"),
        ] == [(f.code, f.severity, f.expected, f.actual, f.message) for f in report.findings]  # fmt: skip

    def test_quoted_figures(self) -> None:
        """The quoted 11/11/10 = 32: C expected 10, computed 11; total expected 32, computed 33."""
        expected = Expected.parse("A=11,B=11,C=10,total=32")
        report = check(dumps(load_example("kazakhstan-2021")), expected)
        mismatches = [
            (f.location.category, f.expected, f.actual, f.message)
            for f in report.findings
            if f.code == "expectation-mismatch"
        ]
        assert [
            ("C", 10, 11, "category C: expected 10, computed 11 (off by +1)"),
            (None, 32, 33, "total: expected 32, computed 33 (off by +1)"),
        ] == mismatches
        assert not report.valid

    def test_twenty_problems(self) -> None:
        """A dataset seeded with twenty different problems gets all twenty in one run."""
        seeded = [FIXTURES[code][0] for code in TWENTY]
        assert all(isinstance(record, dict) for record in seeded)
        report = check(seeded)
        assert set(TWENTY) <= set(report.counts_by_code)
        assert len(TWENTY) >= 20


TWENTY = [
    "invalid-value", "unknown-field", "missing-country", "unknown-edition", "unknown-methodology",
    "no-scores", "unknown-question", "missing-question", "not-whole-number", "score-out-of-range",
    "question-scores-not-allowed", "unknown-category", "missing-category", "category-out-of-range",
    "total-out-of-range", "unknown-status", "category-sum-mismatch", "published-category-mismatch",
    "published-total-mismatch", "published-status-mismatch", "published-status-band",
    "facts-score-mismatch", "score-change-mismatch", "score-change-direction",
]  # fmt: skip


class TestLastYear:
    def test_across_scale_break(self) -> None:
        """Last year's total is compared after converting a legacy previous edition."""
        data = [headline(edition=2018, categories={"A": 14, "B": 23, "C": 25}),
                base(edition=2019, published={"last_year_total": 38})]  # fmt: skip
        assert "last-year-total-mismatch" not in check(data).counts_by_code
        data[1]["published"]["last_year_total"] = 62
        (finding,) = [f for f in check(data).findings if f.code == "last-year-total-mismatch"]
        assert (38, 62) == (finding.expected, finding.actual)
        assert "converted from fotn-legacy" in finding.message


class TestReport:
    def test_status_at_odds_with_an_agreeing_total_said_once(self) -> None:
        """Published 33 (as computed) and Free: the band's finding alone; 34 and Free: both."""
        agreeing = check(base(published={"total": 33, "status": "Free"}))
        assert [f.code for f in agreeing.findings] == ["published-status-band"]
        differing = check(base(published={"total": 34, "status": "Free"}))
        assert sorted(f.code for f in differing.findings) == [
            "published-status-band", "published-status-mismatch", "published-total-mismatch",
        ]  # fmt: skip

    def test_misuse(self) -> None:
        """validate() of a name or of dicts is a TypeError that says what to do instead."""
        with pytest.raises(TypeError, match="not the text 'kazakhstan-2021': read a file"):
            validate("kazakhstan-2021")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"not a dict; read records with netfreedom\.loads"):
            validate([base()])  # type: ignore[list-item]
        with pytest.raises(TypeError, match=r"not a Dataset: a dataset or panel validates itself"):
            validate(loads(json.dumps(base())))  # type: ignore[arg-type]

    def test_value_errors_are_the_librarys(self) -> None:
        """A value the models refuse raises an error of the library, and of Python's kind."""
        with pytest.raises(NetfreedomError) as refused:
            CountryReport(country="K", edition=2021, scores={"A1": 2.5})  # type: ignore[dict-item]
        assert isinstance(refused.value, TypeError)

    def test_counts_and_rows(self) -> None:
        """Counts cover every severity; rows flatten findings for CSV."""
        report = check(
            [base(scores=scores(A2=9)), base(edition=2020, facts={"internet_freedom_score": 1})]
        )
        assert {"error": 1, "warning": 1, "info": 0} == report.counts_by_severity
        assert {"score-out-of-range": 1, "facts-score-mismatch": 1} == report.counts_by_code
        (row,) = [r for r in report.rows() if r["code"] == "score-out-of-range"]
        assert ("score-out-of-range", "error", "A2", "$[0].scores.A2", 3, 9) == (
            row["code"], row["severity"], row["question"], row["path"], row["expected"], row["actual"]
        )  # fmt: skip

    def test_raise_for_errors(self) -> None:
        """raise_for_errors raises with the errors only, and not when there are none."""
        check(base()).raise_for_errors()
        with pytest.raises(ValidationError) as error:
            check(
                [base(scores=scores(A2=9)), base(edition=2020, facts={"internet_freedom_score": 1})]
            ).raise_for_errors()
        assert ["score-out-of-range"] == [f.code for f in error.value.findings]

    def test_deterministic_order(self) -> None:
        """Findings come in source, report, position and question order, whatever the rule order."""
        report = check([base(scores=scores(A2=9, A10=1, A1=9)), base(country="")])
        assert ["$[1].country", "$[0].scores.A1", "$[0].scores.A2", "$[0].scores.A10"] == [
            f.location.path for f in report.findings
        ]

    @given(st.lists(ANY_FINDINGS, max_size=30), st.randoms())
    def test_order_of_any_findings(self, findings: list[Finding], rng: Random) -> None:
        """Any findings, in any order, come out in the one documented order (`_order`'s),
        whether a report has one finding or several."""
        expected = tuple(sorted(findings, key=_order))
        rng.shuffle(findings)
        assert ValidationReport(findings).findings == expected

    @given(
        st.lists(ANY_FINDINGS, max_size=30),
        st.sampled_from(["published-figures-agree", "score-out-of-range"]),
        st.integers(0, 4),
    )
    def test_pending_findings(self, findings: list[Finding], code: str, shown: int) -> None:
        """Findings of a code held pending answer as if given: in order, counted, and listed
        (the first infos of each code) making only those that may be listed."""
        pending = [f for f in findings if f.code == code]
        asked: list[int] = []

        def make(positions: Sequence[int]) -> list[Finding]:
            asked.extend(positions)
            return [pending[n] for n in positions]

        places = [(f.location.source or "", f.location.country or "", f.location.edition or 0)
                  for f in pending]  # fmt: skip
        held = ValidationReport(
            [f for f in findings if f.code != code],
            7,
            pending=(PendingFindings(code, places, make),),
        )
        given = ValidationReport(findings, 7)
        assert (held.counts_by_code, held.counts_by_severity, held.valid) == (
            given.counts_by_code,
            given.counts_by_severity,
            given.valid,
        )
        listed, left_out = held.listed(shown)
        if code == "published-figures-agree":  # an info: its first places only are made
            last = sorted(places)[shown - 1] if 0 < shown < len(places) else None
            made = [n for n, p in enumerate(places) if shown and (last is None or p <= last)]
            assert sorted(asked) == made
        expected_left_out: dict[str, int] = {}
        for kind, count in given.counts_by_code.items():
            if CATALOGUE[kind].severity is Severity.INFO and count > shown:
                expected_left_out[kind] = count - shown
        seen: dict[str, int] = {}
        expected = []
        for finding in given.findings:
            if finding.severity is Severity.INFO:
                seen[finding.code] = seen.get(finding.code, 0) + 1
                if seen[finding.code] > shown:
                    continue
            expected.append(finding)
        assert (listed, left_out) == (tuple(expected), expected_left_out)
        assert held.at_or_above(Severity.WARNING) == given.at_or_above(Severity.WARNING)
        assert (held, hash(held), repr(held)) == (given, hash(given), repr(given))
        assert pickle.loads(pickle.dumps(held)) == copy.deepcopy(held) == given  # noqa: S301
        with pytest.raises(ValueError, match="infos_per_code must be 0 or more"):
            held.listed(-1)

    def test_order_independent_of_input_order(self) -> None:
        """Reordering the reports of a dataset, or the keys of a report, keeps the order of findings."""
        items = [
            base(scores=scores(A2=9)),
            base(country="Q", edition=2020, facts={"internet_freedom_score": 1}),
        ]
        forward = [(f.code, f.location.country) for f in check(items).findings]
        backward = [(f.code, f.location.country) for f in check(items[::-1]).findings]
        shuffled = [dict(reversed(list(i.items()))) for i in items]
        assert (
            forward == backward == [(f.code, f.location.country) for f in check(shuffled).findings]
        )

    def test_api_without_locations(self) -> None:
        """validate() takes plain reports and locates findings by country and edition."""
        report = load_example("kazakhstan-2021")
        result = validate([report], expected=Expected(status=Status.PARTLY_FREE))
        assert [("Kazakhstan 2021", "expectation-mismatch")] == [
            (str(f.location), f.code) for f in result.findings if f.severity is Severity.ERROR
        ]

    def test_unknown_methodology_other_findings(self) -> None:
        """A report naming an unknown methodology still gets the findings that need none."""
        report = CountryReport(country=" ", edition=2021, methodology="nope")
        codes = sorted(f.code for f in validate([report]).findings)
        assert codes == ["missing-country", "no-scores", "unknown-methodology"]


class TestExpected:
    @pytest.mark.parametrize(
        ("text", "message"),
        [("Z=3", f"Z is not a category or group ({NAMES}), total or status"),
         ("A1=5", f"A1 is a question; expect categories or groups ({NAMES}), total, status"),
         ("total=999", "total=999 is outside -4..104, what any methodology allows"),
         ("A=30", "A=30 is outside 0..25, what any methodology allows"),
         ("PR=45", "PR=45 is outside -4..44, what any methodology allows"),
         ("PR rating=8", "PR rating=8 is outside 1..7, what any methodology allows"),
         ("A=11,a=12", "A is given twice")],
    )  # fmt: skip
    def test_impossible_refused(self, text: str, message: str) -> None:
        """validate() refuses expected figures no report could have: misuse, not data."""
        with pytest.raises(ExpectationError, match=f"^{re.escape(message)}$"):
            validate([load_example("kazakhstan-2021")], expected=Expected.parse(text))

    def test_outside_the_reports_methodology(self) -> None:
        """An expected total no report of the methodology could have is out of range."""
        report = validate([load_example("kazakhstan-2021")], expected=Expected.parse("total=101"))
        assert [(f.code, f.message) for f in report.findings if f.severity.rank == 2] == [
            ("total-out-of-range", "expected total 101 lies outside fotn-2019's 0..100")
        ]
        report = validate([load_example("kazakhstan-2021")], expected=Expected.parse("PR=30"))
        assert [f.code for f in report.findings if f.severity.rank == 2] == ["unknown-category"]
        with pytest.raises(ExpectationError, match=r"^total=101 is outside fotn-2019's 0\.\.100$"):
            validate(
                [], expected=Expected.parse("total=101"), methodology=get_methodology("fotn-2019")
            )

    def test_parse(self) -> None:
        """Expected figures parse from the command-line form."""
        expected = Expected.parse("A=11, B=11,C=10,total=32,status=not free")
        assert ({"A": 11, "B": 11, "C": 10}, 32, Status.NOT_FREE) == (
            dict(expected.categories),
            expected.total,
            expected.status,
        )

    @pytest.mark.parametrize("text", ["A", "A=", "=3", "A=x", "status=meh", "total=3.5"])
    def test_parse_errors(self, text: str) -> None:
        """Malformed expectations are ValueErrors."""
        with pytest.raises(ValueError, match="expected"):
            Expected.parse(text)


def _other(value: int, maximum: int, delta: int) -> int:
    """A value in 0..maximum that differs from ``value``."""
    moved = (value + delta) % (maximum + 1)
    return moved if moved != value else (value + 1) % (maximum + 1)


def _break(data: dict[str, Any], how: str, question: str, delta: int) -> tuple[str, str]:  # noqa: PLR0911 - one return per way of breaking
    """Break a valid record in one way; return the code and location that must fire."""
    points = data["scores"]
    report = f"{unicodedata.normalize('NFC', data['country'].strip())} {data['edition']}"
    at_q = f"t, {report}, {question}, $.scores.{question}"
    at = f"t, {report}, $"
    total = sum(points.values())
    if how == "remove":
        del points[question]
        return "missing-question", at_q
    if how == "above":
        points[question] = MODERN.question(question).max + delta
        return "score-out-of-range", at_q
    if how == "below":
        points[question] = -delta
        return "score-out-of-range", at_q
    if how == "fraction":
        points[question] += 0.5
        return "not-whole-number", at_q
    if how == "text":
        points[question] = str(points[question])
        return "not-whole-number", at_q
    if how == "unknown":
        points[f"D{delta}"] = 1
        return (
            "unknown-question",
            f"t, {report}, D{delta}, $.scores.D{delta}",
        )
    if how == "field":
        data["remark"] = "x"
        return "unknown-field", at
    if how == "published":
        data["published"] = {"total": _other(total, 100, delta)}
        return "published-total-mismatch", at + ".published.total"
    if how == "facts":
        data["facts"] = {"internet_freedom_score": total + delta}
        return "facts-score-mismatch", at + ".facts.internet_freedom_score"
    category = question[0]
    summed = sum(p for q, p in points.items() if q[0] == category)
    data["categories"] = {category: _other(summed, MODERN.category(category).max, delta)}
    return (
        "category-sum-mismatch",
        f"t, {report}, category {category}, $.categories.{category}",
    )


class TestProperties:
    @given(
        question_level_reports(),
        st.sampled_from(["remove", "above", "below", "fraction", "text", "unknown", "field",
                         "published", "facts", "categories"]),
        st.sampled_from([q.id for q in MODERN.questions]),
        st.integers(min_value=1, max_value=50),
    )  # fmt: skip
    def test_one_breakage_one_finding(
        self, report: CountryReport, how: str, question: str, delta: int
    ) -> None:
        """Breaking a valid report in one way reports exactly that problem, where it is."""
        data = json.loads(dumps(report))
        assert [] == [f for f in check(data).findings if f.severity is not Severity.INFO]
        expected = _break(data, how, question, delta)
        problems = [f for f in check(data).findings if f.severity is not Severity.INFO]
        assert [expected] == [(f.code, str(f.location)) for f in problems]

    @given(st.lists(question_level_reports(), max_size=5))
    def test_valid_reports_pass(self, reports: list[CountryReport]) -> None:
        """Valid reports with distinct keys, their names spelled one way, give no warning or
        error."""
        spelled: dict[str, str] = {}  # a name by how it reads (see country-name-variants)
        for report in reports:
            spelled.setdefault(_reads(report.country), report.country)
        one_way = [r for r in reports if spelled[_reads(r.country)] == r.country]
        unique = list({r.key: r for r in one_way}.values())
        result = validate(unique)
        assert result.valid
        assert () == result.at_or_above(Severity.WARNING)
        assert all(score(r).total >= 0 for r in unique)


def _reads(name: str) -> str:
    """How a name reads, as the catalogue says variants share it: no case, accents, spacing
    or typeset apostrophes and hyphens."""
    name = unicodedata.normalize("NFD", name.casefold())
    plain = "".join(c for c in name if not unicodedata.combining(c))
    for typeset, typed in (("\u2019", "'"), ("\u2018", "'"), ("\u02bc", "'"), ("\u2010", "-"),
                           ("\u2011", "-"), ("\u2013", "-")):  # fmt: skip
        plain = plain.replace(typeset, typed)
    return " ".join(plain.split())


class TestMethodologyForEdition:
    def test_must_show(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A 2015 record labelled fotn-2019 is an error at that record, naming fotn-legacy."""
        path = tmp_path / "b1.csv"
        path.write_text("country,edition,methodology,A,B,C\nKazakhstan,2015,fotn-2019,14,23,24\n"
                        "Kazakhstan,2019,,10,11,11\n", encoding="utf-8")  # fmt: skip
        assert 1 == main(["validate", str(path), "--format", "json"])
        (finding,) = json.loads(capsys.readouterr().out)["findings"]
        assert ("methodology-edition-mismatch", "error", 2, "fotn-legacy", "fotn-2019") == (
            finding["code"], finding["severity"], finding["location"]["line"],
            finding["expected"], finding["actual"],
        )  # fmt: skip
        assert "fotn-2019 covers the editions 2019 onward, not 2015" in finding["message"]

    def test_modern_edition_labelled_legacy(self) -> None:
        """A 2021 record labelled fotn-legacy is an error too, in the API as on the command line."""
        record = {"country": "K", "edition": 2021, "methodology": "fotn-legacy",
                  "categories": {"A": 11, "B": 11, "C": 11}}  # fmt: skip
        report = check(record)
        assert [("methodology-edition-mismatch", "fotn-2019")] == [
            (f.code, f.expected) for f in report.findings if f.severity.value == "error"
        ]

    def test_override_allowed(self) -> None:
        """A methodology given by the caller is an explicit choice, not checked against the edition."""
        report = CountryReport(country="K", edition=2015, methodology="fotn-2019", scores=dict(KZ))
        assert "methodology-edition-mismatch" in {f.code for f in validate([report]).findings}
        chosen = validate([report], methodology=get_methodology("fotn-2019"))
        assert "methodology-edition-mismatch" not in {f.code for f in chosen.findings}


class TestCountryNames:
    def test_normalised(self) -> None:
        """Names are matched after Unicode NFC and without surrounding space."""
        decomposed = "Tu\u0308rkiye"  # combining diaeresis
        records = [base(country=decomposed, edition=2020), base(country="T\u00fcrkiye "),
                   base(country=" Kazakhstan", edition=2020), base(country="Kazakhstan\t")]  # fmt: skip
        dataset = loads(json.dumps(records))
        assert ["T\u00fcrkiye", "Kazakhstan"] == sorted(
            {r.country for r in dataset.reports}, reverse=True
        )
        assert 2 == len(dataset.panel().deltas().deltas)
        assert [] == [f for f in dataset.validate().findings if f.severity.value != "info"]

    def test_variants_warned(self) -> None:
        """Names that differ only in case or inner spacing are a warning, not silently two countries."""
        records = [base(country="Kazakhstan"), base(country="kazakhstan", edition=2020),
                   base(country="Kaza  khstan", edition=2019)]  # fmt: skip
        findings = [
            f
            for f in loads(json.dumps(records)).validate().findings
            if f.code == "country-name-variants"
        ]
        assert [("kazakhstan", "Kazakhstan")] == [(f.actual, f.expected) for f in findings]

    def test_accents_warned(self) -> None:
        """Côte and Cote: a variant, not silently two countries."""
        records = [base(country="C\u00f4te d'Ivoire"), base(country="Cote d'Ivoire", edition=2020)]
        found = [f for f in loads(json.dumps(records)).validate().findings if f.severity.rank == 1]
        assert [(f.code, f.actual) for f in found] == [("country-name-variants", "Cote d'Ivoire")]

    def test_typeset_apostrophes_warned(self) -> None:
        """A web copy's typeset apostrophe against a typed one is a variant, not two countries."""
        records = [
            base(country="C\u00f4te d'Ivoire"),
            base(country="C\u00f4te d\u2019Ivoire", edition=2020),
        ]
        found = [f for f in loads(json.dumps(records)).validate().findings if f.severity.rank == 1]
        assert [(f.code, f.actual) for f in found] == [
            ("country-name-variants", "C\u00f4te d\u2019Ivoire")
        ]


def test_reordering_characters_flagged() -> None:
    """A right-to-left override in a name is flagged and printed escaped; a joiner is not."""
    report = check(json.dumps([base(country="K\u202eA"), base(country="K\u200cB", edition=2020)]))
    assert [
        (f.code, str(f.location)) for f in report.findings if f.code == "control-characters"
    ] == [("control-characters", "t, K\\u202eA 2021, $[0].country")]
