from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from netfreedom import (
    CATALOGUE,
    ChangeDirection,
    CountryReport,
    PublishedFigures,
    Scale,
    Status,
    dumps,
    load_example,
    loads,
    parse_report,
    read_dataset,
    score,
)
from netfreedom.bulk import bulk_loads
from netfreedom.deltas import ComparisonError, compare, status_margin
from netfreedom.methodologies import get_methodology
from netfreedom.panel import Panel
from netfreedom.schemas import json_schema
from strategies import (
    LEGACY,
    MODERN,
    full_reports,
    headline_reports,
    question_level_reports,
    reports_with_narrative,
)
from test_cli import run

if TYPE_CHECKING:
    from pathlib import Path

    from netfreedom.changes import ReportDelta
    from netfreedom.table import Table

KZ21 = load_example("kazakhstan-2021")
KZ20 = attrs.evolve(KZ21, edition=2020, scores={**KZ21.scores, "A3": 1}, score_changes=(),
                    facts=None, coverage=None, published=PublishedFigures())  # fmt: skip


def legacy(edition: int, a: int, b: int, c: int, country: str = "Kazakhstan") -> CountryReport:
    return CountryReport(country=country, edition=edition, methodology="fotn-legacy",
                         categories={"A": a, "B": b, "C": c})  # fmt: skip


def modern_headline(edition: int, a: int, b: int, c: int) -> CountryReport:
    return CountryReport(country="Kazakhstan", edition=edition, methodology="fotn-2019",
                         categories={"A": a, "B": b, "C": c})  # fmt: skip


def changes(delta: ReportDelta) -> dict[str, int]:
    return {k: c.delta for k, c in delta.categories.items()} | {"total": delta.total.delta}


class TestMustShow:
    def test_one_question_moved(self) -> None:
        """2021 against 2020 with A3 = 1: total +1, A +1, only A3 moved, Not Free both years."""
        delta = compare(KZ20, KZ21)
        assert {"A": 1, "B": 0, "C": 0, "total": 1} == changes(delta)
        assert {"A3": (1, 2)} == {q: (c.previous, c.current) for q, c in delta.moved.items()}
        assert (Status.NOT_FREE, Status.NOT_FREE, False) == (
            delta.status.previous, delta.status.current, delta.status.changed
        )  # fmt: skip
        assert () == delta.findings
        assert not delta.converted_scale

    def test_note_does_not_match(self) -> None:
        """With A3 = 0 in 2020, the A3 note (from 1) is reported as not matching."""
        delta = compare(attrs.evolve(KZ20, scores={**KZ21.scores, "A3": 0}), KZ21)
        assert [("score-change-from-mismatch", "A3", 0, 1)] == [
            (f.code, f.location.question, f.expected, f.actual) for f in delta.findings
        ]

    def test_across_scale_break(self) -> None:
        """Kazakhstan 2015 (legacy 14/23/24) against 2019 (10/11/11) converts first: 39 -> 32, -7."""
        delta = compare(legacy(2015, 14, 23, 24), modern_headline(2019, 10, 11, 11))
        assert (39, 32, -7) == (delta.total.previous, delta.total.current, delta.total.delta)
        assert {"A": -1, "B": -1, "C": -5, "total": -7} == changes(delta)
        assert ((2015,), "fotn-2019") == (delta.converted_editions, delta.methodology)


