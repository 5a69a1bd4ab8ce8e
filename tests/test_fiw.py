"""Freedom in the World: the methodology as data, Freedom House's rows in every format, the
cross-index check of a FOTN report's Country Facts box."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import netfreedom
from netfreedom import (
    CountryReport,
    Finding,
    MethodologyError,
    Severity,
    Status,
    UnknownEditionError,
    compare,
    cross_check,
    get_converter,
    get_methodology,
    load_example,
    loads,
    methodology_for_edition,
    read_dataset,
    score,
)
from netfreedom.cli import main
from netfreedom.methodologies import methodology_from_json
from strategies import FIW_HEADER, FIW_ROWS, fiw_csv, fiw_record

if TYPE_CHECKING:
    from pathlib import Path

    from netfreedom import ValidationReport

FIW = get_methodology("fiw-2013")
#: Each real row's published figures: PR, CL, PR rating, CL rating, total, status.
PUBLISHED = {
    (row[0], int(row[3])): (
        int(row[FIW_HEADER.index("PR")]),
        int(row[FIW_HEADER.index("CL")]),
        int(row[FIW_HEADER.index("PR rating")]),
        int(row[FIW_HEADER.index("CL rating")]),
        int(row[FIW_HEADER.index("Total")]),
        Status.from_text(row[FIW_HEADER.index("Status")]),
    )
    for row in FIW_ROWS
}


def errors_of(report: ValidationReport) -> list[Finding]:
    return [f for f in report.findings if f.severity is Severity.ERROR]


def figures(report: CountryReport) -> tuple[int, int, int | None, int | None, int, Status]:
    card = score(report)
    pr, cl = card.group("PR"), card.group("CL")
    return (pr.score, cl.score, pr.rating, cl.rating, card.total, card.status)


def workbook(path: Path, rows: list[list[str]]) -> Path:
    """The rows in Freedom House's FIW workbook layout: an Index sheet, a titled data sheet."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "Index"
    book.active.append(["Freedom in the World 2013-2024"])
    sheet = book.create_sheet("FIW13-24")
    sheet.append(["Freedom in the World 2013-2024 Raw Data"])
    sheet.merge_cells("A1:AR1")
    sheet.append(FIW_HEADER)
    for row in rows:
        sheet.append([int(c) if c.lstrip("-").isdigit() else c for c in row])
    book.save(path)
    return path


