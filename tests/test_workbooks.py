"""Freedom House's workbooks: read in their published layout, written back in it."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from netfreedom import loads, read_dataset, score
from netfreedom.cli import main

if TYPE_CHECKING:
    import pytest

#: Real rows of Freedom House's FOTN 2024 workbook (issue 14).
ROWS = """\
Angola, 2024, PF, 2,1,5,3,1, 12, 6,3,4,3,2,2,3,5, 28, 2,1,3,3,2,3,3,2, 19, 59
Argentina, 2024, F, 5,2,6,4,2, 19, 5,3,3,3,2,2,3,6, 27, 4,2,4,2,3,4,4,2, 25, 71
Kazakhstan, 2024, NF, 5,2,3,2,0, 12, 2,1,1,1,1,1,2,3, 12, 1,0,2,1,2,2,2,0, 10, 34
Iceland, 2024, F, 6,3,6,6,4, 25, 5,4,4,4,4,3,4,6, 34, 6,3,6,4,6,4,5,1, 35, 94
China, 2024, NF, 5,1,1,0,0, 7, 0,0,0,0,0,0,1,1, 2, 0,0,0,0,0,0,0,0, 0, 9"""

HEADER = ["Country", "Edition", "Status",
          "A1", "A2", "A3", "A4", "A5", "A",
          "B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B",
          "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C", "Total"]  # fmt: skip
STATUSES = {"F": "Free", "PF": "Partly Free", "NF": "Not Free"}


def rows() -> list[list[Any]]:
    parsed = []
    for line in ROWS.splitlines():
        cells = [cell.strip() for cell in line.split(",")]
        parsed.append([cells[0], int(cells[1]), cells[2], *map(int, cells[3:])])
    return parsed


def fotn_2024(path: Path, change: dict[str, Any] | None = None) -> Path:
    """A workbook in the published FOTN 2024 layout, with ``change`` applied to its cells."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "FOTN 2024 score data"
    sheet["A1"] = "Freedom on the Net 2024 country score data"
    sheet.merge_cells("A1:AB1")
    sheet.append(HEADER)
    for row in rows():
        sheet.append(row)
    notes = book.create_sheet("Understanding our data")
    notes["A1"] = "Scores are on the 100-to-0 scale, inverted to align with Freedom in the World."
    notes["A2"] = "100-70 Free, 69-40 Partly Free, 39-0 Not Free"
    for cell, value in (change or {}).items():
        sheet[cell] = value
    book.save(path)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