class TestCompare:
    def test_other_country(self) -> None:
        """Comparing two countries is an error unless asked for."""
        other = attrs.evolve(KZ20, country="Kyrgyzstan")
        with pytest.raises(ComparisonError, match="different countries"):
            compare(other, KZ21)
        assert "Kazakhstan" == compare(other, KZ21, allow_other_country=True).country

    def test_same_edition(self) -> None:
        """Comparing an edition with itself is an error unless asked for."""
        with pytest.raises(ComparisonError, match="with itself"):
            compare(KZ21, KZ21)
        assert 0 == compare(KZ21, KZ21, allow_same_edition=True).total.delta

    def test_later_first(self) -> None:
        """The later report given first is an error, as in `diff`."""
        with pytest.raises(ComparisonError, match="the earlier report is 2020, the later 2021"):
            compare(KZ21, KZ20)

    def test_undocumented(self) -> None:
        """A question that moved without a note is reported at the later report."""
        delta = compare(KZ20, attrs.evolve(KZ21, scores={**KZ21.scores, "C8": 0}))
        assert [("undocumented-change", 2021, "C8", 1, 0)] == [
            (f.code, f.location.edition, f.location.question, f.expected, f.actual)
            for f in delta.findings
        ]

    def test_note_to_mismatch(self) -> None:
        """A note whose new score differs from its own report's is not confirmed; validating
        that report finds it, once (the delta checks only what needs both reports)."""
        later = attrs.evolve(KZ21, scores={**KZ21.scores, "A3": 3})
        delta = compare(KZ20, later)
        assert (delta.findings, delta.notes_confirmed, compare(KZ20, KZ21).notes_confirmed) == (
            (),
            (),
            ("A3",),
        )
        panel = Panel([KZ20, later])
        codes = [f.code for f in panel.validate().findings]
        codes += [f.code for d in panel.deltas().deltas for f in d.findings]
        assert codes.count("score-change-mismatch") == 1

    def test_note_of_no_move(self) -> None:
        """A note calling a question that did not move a move is a finding, each such note
        once, and is not confirmed."""
        (a3,) = KZ21.score_changes
        still = attrs.evolve(a3, question="B8", previous=2, current=2)
        notes = (a3, still, attrs.evolve(still, direction=ChangeDirection.DECLINED))
        later = attrs.evolve(KZ21, score_changes=notes)
        found = [(f.code, f.location.path, f.message) for f in Panel([later]).validate().findings]
        said = "the note says B8 {} from 2 to 2, which is no move"
        assert [f for f in found if f[0] == "score-change-direction"] == [
            ("score-change-direction", f"$.score_changes[{n}]", said.format(direction))
            for n, direction in ((1, "improved"), (2, "declined"))
        ]
        assert compare(KZ20, later).notes_confirmed == ("A3",)

    def test_note_of_the_wrong_direction(self) -> None:
        """A note whose scores agree but whose direction does not is not confirmed."""
        (a3,) = KZ21.score_changes  # 1 -> 2: improved
        later = attrs.evolve(
            KZ21, score_changes=(attrs.evolve(a3, direction=ChangeDirection.DECLINED),)
        )
        delta = compare(KZ20, later)
        assert (delta.notes_confirmed, delta.findings) == ((), ())
        found = [f.code for f in Panel([later]).validate().findings]
        assert found.count("score-change-direction") == 1

    def test_notes_only_for_consecutive_editions(self) -> None:
        """Notes describe the move from the previous edition only; across a gap they are not checked."""
        assert () == compare(attrs.evolve(KZ20, edition=2019), KZ21).findings

    def test_codes_cover_delta_group(self) -> None:
        """The delta group of the catalogue is what these tests exercise."""
        assert {
            "edition-gap",
            "left-out-of-deltas",
            "undocumented-change",
            "score-change-from-mismatch",
        } == {c for c, k in CATALOGUE.items() if k.group == "delta"}

    @pytest.mark.parametrize(
        ("total", "margin"),
        [(0, 40), (33, 7), (39, 1), (40, 1), (55, 15), (69, 1), (70, 1), (100, 31)],
    )
    def test_status_margin(self, total: int, margin: int) -> None:
        """The margin is the points to the nearest band boundary (39/40, 69/70)."""
        report = modern_headline(
            2021, min(total, 25), min(max(total - 25, 0), 35), max(total - 60, 0)
        )
        assert margin == status_margin(score(report), MODERN)

    def test_legacy_margin(self) -> None:
        """On the legacy scale, 61 is one point from Partly Free."""
        assert 1 == status_margin(score(legacy(2015, 14, 23, 24)), LEGACY)


def _pair(
    draw: st.DrawFn, reports: st.SearchStrategy[CountryReport]
) -> tuple[CountryReport, CountryReport]:
    first = draw(reports)
    second = draw(reports)
    second = attrs.evolve(second, country=first.country)
    if second.edition == first.edition:  # another edition of the same methodology
        later = first.edition + 1
        covered = later in get_methodology(first.methodology).editions
        second = attrs.evolve(second, edition=later if covered else first.edition - 1)
    return (first, second) if first.edition < second.edition else (second, first)


@st.composite
def modern_pairs(draw: st.DrawFn) -> tuple[CountryReport, CountryReport]:
    return _pair(draw, question_level_reports())


@st.composite
def legacy_pairs(draw: st.DrawFn) -> tuple[CountryReport, CountryReport]:
    return _pair(draw, headline_reports())