class TestMethodology:
    def test_built_in(self) -> None:
        """25 questions in seven categories, two adjustments, PR and CL with their tables."""
        assert FIW.index == "fiw"
        assert len(FIW.questions) == 25
        assert [(c.id, c.max) for c in FIW.categories] == [
            ("A", 12), ("B", 16), ("C", 12), ("D", 16), ("E", 12), ("F", 16), ("G", 16),
        ]  # fmt: skip
        assert [(g.id, g.categories) for g in FIW.groups] == [
            ("PR", ("A", "B", "C")), ("CL", ("D", "E", "F", "G")),
        ]  # fmt: skip
        assert FIW.group_range("PR") == (-4, 44)
        assert FIW.group_range("CL") == (0, 60)
        assert [a.id for a in FIW.adjustments_for(2017)] == ["Add Q", "Add A"]
        assert [a.id for a in FIW.adjustments_for(2018)] == ["Add Q"]
        assert list(FIW.inconsistencies()) == []

    def test_edition_lookup_per_index(self) -> None:
        assert methodology_for_edition(2021).id == "fotn-2019"
        assert methodology_for_edition(2021, index="fiw").id == "fiw-2013"
        with pytest.raises(UnknownEditionError, match="no Freedom in the World methodology covers"):
            methodology_for_edition(2012, index="fiw")

    @pytest.mark.parametrize(
        ("score_", "rating"),
        [(-4, 7), (5, 7), (6, 6), (11, 6), (12, 5), (18, 4), (24, 3), (30, 2), (35, 2), (36, 1),
         (40, 1)],
    )  # fmt: skip
    def test_pr_table(self, score_: int, rating: int) -> None:
        assert FIW.group("PR").rating_for(score_) == rating

    @pytest.mark.parametrize(
        ("ratings", "status"),
        [((1, 1), "Free"), ((2, 3), "Free"), ((3, 3), "Partly Free"), ((5, 5), "Partly Free"),
         ((5, 6), "Not Free"), ((7, 7), "Not Free")],
    )  # fmt: skip
    def test_status_from_mean_rating(self, ratings: tuple[int, int], status: str) -> None:
        assert FIW.status_for_ratings(ratings).value == status

    @given(st.lists(st.integers(0, 4), min_size=25, max_size=25), st.integers(0, 4))
    def test_total_is_pr_plus_cl(self, points: list[int], add_q: int) -> None:
        """Total = PR + CL; PR = A + B + C - Add Q; the status follows the mean rating."""
        scores = {q.id: p for q, p in zip(FIW.questions, points, strict=True)}
        report = CountryReport(
            country="X", edition=2024, methodology="fiw-2013", scores=scores | {"Add Q": add_q}
        )
        card = score(report)
        pr, cl = card.group("PR"), card.group("CL")
        by_category = {c.id: c.score for c in card.categories}
        assert pr.score == by_category["A"] + by_category["B"] + by_category["C"] - add_q
        assert cl.score == sum(by_category[c] for c in "DEFG")
        assert card.total == pr.score + cl.score
        assert card.status is FIW.status_for_ratings([pr.rating or 0, cl.rating or 0])
        democracy = by_category["A"] >= 7 and pr.score >= 20 and cl.score >= 30
        assert ("electoral-democracy" in card.designations) == democracy

    def test_inconsistent_rating_table_refused(self) -> None:
        data = json.loads(json.dumps(_fiw_data()))
        data["groups"][0]["ratings"][1]["min"] = 31  # 30 has no rating
        with pytest.raises(MethodologyError, match="group 'PR': no rating for a score of 30"):
            methodology_from_json(json.dumps(data), "m.json")

    def test_unknown_group_refused(self) -> None:
        data = _fiw_data()
        data["adjustments"][0]["group"] = "XX"
        with pytest.raises(MethodologyError, match="adjustment 'Add Q' names unknown group 'XX'"):
            methodology_from_json(json.dumps(data), "m.json")


def _fiw_data() -> dict[str, Any]:
    """The shipped fiw-2013 methodology, as JSON data."""
    data: dict[str, Any] = get_converter().unstructure(FIW)
    return data


class TestRealRows:
    """Each real row scores to its published PR, CL, ratings, total and status, in every format."""

    def _check(self, reports: tuple[CountryReport, ...], findings: list[str]) -> None:
        assert findings == []
        assert {r.key: figures(r) for r in reports} == PUBLISHED

    def test_csv(self) -> None:
        dataset = loads(fiw_csv(), format="csv")
        report = dataset.validate()
        self._check(
            dataset.reports, [f.code for f in report.findings if f.severity.value != "info"]
        )
        assert {f.code for f in report.findings} == {"published-figures-agree"}

    @pytest.mark.parametrize(
        ("column", "cell"),
        [("Edition", "2021.0"), ("index", "FIW"), ("index", " fiw "), ("index", ""),
         ("methodology", ""), ("methodology", "N/A")],
    )  # fmt: skip
    def test_row_read_as_a_record_reads_it(self, column: str, cell: str) -> None:
        """A row's published figures are told from its questions by the methodology the row
        is read under: an edition written 2021.0, an index in any case, a blank index or
        methodology cell (the index the columns fit) all give Kazakhstan 2021 as published."""
        header = [*FIW_HEADER, *([column] if column not in FIW_HEADER else [])]
        row = [*FIW_ROWS[0], *([cell] if column not in FIW_HEADER else [])]
        row[header.index(column)] = cell
        text = ",".join(header) + "\n" + ",".join(row) + "\n"
        for read in (loads, netfreedom.bulk_loads):
            found = read(text, format="csv").validate().findings
            assert [f.code for f in found] == ["published-figures-agree"]

    def test_json(self) -> None:
        dataset = loads(json.dumps([fiw_record(row) for row in FIW_ROWS]))
        report = dataset.validate()
        self._check(
            dataset.reports, [f.code for f in report.findings if f.severity.value != "info"]
        )

    def test_workbook(self, tmp_path: Path) -> None:
        dataset = read_dataset(workbook(tmp_path / "All_data_FIW_2013-2024.xlsx", FIW_ROWS))
        report = dataset.validate()
        self._check(
            dataset.reports, [f.code for f in report.findings if f.severity.value != "info"]
        )
        assert [f.code for f in dataset.findings] == ["sheet-skipped"]

    def test_region_and_territory_kept(self) -> None:
        reports = {r.country: r for r in loads(fiw_csv(), format="csv").reports}
        assert (reports["Eastern Donbas"].territory, reports["Eastern Donbas"].region) == (
            True, "Eurasia",
        )  # fmt: skip
        assert (reports["Syria"].territory, reports["Syria"].region) == (False, "Middle East")
        assert score(reports["Eastern Donbas"]).territory

    def test_add_a_through_2017(self) -> None:
        brunei = next(r for r in loads(fiw_csv(), format="csv").reports if r.country == "Brunei")
        card = score(brunei)
        assert [(a.id, a.points, a.signed) for a in card.adjustments] == [
            ("Add Q", 0, 0), ("Add A", 1, 1),
        ]  # fmt: skip
        assert card.group("PR").score == 7