class TestPublishedLayout:
    def test_validates(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """The FOTN 2024 layout validates: exit 0, no error; the notes sheet is skipped."""
        code, out, _ = run(
            capsys, "validate", str(fotn_2024(tmp_path / "f.xlsx")), "--format", "json"
        )
        report = json.loads(out)
        assert (0, True, 5) == (code, report["valid"], report["reports"])
        assert report["counts"]["by_code"] == {"sheet-skipped": 1, "published-figures-agree": 5}

    def test_golden_totals(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """Each row's computed total and status are its Total and Status cells."""
        code, out, _ = run(capsys, "score", str(fotn_2024(tmp_path / "f.xlsx")), "--format", "json")
        cards = json.loads(out)
        assert code == 0
        assert [(c["country"], c["total"], c["status"]) for c in cards] == [
            (row[0], row[-1], STATUSES[row[2]]) for row in rows()
        ]
        assert [[c["categories"][k]["score"] for k in "ABC"] for c in cards] == [
            [row[8], row[17], row[26]] for row in rows()
        ]

    def test_cell_located(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """An out-of-range score is reported at its sheet and cell in text, JSON and github."""
        path = str(fotn_2024(tmp_path / "f.xlsx", {"E5": 9}))  # Kazakhstan's A2
        code, out, _ = run(capsys, "validate", path)
        assert code == 1
        assert (
            "  FOTN 2024 score data!E5, Kazakhstan 2024, A2, $.scores.A2: error: A2 scores 9,"
            " outside 0..3 [score-out-of-range]"
        ) in out.splitlines()
        code, out, _ = run(capsys, "validate", path, "--format", "json")
        (found,) = [f for f in json.loads(out)["findings"] if f["severity"] == "error"]
        assert found["location"] == {
            "source": path, "country": "Kazakhstan", "edition": 2024, "question": "A2",
            "path": "$.scores.A2", "sheet": "FOTN 2024 score data", "row": 5, "column": 5,
            "cell": "E5",
        }  # fmt: skip
        code, out, _ = run(capsys, "validate", path, "--format", "github")
        assert (
            f"::error file={path},title=score-out-of-range::FOTN 2024 score data!E5,"
            " Kazakhstan 2024, A2, $.scores.A2: A2 scores 9, outside 0..3"
        ) in out.splitlines()

    def test_published_figures_checked(self, tmp_path: Path) -> None:
        """A Total or Status cell that disagrees with the scores is an error at that cell (a
        Status at odds with a Total that agrees: the band's finding, once)."""
        path = str(fotn_2024(tmp_path / "f.xlsx", {"AB3": 60, "C4": "NF", "I3": 13}))
        result = read_dataset(path).validate()
        assert sorted(
            (f.code, f.location.cell) for f in result.findings if f.severity.rank == 2
        ) == [
            ("category-sum-mismatch", "I3"),
            ("published-status-band", "C4"),
            ("published-total-mismatch", "AB3"),
        ]


class TestVariants:
    def test_real_files_vary(self, tmp_path: Path) -> None:
        """Header lower down, columns reordered, an extra column, text and float cells,
        merged cells, empty trailing rows: all read; the extra column is listed."""
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Scores"
        sheet["A2"] = "Freedom on the Net, scores by country"
        order = ["Notes", "Edition", *HEADER[3:], "Country/Territory", "STATUS"]
        sheet.append([])
        sheet.append(order)  # row 4
        for n, row in enumerate(rows()[:2]):
            cells = dict(zip(HEADER, row, strict=True))
            values = [cells.get(name, "Africa") for name in order[:-2]] + [
                cells["Country"],
                cells["Status"],
            ]
            values[order.index("A1")] = str(values[order.index("A1")])  # a number as text
            values[order.index("B1")] = float(values[order.index("B1")])  # 5.0
            if n == 1:
                values[1] = None  # its edition comes from the merged cell above
            sheet.append(values)
        sheet.merge_cells("B5:B6")
        sheet.append([])
        sheet.append([None] * 3)
        path = tmp_path / "v.xlsx"
        book.save(path)
        dataset = read_dataset(path)
        assert [(r.country, r.edition, score(r).total) for r in dataset.reports] == [
            ("Angola", 2024, 59), ("Argentina", 2024, 71),
        ]  # fmt: skip
        assert [(f.code, str(f.location)) for f in dataset.findings] == [
            ("extra-column", f"{path} \u203a Scores!A4")
        ]

    def test_report_findings_have_no_column(self, tmp_path: Path) -> None:
        """A finding about a whole report is at its row, not at a column the table does not read."""
        header: list[str | int] = ["country", "edition", "A", "B", "C", "notes"]
        rows: list[list[str | int]] = [["Land", 2015, 10, 10, 10, "x"]]
        rows.append(["Land", 2015, 10, 10, 10, "y"])
        rows.append(["land", 2017, 1, 1, 1, "z"])
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "S"
        for row in [header, *rows]:
            sheet.append(row)
        book.save(tmp_path / "n.xlsx")
        text = "\n".join(",".join(map(str, row)) for row in [header, *rows])
        for dataset, place in (
            (loads(text, format="csv", source="n.csv"), "n.csv:"),
            (read_dataset(tmp_path / "n.xlsx"), f"{tmp_path / 'n.xlsx'} \u203a S, row "),
        ):
            found = [f for f in dataset.validate().findings if f.code != "extra-column"]
            assert [(f.code, f.location.column, str(f.location)) for f in found] == [
                ("duplicate-report", None, f"{place}3, Land 2015"),
                ("country-name-variants", None, f"{place}4, land 2017"),
            ]

    def test_formula_without_value(self, tmp_path: Path) -> None:
        """A formula the workbook never computed is a finding at its cell."""
        path = fotn_2024(tmp_path / "f.xlsx", {"D3": "=1+1"})
        found = [(f.code, f.location.cell, f.message) for f in read_dataset(path).findings]
        assert found == [
            ("sheet-skipped", None, ("no score table: none of its first 20 rows names the columns"
             " Country and Edition")),
            ("not-whole-number", "D3",
             'A1 is "=1+1 (a formula with no saved value)", not a whole number of points'),
        ]  # fmt: skip

    def test_hidden_sheet(self, tmp_path: Path) -> None:
        """A hidden sheet is not read, and a finding says so."""
        path = fotn_2024(tmp_path / "f.xlsx")
        book = openpyxl.load_workbook(path)
        copy = book.copy_worksheet(book["FOTN 2024 score data"])
        copy.sheet_state = "hidden"
        book.save(path)
        dataset = read_dataset(path)
        assert len(dataset.reports) == 5
        assert ("sheet-skipped", "the sheet is hidden: not read") in [
            (f.code, f.message) for f in dataset.findings
        ]

    def test_no_table(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A workbook without a score table cannot be used: exit 2, naming its sheets."""
        book = openpyxl.Workbook()
        path = tmp_path / "n.xlsx"
        book.save(path)
        code, _, err = run(capsys, "validate", str(path))
        assert (2, True) == (code, "no sheet holds a score table" in err and "'Sheet'" in err)

    def test_not_a_workbook(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A file named .xlsx that is no workbook is unusable input, said in a line."""
        path = tmp_path / "x.xlsx"
        path.write_bytes(b"PK\x03\x04 not really")
        code, _, err = run(capsys, "validate", str(path))
        assert (2, True, False) == (code, "not a readable workbook" in err, "Traceback" in err)

    def test_extra_missing(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without openpyxl, reading a workbook says which extra to install: exit 2."""
        path = str(fotn_2024(tmp_path / "f.xlsx"))
        monkeypatch.setitem(sys.modules, "openpyxl", None)
        code, _, err = run(capsys, "validate", path)
        assert (2, ("netfreedom: error: openpyxl: workbooks need the excel extra:"
                " pip install 'netfreedom[excel]'\n")) == (code, err)  # fmt: skip


class TestHeaders:
    def test_csv_with_freedom_house_names(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """The same table saved as CSV reads: FH's column names, F/PF/NF statuses."""
        path = tmp_path / "fh.csv"
        lines = [",".join(HEADER), *(",".join(map(str, row)) for row in rows())]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        code, out, _ = run(capsys, "validate", str(path), "--format", "json")
        assert (0, 5) == (code, json.loads(out)["reports"])
        statuses = [r.published.status for r in read_dataset(path).reports]
        assert [s.value if s else None for s in statuses] == [STATUSES[r[2]] for r in rows()]


class TestWorkbooksOut:
    def test_reads_back(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """panel --format xlsx writes FH's layout; it reads back to the same reports."""
        source = fotn_2024(tmp_path / "f.xlsx")
        legacy = tmp_path / "k.csv"
        legacy.write_text("country,edition,A,B,C\nKazakhstan,2015,14,23,24\n", encoding="utf-8")
        out = tmp_path / "out.xlsx"
        code, _, _ = run(capsys, "panel", str(source), str(legacy), "--deltas", "--format", "xlsx",
                         "-o", str(out))  # fmt: skip
        assert code == 0
        book = openpyxl.load_workbook(out)
        assert book.sheetnames == ["FOTN 2015-2024 score data", "Score changes"]
        sheet = book.worksheets[0]
        assert [c.value for c in sheet[2]] == HEADER
        assert [c.value for c in sheet[3]] == rows()[0]
        before = {r.key: r for r in read_dataset(source, legacy).reports}
        after = {r.key: r for r in read_dataset(out).reports}
        assert before.keys() == after.keys()
        for key, report in before.items():
            again = after[key]
            assert (again.methodology, dict(again.scores)) == (
                report.methodology,
                dict(report.scores),
            )
            assert score(again) == score(report)
        assert read_dataset(out).validate().valid

    def test_needs_output_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format xlsx without -o is a usage error."""
        code, out, err = run(capsys, "panel", "kazakhstan-2021", "--format", "xlsx")
        assert (2, "", True) == (code, out, "give -o FILE" in err)

    def test_format_from_the_output_file(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """-o FILE.xlsx writes a workbook, FILE.csv CSV; text into an .xlsx is refused."""
        book, table = tmp_path / "p.xlsx", tmp_path / "p.csv"
        assert run(capsys, "panel", "kazakhstan-2021", "-o", str(book))[0] == 0
        assert book.read_bytes()[:2] == b"PK"  # a zip: a workbook
        assert run(capsys, "panel", "kazakhstan-2021", "-o", str(table))[0] == 0
        assert table.read_text(encoding="utf-8").startswith("country,edition,methodology,")
        code, _, err = run(capsys, "panel", "kazakhstan-2021", "--format", "csv", "-o", str(book))
        said = f"netfreedom panel: error: -o {book} names a workbook: give --format xlsx\n"
        assert (code, err) == (2, said)
        code, _, err = run(capsys, "panel", "kazakhstan-2021", "--format", "xlsx", "-o", str(table))
        said = f"netfreedom panel: error: -o {table} names a csv file: name a workbook .xlsx\n"
        assert (code, err) == (2, said)
        assert run(capsys, "panel", "kazakhstan-2021", "-o", str(tmp_path / "p.xlsm"))[0] == 0
        assert (tmp_path / "p.xlsm").read_bytes()[:2] == b"PK"


class TestEdges:
    def test_header_only_sheet(self, tmp_path: Path) -> None:
        """A table without rows is a no-reports warning, as for CSV."""
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(HEADER)
        book.save(tmp_path / "h.xlsx")
        assert [f.code for f in read_dataset(tmp_path / "h.xlsx").findings] == ["no-reports"]

    def test_only_table_hidden(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """When the only table is on a hidden sheet, the error says so."""
        path = fotn_2024(tmp_path / "f.xlsx")
        book = openpyxl.load_workbook(path)
        book["FOTN 2024 score data"].sheet_state = "hidden"
        book.active = 1
        book.save(path)
        code, _, err = run(capsys, "validate", str(path))
        assert (2, True) == (code, "hidden sheets are not read: 'FOTN 2024 score data'" in err)

    def test_output_dash_is_stdout(self, capsys: pytest.CaptureFixture[str]) -> None:
        """-o - writes to standard output; a workbook is never written there."""
        code, out, _ = run(capsys, "panel", "kazakhstan-2021", "--format", "csv", "-o", "-")
        assert (0, "country,edition,methodology,") == (code, out[:28])
        assert run(capsys, "panel", "kazakhstan-2021", "--format", "xlsx", "-o", "-")[0] == 2


class TestAnyCells:
    @settings(max_examples=25, deadline=None)
    @given(
        st.lists(
            st.lists(
                st.one_of(
                    st.none(),
                    st.integers(-(10**6), 10**6),
                    st.floats(allow_nan=False, allow_infinity=False),
                    st.text(
                        st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=8
                    ).filter(lambda t: not t.startswith("=")),
                    st.booleans(),
                    st.dates(),
                    st.sampled_from(["F", "PF", "NF", "N/A", "=1+1", "2024", "5.0"]),
                ),
                min_size=0,
                max_size=30,
            ),
            max_size=6,
        )
    )
    def test_no_surprises(self, cells: list[list[Any]]) -> None:
        """Whatever the cells hold, a workbook reads into reports and findings, never a crash."""
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.append(["Freedom on the Net 2024 country score data"])
        sheet.append(HEADER)
        for row in cells:
            sheet.append(row)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "any.xlsx"
            book.save(path)
            dataset = read_dataset(path)
            report = dataset.validate()
            assert report.reports == len(dataset.entries)
            assert all(f.location.sheet == "Sheet" for f in report.findings if f.location.row)