class TestProperties:
    @given(question_level_reports())
    def test_self_is_zero(self, report: CountryReport) -> None:
        """compare(a, a) is all zero."""
        delta = compare(report, report, allow_same_edition=True)
        assert all(
            c.delta == 0
            for c in [*delta.categories.values(), delta.total, *delta.questions.values()]
        )
        assert not delta.status.changed

    @given(modern_pairs())
    def test_antisymmetric(self, pair: tuple[CountryReport, CountryReport]) -> None:
        """Comparing a's figures to b's is the negation of comparing b's to a's."""
        a, b = pair
        back_a, back_b = attrs.evolve(b, edition=a.edition), attrs.evolve(a, edition=b.edition)
        forward, backward = compare(a, b), compare(back_a, back_b)
        assert {k: -v for k, v in changes(forward).items()} == changes(backward)
        assert {q: -c.delta for q, c in forward.questions.items()} == {
            q: c.delta for q, c in backward.questions.items()
        }
        assert (forward.status.previous, forward.status.current) == (
            backward.status.current,
            backward.status.previous,
        )

    @given(st.one_of(modern_pairs(), legacy_pairs()))
    def test_categories_sum_to_total(self, pair: tuple[CountryReport, CountryReport]) -> None:
        """Category deltas sum to the total delta."""
        delta = compare(*pair)
        assert delta.total.delta == sum(c.delta for c in delta.categories.values())

    @given(modern_pairs())
    def test_questions_sum_to_category(self, pair: tuple[CountryReport, CountryReport]) -> None:
        """Question deltas sum to their category's delta."""
        delta = compare(*pair)
        for category, change in delta.categories.items():
            assert change.delta == sum(
                c.delta for q, c in delta.questions.items() if q[0] == category
            )

    @given(legacy_pairs())
    def test_conversion_commutes(self, pair: tuple[CountryReport, CountryReport]) -> None:
        """Converting then comparing equals comparing then converting (modern = max - old)."""
        on_legacy, on_modern = compare(*pair, scale="native"), compare(*pair)
        assert {k: -v for k, v in changes(on_legacy).items()} == changes(on_modern)
        assert on_legacy.status.previous is on_modern.status.previous
        assert on_legacy.status.current is on_modern.status.current