class TestFindings:
    def test_pr_disagreement_at_its_cell(self, tmp_path: Path) -> None:
        """A published PR that is not A + B + C - Add Q is reported at that row's PR cell."""
        rows = [list(row) for row in FIW_ROWS]
        rows[2][FIW_HEADER.index("PR")] = "1"  # China: A + B + C - Add Q = 0 + 0 + 1 - 3 = -2
        csv_report = loads(fiw_csv(rows), source="fiw.csv", format="csv").validate()
        errors = [
            (f.code, str(f.location), f.expected, f.actual)
            for f in csv_report.findings
            if f.severity is Severity.ERROR
        ]
        assert errors == [
            ("published-group-mismatch", "fiw.csv:4:23, China 2024, $.published.groups.PR", -2, 1)
        ]
        book = workbook(tmp_path / "fiw.xlsx", rows)
        found = errors_of(read_dataset(book).validate())
        assert [(f.code, f.location.sheet, f.location.cell) for f in found] == [
            ("published-group-mismatch", "FIW13-24", "W5")
        ]
        assert found[0].message == "PR: published 1, computed -2 (off by -3) from A + B + C - Add Q"

    def test_rating_and_status(self) -> None:
        rows = [list(row) for row in FIW_ROWS[:1]]
        rows[0][FIW_HEADER.index("CL rating")] = "4"
        rows[0][FIW_HEADER.index("Status")] = "PF"
        found = errors_of(loads(fiw_csv(rows), source="f", format="csv").validate())
        assert [(f.code, f.expected, f.actual) for f in found] == [
            ("published-rating-mismatch", 5, 4),
            ("published-status-mismatch", "Not Free", "Partly Free"),
        ]
        assert found[1].message == (
            "status: published Partly Free, computed Not Free (PR rating 7, CL rating 5: mean 6)"
        )

    def test_add_a_after_2017(self) -> None:
        rows = [list(row) for row in FIW_ROWS[:1]]
        rows[0][FIW_HEADER.index("Add A")] = "0"
        found = errors_of(loads(fiw_csv(rows), source="f", format="csv").validate())
        assert [(f.code, f.location.cell, f.location.column) for f in found] == [
            ("adjustment-not-applicable", None, 22)
        ]

    def test_fotn_table_unchanged(self) -> None:
        """A FOTN table still reads as FOTN: only FIW's own columns make a table FIW's."""
        dataset = loads("country,edition,A,B,C\nK,2015,14,23,24\n", format="csv")
        assert dataset.reports[0].methodology == "fotn-legacy"


class TestDeltas:
    def test_groups_ratings_status(self) -> None:
        before = fiw_record(FIW_ROWS[0])
        after = json.loads(json.dumps(before)) | {"edition": 2022}
        after["scores"]["D1"] = 1
        after.pop("categories")
        after.pop("published")
        previous, current = loads(json.dumps([before, after])).reports
        delta = compare(previous, current)
        assert {k: (c.previous, c.current) for k, c in delta.groups.items()} == {
            "PR": (5, 5), "CL": (18, 19),
        }  # fmt: skip
        assert {k: c.delta for k, c in delta.ratings.items()} == {"PR": 0, "CL": 0}
        assert (delta.total.previous, delta.total.current) == (23, 24)
        assert delta.status_margin is None
        assert {q: c.delta for q, c in delta.moved.items()} == {"D1": 1}