class TestPanel:
    def panel(self) -> Panel:
        return Panel([legacy(2015, 14, 23, 24), modern_headline(2019, 10, 11, 11), KZ20, KZ21,
                      legacy(2017, 10, 10, 10, "Atlantis"), legacy(2018, 20, 20, 20, "Atlantis")])  # fmt: skip

    def test_access(self) -> None:
        """A panel is keyed by country and edition."""
        panel = self.panel()
        assert (6, ("Atlantis", "Kazakhstan"), (2015, 2019, 2020, 2021),
                (2015, 2017, 2018, 2019, 2020, 2021)) == (
            len(panel), panel.countries, panel.editions_of("Kazakhstan"), panel.editions
        )  # fmt: skip
        assert KZ20 is panel["Kazakhstan", 2020]
        with pytest.raises(KeyError):
            panel["Kazakhstan", 2016]

    def test_deltas(self) -> None:
        """Consecutive-edition deltas per country, on the modern scale; gaps are reported."""
        result = self.panel().deltas()
        assert [("Atlantis", 2017, 2018, -30), ("Kazakhstan", 2015, 2019, -7), ("Kazakhstan", 2019, 2020, 0),
                ("Kazakhstan", 2020, 2021, 1)] == [
            (d.country, d.previous_edition, d.current_edition, d.total.delta) for d in result.deltas
        ]  # fmt: skip
        native = self.panel().deltas(scale="native").deltas[0]
        assert (30, Scale.LOWER_IS_FREER, ()) == (
            native.total.delta,
            native.scale,
            native.converted_editions,
        )
        assert [("edition-gap", 2019)] == [(f.code, f.location.edition) for f in result.findings]
        assert "2016, 2017, 2018" in result.findings[0].message

    def test_movers_and_status(self) -> None:
        """The biggest movers into an edition, and the status changes."""
        panel = self.panel()
        assert ["Atlantis"] == [d.country for d in panel.biggest_movers(2018)]
        (change,) = panel.status_changes(2018)
        assert (Status.FREE, Status.PARTLY_FREE) == (change.status.previous, change.status.current)
        assert () == panel.status_changes(2021)

    def test_rows(self) -> None:
        """Rows flatten reports and deltas for CSV or pandas."""
        panel = self.panel()
        row = panel.rows()[3]
        assert ("Kazakhstan", 2021, 5, 11, 33, "Not Free") == (
            row["country"], row["edition"], row["A1"], row["A"], row["total"], row["status"]
        )  # fmt: skip
        delta = panel.deltas().rows()[-1]
        assert (2020, 2021, 1, "A3:1>2") == (
            delta["from_edition"],
            delta["to_edition"],
            delta["total_delta"],
            delta["questions_moved"],
        )

    def test_pandas_missing(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without pandas, to_pandas says how to get it."""
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(ImportError, match=r"pip install 'netfreedom\[pandas\]'"):
            self.panel().to_pandas()

    def test_pandas(self) -> None:
        """With pandas, panels and deltas become DataFrames."""
        pytest.importorskip("pandas")
        frame = self.panel().to_pandas()
        assert (6, 33) == (len(frame), int(frame.loc[frame["edition"] == 2021, "total"].iloc[0]))
        assert 4 == len(self.panel().deltas().to_pandas())

    def test_directory(self, tmp_path: Path) -> None:
        """A directory of JSON files is a panel."""
        (tmp_path / "b.json").write_text(dumps(KZ21), encoding="utf-8")
        (tmp_path / "a.json").write_text(dumps(KZ20), encoding="utf-8")
        (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
        panel = read_dataset(tmp_path).panel()
        assert [2020, 2021] == [r.edition for r in panel]
        assert [1] == [d.total.delta for d in panel.deltas().deltas]

    def test_left_out(self) -> None:
        """A report that cannot be scored is left out of the deltas, with a finding; the delta spans it."""
        broken = attrs.evolve(KZ20, scores={**KZ20.scores, "A1": 9})
        result = Panel([attrs.evolve(KZ20, edition=2019), broken, KZ21]).deltas()
        assert [(2019, 2021)] == [(d.previous_edition, d.current_edition) for d in result.deltas]
        assert [("left-out-of-deltas", 2020), ("edition-gap", 2021)] == [
            (f.code, f.location.edition) for f in result.findings
        ]
        assert "A1=9 outside 0..6" in result.findings[0].message
        assert result.findings[1].message == (
            "Kazakhstan's report for 2020 cannot be scored; the delta spans 2019-2021"
        )
        spans = Panel(
            [legacy(2012, 15, 23, 22), legacy(2015, 99, 23, 24), legacy(2016, 14, 23, 26)]
        )
        gap = spans.deltas().findings[1]
        assert gap.message == (
            "Kazakhstan has no report for 2013, 2014; Kazakhstan's report for 2015 cannot be"
            " scored; the delta spans 2012-2016"
        )
        two = Panel([legacy(2012, 15, 23, 22), *(legacy(y, 99, 23, 24) for y in (2013, 2014))])
        (*_, gap) = Panel([*two, legacy(2015, 14, 23, 26)]).deltas().findings
        assert gap.message == (
            "Kazakhstan's reports for 2013, 2014 cannot be scored; the delta spans 2012-2015"
        )

    def test_validate(self) -> None:
        """A panel validates its reports and the panel rules."""
        panel = Panel([KZ21, KZ21])
        assert ["duplicate-report", "facts-score-mismatch"] == sorted(
            {f.code for f in panel.validate().findings if f.severity.value != "info"}
        )


class TestSchema:
    DATASET = json_schema("dataset")

    def test_example(self) -> None:
        """The bundled example conforms to the dataset schema."""
        jsonschema.validate(json.loads(dumps(KZ21)), self.DATASET)

    @given(st.lists(st.one_of(full_reports(), reports_with_narrative()), max_size=3))
    def test_generated(self, reports: list[CountryReport]) -> None:
        """Whatever the library writes conforms to the dataset schema."""
        jsonschema.validate(json.loads(dumps(reports)), self.DATASET)

    def test_parsed(self, kazakhstan_2021_text: str) -> None:
        """The parsed real report conforms, narrative included."""
        jsonschema.validate(
            json.loads(dumps(parse_report(kazakhstan_2021_text, edition=2021).report)), self.DATASET
        )

    def test_minimal_inputs(self) -> None:
        """The minimal and headline-only input forms conform and read without findings."""
        for text in ['{"country": "K", "edition": 2021, "scores": {"A1": 5}}',
                     ('[{"country": "K", "edition": 2015, "categories": {"A": 14, "B": 23, "C": 24},'
                     ' "published": {"total": 61, "status": "Not Free", "last_year_total": 60}}]')]:  # fmt: skip
            jsonschema.validate(json.loads(text), self.DATASET)
            assert () == loads(text).findings

    def test_rejects(self) -> None:
        """The schema refuses what the reader refuses: unknown keys, fractional points."""
        for bad in [{"country": "K", "edition": 2021, "colour": 1},
                    {"country": "K", "edition": 2021, "scores": {"A1": 1.5}}]:  # fmt: skip
            with pytest.raises(jsonschema.ValidationError):
                jsonschema.validate(bad, self.DATASET)


class TestCli:
    def test_diff_json(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """diff --format json gives the documented shape."""
        old = tmp_path / "k20.json"
        old.write_text(dumps(KZ20), encoding="utf-8")
        code, out, _ = run(capsys, "diff", str(old), "kazakhstan-2021", "--format", "json")
        data = json.loads(out)
        assert 0 == code
        assert ("Kazakhstan", 2020, 2021) == (
            data["country"],
            data["from_edition"],
            data["to_edition"],
        )
        assert {"from": 10, "to": 11, "delta": 1} == data["categories"]["A"]
        assert {"from": 32, "to": 33, "delta": 1} == data["total"]
        assert {"from": "Not Free", "to": "Not Free"} == data["status"]
        assert {"from": 1, "to": 2, "delta": 1} == data["questions"]["A3"]
        assert (False, []) == (data["converted_scale"], data["findings"])

    def test_diff_table(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """The table converts across the scale break and says so."""
        old, new = tmp_path / "o.json", tmp_path / "n.json"
        old.write_text(dumps(legacy(2015, 14, 23, 24)), encoding="utf-8")
        new.write_text(dumps(modern_headline(2019, 10, 11, 11)), encoding="utf-8")
        code, out, _ = run(capsys, "diff", str(old), str(new))
        assert 0 == code
        assert out.startswith(
            "Kazakhstan 2015 -> 2019  (fotn-2019; 2015 converted to the modern scale)\n"
        )
        assert "  Total        39       32       -7\n" in out

    def test_diff_unusable(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """Two countries, or a panel where one report belongs, exit 2 with one line."""
        other = tmp_path / "o.json"
        other.write_text(dumps(attrs.evolve(KZ20, country="Kyrgyzstan")), encoding="utf-8")
        assert 2 == run(capsys, "diff", str(other), "kazakhstan-2021")[0]
        many = tmp_path / "m.json"
        many.write_text(dumps([KZ20, KZ21]), encoding="utf-8")
        code, _, err = run(capsys, "diff", str(many), "kazakhstan-2021")
        assert (2, True) == (code, "expected one report, found 2" in err)

    @pytest.mark.parametrize("fmt", ["table", "json", "csv"])
    def test_panel(self, capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str) -> None:
        """panel prints scores or deltas in every format."""
        path = tmp_path / "p.json"
        path.write_text(dumps([KZ20, KZ21]), encoding="utf-8")
        code, out, _ = run(capsys, "panel", str(path), "--format", fmt)
        assert (0, True) == (code, "33" in out)
        code, out, _ = run(capsys, "panel", str(path), "--deltas", "--format", fmt)
        assert (0, True) == (code, "A3" in out)

    def test_panel_deltas_json_from_stdin(self) -> None:
        """Standard input is read once, also for the JSON deltas."""
        result = subprocess.run([sys.executable, "-m", "netfreedom", "panel", "-", "--deltas", "--format", "json"],
                                input=dumps([KZ20, KZ21]), capture_output=True, text=True, check=False)  # fmt: skip
        assert (0, [1]) == (
            result.returncode,
            [d["total_delta"] for d in json.loads(result.stdout)],
        )

    def test_schema(self, capsys: pytest.CaptureFixture[str]) -> None:
        """schema prints the dataset schema (and the validation report's on request)."""
        assert json_schema("dataset") == json.loads(run(capsys, "schema")[1])
        assert json_schema("validation-report") == json.loads(
            run(capsys, "schema", "validation-report")[1]
        )


#: Kazakhstan's published headline figures: 2014-2016 legacy, 2019-2024 modern.
KAZAKHSTAN = [(2014, 15, 23, 22), (2015, 14, 23, 24), (2016, 14, 23, 26), (2019, 10, 11, 11),
              (2020, 10, 11, 11), (2021, 11, 11, 11), (2022, 10, 11, 11), (2023, 12, 12, 10),
              (2024, 12, 12, 10)]  # fmt: skip


@st.composite
def panels(draw: st.DrawFn) -> list[CountryReport]:
    """Reports of two countries over legacy and modern editions, with gaps and repeats."""
    reports = []
    for _ in range(draw(st.integers(0, 12))):
        country = draw(st.sampled_from(["Aland", "Borduria"]))
        edition = draw(st.integers(2011, 2025).filter(lambda e: e != 2010))
        methodology = LEGACY if edition < 2019 else MODERN
        if edition >= 2019 and draw(st.booleans()):
            scores = {q.id: draw(st.integers(q.min, q.max)) for q in MODERN.questions}
            reports.append(CountryReport(country=country, edition=edition, methodology=MODERN.id,
                                         scores=scores))  # fmt: skip
        else:
            figures = {c.id: draw(st.integers(c.min, c.max)) for c in methodology.categories}
            reports.append(CountryReport(country=country, edition=edition,
                                         methodology=methodology.id, categories=figures))  # fmt: skip
    return reports


def _modern_total(report: CountryReport) -> int:
    card = score(report)
    return card.total if card.scale is Scale.HIGHER_IS_FREER else card.max_total - card.total


class TestScale:
    """Deltas on the modern scale by default, everywhere; the native scale on request."""

    @given(panels())
    def test_deltas_add_up(self, reports: list[CountryReport]) -> None:
        """A country's deltas sum to its last minus its first total, on the modern scale."""
        first: dict[tuple[str, int], CountryReport] = {}
        for report in reports:
            first.setdefault(report.key, report)
        expected = {}
        for country in {r.country for r in reports}:
            years = sorted(e for c, e in first if c == country)
            if len(years) > 1:
                last, earliest = first[country, years[-1]], first[country, years[0]]
                expected[country] = _modern_total(last) - _modern_total(earliest)
        deltas = Panel(reports).deltas()
        summed: dict[str, int] = {}
        for delta in deltas.deltas:
            assert delta.scale is Scale.HIGHER_IS_FREER
            summed[delta.country] = summed.get(delta.country, 0) + delta.total.delta
        assert expected == summed
        if reports:
            table = read_dataset_bulk(dumps(reports))
            totals: dict[str, int] = {}
            for country, delta in zip(
                table.column("country"), table.column("total_delta"), strict=True
            ):
                totals[country] = totals.get(country, 0) + delta
            assert expected == totals

    def test_native_on_request(self) -> None:
        """Two legacy editions compared on their own scale, the rows saying which."""
        panel = Panel(
            [(legacy if e < 2019 else modern_headline)(e, a, b, c) for e, a, b, c in KAZAKHSTAN]
        )
        native = panel.deltas(scale="native").rows()
        assert [(1, "lower-is-freer", False), (2, "lower-is-freer", False),
                (-5, "higher-is-freer", True)] == [
            (r["total_delta"], r["scale"], r["converted_scale"]) for r in native[:3]
        ]  # fmt: skip
        with pytest.raises(ValueError, match="unknown delta scale 'inverted'"):
            panel.deltas(scale="inverted")

    def test_kazakhstan_series(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """Must show: the published headline figures give deltas summing to -6, rows marked."""
        path = tmp_path / "kazakhstan.csv"
        path.write_text("country,edition,A,B,C\n" + "".join(
            f"Kazakhstan,{e},{a},{b},{c}\n" for e, a, b, c in KAZAKHSTAN), encoding="utf-8")  # fmt: skip
        code, out, _ = run(capsys, "panel", str(path), "--deltas", "--format", "csv")
        rows = out.splitlines()[1:]
        assert (0, 8) == (code, len(rows))
        header = out.splitlines()[0].split(",")
        cells = [dict(zip(header, row.split(","), strict=True)) for row in rows]
        assert [-1, -2, -5, 0, 1, -1, 2, 0] == [int(r["total_delta"]) for r in cells]
        assert -6 == sum(int(r["total_delta"]) for r in cells)
        assert {"higher-is-freer"} == {r["scale"] for r in cells}
        assert ["True"] * 3 + ["False"] * 5 == [r["converted_scale"] for r in cells]
        code, out, _ = run(
            capsys, "panel", str(path), "--deltas", "--format", "csv", "--scale", "native"
        )
        assert ["1", "2", "-5"] == [
            row.split(",")[header.index("total_delta")] for row in out.splitlines()[1:4]
        ]


def read_dataset_bulk(text: str) -> Table:
    """The delta table of a JSON text, read in bulk."""
    table, _ = bulk_loads(text).delta_table()
    return table


class TestDiffWords:
    """diff speaks of the command line, and treats bad data as score does."""

    def test_reversed(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        path = tmp_path / "old.json"
        path.write_text(dumps(KZ20), encoding="utf-8")
        code, out, err = run(capsys, "diff", "kazakhstan-2021", str(path))
        assert (2, "") == (code, out)
        assert "OLD is 2021, NEW is 2020: give the earlier edition first" in err
        assert "allow_" not in err
        code, _, err = run(capsys, "diff", "kazakhstan-2021", "kazakhstan-2021")
        assert (code, err) == (
            2,
            "netfreedom: error: OLD and NEW are both 2021: diff compares two editions\n",
        )  # the usage error alone: not the findings of the reports it does not compare

    def test_other_country(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        path = tmp_path / "other.json"
        path.write_text(dumps(attrs.evolve(KZ20, country="Kyrgyzstan")), encoding="utf-8")
        code, _, err = run(capsys, "diff", str(path), "kazakhstan-2021")
        assert (2, True, False) == (code, "diff compares one country" in err, "allow_" in err)

    def test_unscorable(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A report that cannot be scored is a problem of the data: exit 1, as for score."""
        path = tmp_path / "broken.json"
        path.write_text(
            dumps(attrs.evolve(KZ20, scores={**KZ20.scores, "A1": 9})), encoding="utf-8"
        )
        code, out, err = run(capsys, "diff", str(path), "kazakhstan-2021")
        assert (1, "") == (code, out)
        assert "cannot score Kazakhstan 2020" in err

    def test_reading_findings_count(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A finding from reading either report sets the exit code, by --fail-on."""
        path = tmp_path / "old.json"
        path.write_text(dumps(KZ20).replace('"edition"', '"colour": "red", "edition"'), "utf-8")
        code, out, err = run(capsys, "diff", str(path), "kazakhstan-2021")
        assert (1, True) == (code, "unknown field(s): colour [unknown-field]" in err)
        assert "Total" in out
        assert run(capsys, "diff", str(path), "kazakhstan-2021", "--fail-on", "never")[0] == 0

    def test_panel_scale_needs_deltas(self, capsys: pytest.CaptureFixture[str]) -> None:
        """panel --scale native without --deltas is a usage error, not silently ignored."""
        code, out, err = run(capsys, "panel", "kazakhstan-2021", "--scale", "native")
        assert (2, "", True) == (code, out, "add --deltas" in err)

    def test_empty_deltas_keep_columns(self) -> None:
        """A panel without a delta still gives a frame with the delta columns."""
        frame = Panel([KZ21]).deltas().to_pandas()
        assert (0, "total_delta") == (len(frame), frame.columns[17])


class TestOneExitPolicy:
    """panel --deltas and diff print the same delta findings and exit alike, by --fail-on."""

    def test_notes_reported_by_both(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        before = attrs.evolve(KZ20, scores={**KZ20.scores, "A3": 0})  # the 2021 note says from 1
        old, panel = tmp_path / "old.json", tmp_path / "panel.json"
        old.write_text(dumps(before), encoding="utf-8")
        panel.write_text(dumps([before, KZ21]), encoding="utf-8")
        code, out, _ = run(capsys, "diff", str(old), "kazakhstan-2021")
        assert (1, True) == (code, "score-change-from-mismatch" in out)
        for fmt in ("csv", "json", "table"):
            code, _, err = run(capsys, "panel", str(panel), "--deltas", "--format", fmt)
            assert (1, 1) == (code, err.count("[score-change-from-mismatch]"))
        code, _, err = run(capsys, "panel", str(panel), "--deltas", "--fail-on", "never")
        assert (0, 1) == (code, err.count("[score-change-from-mismatch]"))
        assert 0 == run(capsys, "diff", str(old), "kazakhstan-2021", "--fail-on", "never")[0]

    def test_notes_located_in_their_record(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A note's finding is at its record's path in a JSON array, by every route, and in
        diff at its file; what a note says of its own report is validation's, reported once."""
        (a3,) = KZ21.score_changes  # A3 1 -> 2, improved
        b8 = attrs.evolve(
            a3, question="B8", previous=5, current=2, direction=ChangeDirection.DECLINED
        )
        later = attrs.evolve(KZ21, score_changes=(attrs.evolve(a3, current=3), b8))
        panel, old, new = tmp_path / "panel.json", tmp_path / "old.json", tmp_path / "new.json"
        panel.write_text(dumps([KZ20, later]), encoding="utf-8")
        old.write_text(dumps(KZ20), encoding="utf-8")
        new.write_text(dumps(later), encoding="utf-8")
        dataset = read_dataset(panel)
        by_objects = [f for d in dataset.panel().deltas().deltas for f in d.findings]
        assert [(f.code, f.location.path, f.location.source) for f in by_objects] == [
            ("score-change-from-mismatch", "$[1].score_changes[1]", str(panel))
        ]  # B8 scored 2 in 2020
        assert list(bulk_loads(panel.read_text(), source=str(panel)).delta_table()[1]) == by_objects
        found = [(f.code, f.location.path) for f in dataset.validate().findings]
        assert [f for f in found if f[0].startswith("score-change")] == [
            ("score-change-mismatch", "$[1].score_changes[0]"),  # A3 scores 2, not 3
            ("score-change-from-mismatch", "$[1].score_changes[1]"),  # validated as a panel
        ]
        assert list(bulk_loads(panel.read_text(), source=str(panel)).validate().findings) == list(
            dataset.validate().findings
        )
        code, out, err = run(capsys, "diff", str(old), str(new), "--format", "json")
        (delta_finding,) = json.loads(out)["findings"]
        assert (code, delta_finding["location"]["source"]) == (1, str(new))
        assert f"{new}, Kazakhstan 2021, A3, $.score_changes[0]: error:" in err
        table = run(capsys, "diff", str(old), str(new))[1]
        assert f"  {new}, Kazakhstan 2021, B8, $.score_changes[1]: error: the Score" in table

    def test_diff_validates_the_pair(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """diff checks NEW's published last year's total against OLD, as validate does."""
        later = attrs.evolve(KZ21, published=attrs.evolve(KZ21.published, last_year_total=30))
        old, new = tmp_path / "old.json", tmp_path / "new.json"
        old.write_text(dumps(KZ20), encoding="utf-8")
        new.write_text(dumps(later), encoding="utf-8")
        code, _, err = run(capsys, "diff", str(old), str(new), "--fail-on", "warning")
        said = f"{new}, Kazakhstan 2021, $.published.last_year_total: warning: last year's total"
        assert (code, err.count(said)) == (1, 1)

    def test_validate_reconciles_notes(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """validate checks notes against the edition before it holds, as panel --deltas does,
        which says each finding once."""
        (a3,) = KZ21.score_changes  # A3 1 -> 2, and B1 moves from 2 to 3 with no note
        later = attrs.evolve(
            KZ21, scores={**KZ21.scores, "B1": 3}, score_changes=(attrs.evolve(a3, previous=0),)
        )
        path = tmp_path / "pair.jsonl"
        records = json.loads(dumps([KZ20, later]))
        path.write_text("\n".join(json.dumps(record) for record in records), encoding="utf-8")
        code, out, _ = run(capsys, "validate", str(path))
        found = [line.split(": error")[0].split(": warning")[0] for line in out.splitlines()]
        assert code == 1
        assert "  line 2, Kazakhstan 2021, A3, $.score_changes[0]" in found
        assert "  line 2, Kazakhstan 2021, B1, $.scores.B1" in found
        _, _, err = run(capsys, "panel", str(path), "--deltas")
        said = (err.count("[score-change-from-mismatch]"), err.count("[undocumented-change]"))
        assert said == (1, 1)

    def test_no_undocumented_change_beside_an_unread_note(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """C2 moved and its note cannot be read: the notes are incomplete, so no route says
        C2 moved without a note; the unread note is said, and the delta counts no finding."""
        later = attrs.evolve(KZ21, scores={**KZ21.scores, "C2": 1})
        records = json.loads(dumps([KZ20, later]))
        records[1]["score_changes"].append({"question": "C2", "from": "zero", "to": 1})
        path = tmp_path / "p.json"
        path.write_text(json.dumps(records), encoding="utf-8")
        dataset = read_dataset(path)
        by_objects = [f.code for d in dataset.panel().deltas().deltas for f in d.findings]
        table, found = bulk_loads(path.read_text(), source=str(path)).delta_table()
        validated = [f.code for f in dataset.validate().findings]
        assert (by_objects, found, table.column("findings")) == ([], [], [0])
        assert "undocumented-change" not in validated
        assert "invalid-value" in validated  # the note's missing direction, said
        err = run(capsys, "panel", str(path), "--deltas")[2]
        assert "undocumented-change" not in err

    def test_notes_after_a_broken_one(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A note that cannot be read leaves the others checked, each at its own place."""
        (a3,) = KZ21.score_changes
        b8 = attrs.evolve(  # B8 scored 2 in 2020
            a3, question="B8", previous=5, current=2, direction=ChangeDirection.DECLINED
        )
        records = json.loads(dumps([KZ20, attrs.evolve(KZ21, score_changes=(a3, b8))]))
        records[1]["score_changes"].insert(0, {"question": "C1", "from": "one"})
        panel, old, new = tmp_path / "panel.json", tmp_path / "old.json", tmp_path / "new.json"
        panel.write_text(json.dumps(records), encoding="utf-8")
        old.write_text(json.dumps(records[0]), encoding="utf-8")
        new.write_text(json.dumps(records[1]), encoding="utf-8")
        dataset = read_dataset(panel)
        assert [n.question for n in dataset.entries[1].report.score_changes] == ["A3", "B8"]
        by_objects = [f for d in dataset.panel().deltas().deltas for f in d.findings]
        assert [(f.code, f.location.path) for f in by_objects] == [
            ("score-change-from-mismatch", "$[1].score_changes[2]")
        ]
        assert list(bulk_loads(panel.read_text(), source=str(panel)).delta_table()[1]) == by_objects
        err = run(capsys, "panel", str(panel), "--deltas")[2]
        assert [line.split(": ")[0] for line in err.splitlines()] == [
            f"{panel}, Kazakhstan 2021, $[1].facts.internet_freedom_score",
            f"{panel}, Kazakhstan 2021, $[1].published",
            f"{panel}, Kazakhstan 2021, $[1].score_changes[0].direction",
            f"{panel}, Kazakhstan 2021, $[1].score_changes[0].from",
            f"{panel}, Kazakhstan 2021, $[1].score_changes[0].to",
            f"{panel}, Kazakhstan 2021, B8, $[1].score_changes[2]",
        ]
        out = run(capsys, "diff", str(old), str(new))[1]
        assert f"  {new}, Kazakhstan 2021, B8, $.score_changes[2]: error: the Score" in out


class TestNotesSaid:
    """A reconciled note is confirmed; notes that cannot be checked say why."""

    def test_confirmed(self) -> None:
        delta = compare(KZ20, KZ21)
        assert (("A3",), None, ()) == (delta.notes_confirmed, delta.notes_unchecked, delta.findings)

    def test_unchecked_without_question_scores(self) -> None:
        headline = attrs.evolve(KZ20, scores={}, categories={"A": 10, "B": 11, "C": 11})
        delta = compare(headline, KZ21)
        assert ((), "the 2020 report gives no question scores") == (
            delta.notes_confirmed,
            delta.notes_unchecked,
        )

    def test_unchecked_across_a_gap(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        path = tmp_path / "old.json"
        path.write_text(dumps(attrs.evolve(KZ20, edition=2019)), encoding="utf-8")
        code, out, _ = run(capsys, "diff", str(path), "kazakhstan-2021", "--format", "json")
        assert (0, {"confirmed": [], "unchecked": "2019 is not the edition before 2021"}) == (
            code,
            json.loads(out)["notes"],
        )