class TestCrossCheck:
    def _fiw(self, tmp_path: Path, total: str = "23") -> Path:
        row = list(FIW_ROWS[0])
        row[FIW_HEADER.index("Total")] = total
        path = tmp_path / "fiw.csv"
        path.write_text(fiw_csv([row]), encoding="utf-8")
        return path

    def test_agrees(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        code = main(["validate", "kazakhstan-2021", "--with", str(self._fiw(tmp_path))])
        out = capsys.readouterr().out
        assert code == 0
        assert (
            "info: the Country Facts box agrees with Freedom in the World 2021"
            f" (at {tmp_path / 'fiw.csv'}:2, Kazakhstan 2021): Global Freedom Score 23,"
            " status Not Free [facts-fiw-agree]"
        ) in out

    def test_disagrees(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        code = main(["validate", "kazakhstan-2021", "--with", str(self._fiw(tmp_path, "24"))])
        out = capsys.readouterr().out
        assert code == 1
        assert (
            "Kazakhstan 2021, $.facts.global_freedom_score: error: Country Facts Global Freedom"
            " Score: stated 23, Freedom in the World 2021"
            f" (at {tmp_path / 'fiw.csv'}:2, Kazakhstan 2021) 24 (published; its scores give 23;"
            " off by +1) [facts-fiw-mismatch]"
        ) in out

    def test_api_and_names(self) -> None:
        fotn = load_example("kazakhstan-2021")
        fiw = loads(fiw_csv(), format="csv").reports
        assert [f.code for f in cross_check([fotn], fiw)] == ["facts-fiw-agree"]
        renamed = CountryReport(
            country="Kazakstan", edition=2021, scores=fotn.scores, facts=fotn.facts
        )
        (unmatched,) = cross_check([renamed], fiw)
        assert unmatched.code == "facts-fiw-unmatched"
        assert "no country named 'Kazakstan'" in unmatched.message
        assert [f.code for f in cross_check([renamed], fiw, names={"Kazakstan": "Kazakhstan"})] == [
            "facts-fiw-agree"
        ]
        later = CountryReport(
            country="Kazakhstan", edition=2024, scores=fotn.scores, facts=fotn.facts
        )
        (missing,) = cross_check([later], fiw)
        assert "holds 'Kazakhstan' for 2021, not 2024" in missing.message

    def test_netherlands_alias(self) -> None:
        row = list(FIW_ROWS[1])
        row[0], row[3] = "Netherlands", "2021"
        fiw = loads(fiw_csv([row]), format="csv").reports
        fotn = load_example("kazakhstan-2021")
        dutch = CountryReport(
            country="The Netherlands", edition=2021, scores=fotn.scores, facts=fotn.facts
        )
        found = cross_check([dutch], fiw)
        assert [(f.code, f.expected, f.actual) for f in found] == [
            ("facts-fiw-mismatch", 95, 23),
            ("facts-fiw-mismatch", "Free", "Not Free"),
        ]


class TestMixedIndexes:
    """FOTN and FIW reports of one country and year, in one dataset, are two reports."""

    def test_no_duplicates_and_deltas_per_index(self) -> None:
        fotn = [load_example("kazakhstan-2021")]
        fotn.append(CountryReport(country="Kazakhstan", edition=2020, scores=fotn[0].scores))
        fiw = list(loads(fiw_csv(), format="csv").reports)
        later = CountryReport(
            country="Kazakhstan", edition=2022, methodology="fiw-2013", scores=fiw[0].scores
        )
        panel = netfreedom.Panel([*fotn, *fiw, later])
        assert [f.code for f in panel.validate().findings if f.code == "duplicate-report"] == []
        assert [
            (d.methodology, d.previous_edition, d.current_edition) for d in panel.deltas().deltas
        ] == [("fiw-2013", 2021, 2022), ("fotn-2019", 2020, 2021)]

    def test_delta_rows_have_their_own_columns(self) -> None:
        """Delta rows of FOTN and FIW data together: by both routes, each row its own columns."""
        fotn = [
            {"country": "Kazakhstan", "edition": e, "categories": {"A": a, "B": 11, "C": 11}}
            for e, a in ((2021, 11), (2022, 10))
        ]
        fiw = [fiw_record(FIW_ROWS[0]), fiw_record(FIW_ROWS[0]) | {"edition": 2022}]
        text = json.dumps([*fotn, *fiw])
        rows, _ = netfreedom.bulk_loads(text).deltas()
        assert rows == loads(text).panel().deltas().rows()
        assert [("PR_from" in row, row["A_delta"]) for row in rows] == [(True, 0), (False, -1)]

    def test_movers_of_one_index(self) -> None:
        """Deltas of both indexes into one edition are ranked one index at a time."""
        fotn = load_example("kazakhstan-2021")  # A1 5
        fiw = loads(fiw_csv([FIW_ROWS[0]]), format="csv").reports[0]  # Kazakhstan 2021
        panel = netfreedom.Panel(
            [
                attrs.evolve(fotn, edition=2020, scores={**fotn.scores, "A1": 0}),
                fotn,
                attrs.evolve(fiw, edition=2020),
                fiw,
            ]
        )
        with pytest.raises(ValueError, match=r"into 2021 are of fiw and fotn: rank one index's"):
            panel.biggest_movers(2021)
        for index, expected in (("FOTN", ("fotn-2019", 5)), ("fiw", ("fiw-2013", 0))):
            movers = panel.biggest_movers(2021, index=index)
            assert [(d.methodology, d.total.delta) for d in movers] == [expected]
        assert panel.status_changes(2021, index="fiw") == ()
        with pytest.raises(ValueError, match="count is how many movers to give, not -1"):
            panel.biggest_movers(2021, -1, index="fiw")
        with pytest.raises(netfreedom.UnknownMethodologyError, match="unknown index 'fh'"):
            panel.status_changes(2021, index="fh")

    def test_compare_refuses(self) -> None:
        fotn = load_example("kazakhstan-2021")
        fiw = loads(fiw_csv(), format="csv").reports[0]
        with pytest.raises(netfreedom.ComparisonError, match="belong to different indexes"):
            compare(fotn, attrs.evolve(fiw, edition=2022))

    def test_cli(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        table = tmp_path / "fiw.csv"
        table.write_text(fiw_csv(), encoding="utf-8")
        assert main(["validate", str(table), "kazakhstan-2021"]) == 0
        assert "duplicate-report" not in capsys.readouterr().out
        fotn_only = tmp_path / "fotn.csv"
        fotn_only.write_text("country,edition,A,B,C\nK,2015,14,23,24\n", encoding="utf-8")
        assert main(["validate", "kazakhstan-2021", "--with", str(fotn_only)]) == 2
        assert capsys.readouterr().err == (
            f"netfreedom validate: error: argument --with: {fotn_only} holds no Freedom in the"
            " World report\n"
        )


class TestCsvExport:
    def test_title_rows_above_the_header(self) -> None:
        """A sheet saved as CSV keeps its title row: the header is found below it, as in the
        workbook, and findings are at the file's own lines."""
        title = "Freedom in the World 2013-2024 Raw Data" + "," * (len(FIW_HEADER) - 1)
        rows = [list(row) for row in FIW_ROWS]
        rows[1][FIW_HEADER.index("CL rating")] = "4"
        plain = loads(fiw_csv(rows), format="csv", source="t")
        for text, shift in ((f"{title}\n{fiw_csv(rows)}", 1), (f"\n{title}\n\n{fiw_csv(rows)}", 3)):
            dataset = loads(text, format="csv", source="t")
            assert dataset.reports == plain.reports
            found = errors_of(dataset.validate())
            assert [(f.code, f.location.line, f.location.column) for f in found] == [
                ("published-rating-mismatch", 3 + shift, 7)
            ]
        semicolons = fiw_csv(rows).replace(",", ";")
        dataset = loads(f"Freedom in the World, raw data\n{semicolons}", format="csv")
        assert dataset.reports == plain.reports


class TestWorkbookOut:
    def test_fh_layout_round_trip(self, tmp_path: Path) -> None:
        """panel --format xlsx writes FIW data in Freedom House's FIW layout; it reads back."""
        openpyxl = pytest.importorskip("openpyxl")
        table = tmp_path / "fiw.csv"
        table.write_text(fiw_csv(), encoding="utf-8")
        out = tmp_path / "out.xlsx"
        assert main(["panel", str(table), "--format", "xlsx", "-o", str(out)]) == 0
        sheet = openpyxl.load_workbook(out).active
        assert sheet.title == "FIW17-24"
        assert [c.value for c in sheet[2]] == FIW_HEADER
        rows = {r[0]: [str(c) for c in r] for r in sheet.iter_rows(min_row=3, values_only=True)}
        assert rows["China"] == FIW_ROWS[2]
        assert rows["Brunei"] == FIW_ROWS[4]
        again = read_dataset(out)
        assert {r.key: figures(r) for r in again.reports} == PUBLISHED
        assert [f.code for f in again.validate().findings if f.severity is Severity.ERROR] == []

    def test_rating_at_its_cell(self, tmp_path: Path) -> None:
        rows = [list(row) for row in FIW_ROWS]
        rows[0][FIW_HEADER.index("CL rating")] = "4"
        found = errors_of(read_dataset(workbook(tmp_path / "fiw.xlsx", rows)).validate())
        assert [(f.code, f.location.cell) for f in found] == [("published-rating-mismatch", "G3")]

    def test_panel_csv_reads_back(self, tmp_path: Path) -> None:
        table = tmp_path / "fiw.csv"
        table.write_text(fiw_csv(), encoding="utf-8")
        out = tmp_path / "rows.csv"
        assert main(["panel", str(table), "--format", "csv", "-o", str(out)]) == 0
        again = read_dataset(out)
        assert errors_of(again.validate()) == []
        assert {r.country for r in again.reports if r.territory} == {"Eastern Donbas"}


class TestEdges:
    """What new users met: adjustments in deltas, headline FIW data, refusals."""

    def test_add_q_moves_in_both_routes(self) -> None:
        """A move of Add Q alone is a delta of PR and of Add Q, in compare and in bulk rows."""
        before = json.loads(json.dumps(fiw_record(FIW_ROWS[3]) | {"edition": 2023}))
        before["scores"]["Add Q"] = 2
        before.pop("published")
        after = json.loads(json.dumps(fiw_record(FIW_ROWS[3])))
        after.pop("published")
        text = json.dumps([before, after])
        (delta,) = loads(text).panel().deltas().deltas
        assert {q: (c.previous, c.current) for q, c in delta.moved.items()} == {"Add Q": (2, 3)}
        assert (delta.groups["PR"].previous, delta.groups["PR"].current) == (-2, -3)
        object_rows = loads(text).panel().deltas().rows()
        assert netfreedom.bulk_loads(text).deltas()[0] == object_rows
        assert object_rows[0]["questions_moved"] == "Add Q:2>3"

    def test_headline_fiw_with_add_q(self) -> None:
        """Subcategory totals with Add Q (no questions) score, and Add Q is required."""
        table = (
            "Country/Territory,Edition,A,B,C,D,E,F,G,Add Q,PR,CL,Total,Status\n"
            "Syria,2024,0,0,0,3,0,0,1,3,-3,4,1,NF\n"
            "Estonia,2024,12,15,11,16,12,14,15,,38,57,95,F\n"
        )
        dataset = loads(table, source="h.csv", format="csv")
        syria = dataset.reports[0]
        assert (score(syria).group("PR").score, score(syria).total) == (-3, 1)
        found = errors_of(dataset.validate())
        assert [(f.code, str(f.location)) for f in found] == [
            ("missing-question", "h.csv:3:10, Estonia 2024, Add Q, $.scores.Add Q")
        ]

    def test_inconsistent_files(self) -> None:
        data = _fiw_data()
        data["adjustments"][1]["editions"] = {"first": 2019, "last": 2015}
        with pytest.raises(MethodologyError, match="'Add A' has editions 2019-2015: first after"):
            methodology_from_json(json.dumps(data), "m.json")
        data = _fiw_data()
        data["groups"][1]["categories"] = ["D", "E", "F"]
        with pytest.raises(MethodologyError, match=r"categories \['G'\] belong to no group"):
            methodology_from_json(json.dumps(data), "m.json")

    def test_json_without_index(self) -> None:
        """A JSON record naming figures only FIW has is FIW's, as a table is."""
        record = fiw_record(FIW_ROWS[1])
        record.pop("index")
        (report,) = loads(json.dumps(record)).reports
        assert report.methodology == "fiw-2013"
        assert loads(json.dumps(record | {"index": "FIW"})).reports[0].methodology == "fiw-2013"

    def test_expect_groups_and_ratings(self) -> None:
        dataset = loads(json.dumps(fiw_record(FIW_ROWS[1])))
        expected = netfreedom.Expected.parse("PR=38,PR rating=1,CL=56")
        found = [
            f for f in dataset.validate(expected=expected).findings if f.severity.value == "error"
        ]
        assert [(f.code, f.expected, f.actual, f.message) for f in found] == [
            ("expectation-mismatch", 56, 57, "CL: expected 56, computed 57 (off by +1)")
        ]

    def test_expectation_outside_the_methodology(self) -> None:
        """A=20 is possible for FOTN but not FIW (0..12): out of range for a FIW report."""
        dataset = loads(json.dumps(fiw_record(FIW_ROWS[1])))
        found = errors_of(dataset.validate(expected=netfreedom.Expected.parse("A=20")))
        assert [(f.code, f.message) for f in found] == [
            ("category-out-of-range", "expected A 20 lies outside fiw-2013's 0..12")
        ]

    def test_fractional_rating_named_as_a_rating(self) -> None:
        """A rating of 1.5 is named as its column is, and not called points."""
        row = list(FIW_ROWS[1])
        row[FIW_HEADER.index("PR rating")] = "1.5"
        record = fiw_record(FIW_ROWS[1])
        record["published"]["ratings"]["PR"] = 1.5
        for dataset in (loads(fiw_csv([row]), format="csv"), loads(json.dumps(record))):
            (found,) = errors_of(dataset.validate())
            assert (found.code, found.message) == (
                "not-whole-number",
                "PR rating is 1.5, not a whole number",
            )
            assert found.location.path is not None
            assert found.location.path.endswith("published.ratings.PR")

    def test_adjustment_out_of_range(self) -> None:
        record = fiw_record(FIW_ROWS[0])
        record["scores"]["Add Q"] = 5
        found = errors_of(loads(json.dumps(record), source="t").validate())
        assert [f.code for f in found][:1] == ["score-out-of-range"]

    def test_both_routes_agree(self) -> None:
        """Panel and delta rows of FIW data are the same by the object and the bulk route."""
        later = list(FIW_ROWS[4])
        later[3] = "2018"
        later[FIW_HEADER.index("Add A")] = "N/A"
        text = fiw_csv([*FIW_ROWS, later])
        bulk = netfreedom.bulk_loads(text, format="csv")
        panel = loads(text, format="csv").panel()
        assert bulk.rows() == panel.rows()
        assert bulk.deltas()[0] == panel.deltas().rows()
        (row,) = panel.deltas().rows()
        assert (row["PR_from"], row["PR_to"], row["questions_moved"]) == (7, 6, "Add A:1>0")
        (delta,) = panel.deltas().deltas
        assert (delta.questions["Add A"].previous, delta.questions["Add A"].current) == (1, 0)

    def test_names_exact_first_then_aliases_both_ways(self) -> None:
        fotn = load_example("kazakhstan-2021")
        row = list(FIW_ROWS[0])
        for fiw_name, fotn_name in (
            ("The Netherlands", "The Netherlands"),
            ("The Netherlands", "Netherlands"),
            ("Netherlands", "The Netherlands"),
        ):
            row[0] = fiw_name
            fiw = loads(fiw_csv([row]), format="csv").reports
            report = attrs.evolve(fotn, country=fotn_name)
            assert [f.code for f in cross_check([report], fiw)] == ["facts-fiw-agree"]
        own = cross_check(
            [attrs.evolve(fotn, country="Kazakstan")], fiw, names={"Kazakstan": "Netherlands"}
        )
        assert [f.code for f in own] == ["facts-fiw-agree"]

    def test_sources_as_a_list(self) -> None:
        with pytest.raises(
            TypeError, match=r"pass several as separate arguments: read_dataset\(\*paths\)"
        ):
            read_dataset(["a.csv", "b.csv"])  # type: ignore[arg-type]


def test_score_says_add_a_is_retired() -> None:
    record = fiw_record(FIW_ROWS[0])
    record["scores"]["Add A"] = 0
    (report,) = loads(json.dumps(record)).reports
    with pytest.raises(netfreedom.ScoringError, match="Add A not scored in 2021"):
        score(report)


def test_expectations_in_any_case_and_by_ratings() -> None:
    """--expect keys in any case; a FIW status expectation is explained by the ratings."""
    dataset = loads(json.dumps(fiw_record(FIW_ROWS[0])))
    expected = netfreedom.Expected.parse("Total=23,pr rating=7,Status=PF")
    (found,) = [
        f for f in dataset.validate(expected=expected).findings if f.severity is Severity.ERROR
    ]
    assert found.message == (
        "status: expected Partly Free, computed Not Free (PR rating 7, CL rating 5: mean 6)"
    )


def test_methodology_errors_in_plain_words() -> None:
    data = _fiw_data()
    data["adjustments"][0]["effect"] = "minus"
    with pytest.raises(MethodologyError, match='expected "add" or "subtract", got "minus"'):
        methodology_from_json(json.dumps(data), "m.json")
    data = _fiw_data()
    data["rating_bands"][1]["min"] = 3.5
    with pytest.raises(MethodologyError, match="no status band holds a mean rating of 3"):
        methodology_from_json(json.dumps(data), "m.json")


def test_territory_cell_explained() -> None:
    table = "Country/Territory,C/T,Edition,A,B,C,D,E,F,G,Add Q\nX,x,2024,1,1,1,1,1,1,1,0\n"
    (found,) = errors_of(loads(table, source="t.csv", format="csv").validate())
    assert (found.code, found.message) == (
        "invalid-value",
        'the C/T cell is "x": t for a territory, c for a country',
    )
    record = '{"country": "X", "edition": 2024, "territory": "t", "categories": {"A": 1}}'
    messages = [f.message for f in loads(record, source="t").findings]
    assert messages == ['expected true or false, got "t" (true for a territory)']


def test_fiw_given_twice_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two FIW rows for one country and edition: the box is checked against both, and said."""
    row = list(FIW_ROWS[0])
    row[FIW_HEADER.index("Total")] = "24"
    (tmp_path / "a.csv").write_text(fiw_csv([FIW_ROWS[0]]), encoding="utf-8")
    (tmp_path / "b.csv").write_text(fiw_csv([row]), encoding="utf-8")
    argv = ["validate", "kazakhstan-2021", "--with", str(tmp_path / "a.csv")]
    assert main([*argv, "--with", str(tmp_path / "b.csv")]) == 1
    assert "Freedom in the World's data gives Kazakhstan 2021 2 times" in capsys.readouterr().out


def test_json_not_applicable_hint() -> None:
    record = fiw_record(FIW_ROWS[0])
    record["scores"]["Add A"] = "N/A"
    (found,) = errors_of(loads(json.dumps(record)).validate())
    assert found.code == "not-whole-number"
    assert found.message == (
        'Add A is "N/A", not a whole number of points; leave out a figure that is not given or'
        " does not apply"
    )


def test_group_given_as_category_explained() -> None:
    """PR given as a category says it is a group, and what to give instead."""
    record = '{"country": "X", "edition": 2024, "categories": {"PR": 30, "A": 9}INDEX}'
    fotn, fiw = (
        [
            f.message
            for f in loads(record.replace("INDEX", index), source="t").validate().findings
            if f.code == "unknown-category"
        ]
        for index in ("", ', "index": "fiw"')
    )
    assert fotn == [
        "PR is not a category of fotn-2019 (a group of fiw-2013: is the report of the index 'fiw'?)"
    ]
    hint = "give those, and PR's published total under published.groups"
    assert fiw == [
        f"PR is not a category of fiw-2013 but one of its groups, the sum of categories A, B, C: {hint}"
    ]
