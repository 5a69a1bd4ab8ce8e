"""Machine output: every JSON, JSON Lines and CSV output parses, and the formats agree."""

from __future__ import annotations

import csv
import gc
import io
import json
from pathlib import Path
from typing import Any
from unittest import mock

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from netfreedom import Table, read_dataset
from netfreedom.bulk import read_bulk
from netfreedom.cli import _display, _output
from netfreedom.converter import get_converter
from netfreedom.schemas import json_schema
from test_cli import KZ_SCORES, run

EXAMPLES = Path(__file__).parents[1] / "docs" / "examples"
IVORY = 'Côte d\'Ivoire, "the"'  # a comma, quotes and a letter outside ASCII

#: A panel out of order: legacy and modern editions, a country CSV must quote, a report
#: that cannot be scored (A2 above its maximum), and a gap that leaves it out of the deltas.
RECORDS: list[dict[str, Any]] = [
    {"country": "Kazakhstan", "edition": 2021, "scores": KZ_SCORES},
    {"country": IVORY, "edition": 2016, "categories": {"A": 12, "B": 20, "C": 25}},
    {"country": "Kazakhstan", "edition": 2020, "scores": {**KZ_SCORES, "A3": 1}},
    {"country": IVORY, "edition": 2015, "categories": {"A": 14, "B": 23, "C": 24}},
    {"country": "Kazakhstan", "edition": 2019, "scores": {**KZ_SCORES, "A2": 9}},
    {"country": "Kazakhstan", "edition": 2018, "categories": {"A": 14, "B": 20, "C": 26}},
    {"country": IVORY, "edition": 2019, "scores": {**KZ_SCORES, "C7": 5}},
]


@pytest.fixture
def panel(tmp_path: Path) -> Path:
    path = tmp_path / "panel.json"
    path.write_text(json.dumps(RECORDS, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(params=["one file", "two files"])
def sources(request: pytest.FixtureRequest, panel: Path) -> list[str]:
    """The panel alone (one set of columns), or with a CSV file (rows of several kinds)."""
    return [str(panel)] + ([str(EXAMPLES / "panel.csv")] if request.param == "two files" else [])


def _lines(text: str) -> list[Any]:
    """JSON Lines: every line one JSON value (U+2028 and the like are no line breaks)."""
    assert text.endswith("\n") or not text
    return [json.loads(line) for line in text.removesuffix("\n").split("\n")] if text else []


def _array(text: str) -> list[Any]:
    """The array layout: brackets on lines of their own, one compact record per line."""
    data = json.loads(text)
    assert isinstance(data, list)
    lines = text.removesuffix("\n").split("\n")
    if not data:
        assert ["[]"] == lines
        return data
    assert (lines[0], lines[-1]) == ("[", "]")
    assert all(line.startswith("  {") and line.endswith("},") for line in lines[1:-2])
    assert data == [json.loads(line.strip().removesuffix(",")) for line in lines[1:-1]]
    return data


def _cell(value: object) -> str:
    """What CSV holds for a JSON value: the empty string for null, else Python's str."""
    return "" if value is None else str(value)


def _csv(text: str) -> tuple[list[str], list[list[str]]]:
    header, *rows = csv.reader(io.StringIO(text))
    return header, rows


def _agree(records: list[dict[str, Any]], csv_text: str) -> None:
    """JSON records and CSV rows hold the same values under the same names, in order."""
    header, rows = _csv(csv_text)
    assert all(list(record) == header for record in records)
    assert [[_cell(v) for v in record.values()] for record in records] == rows


class TestPanel:
    @pytest.mark.parametrize("deltas", [False, True], ids=["scores", "deltas"])
    def test_formats_agree(
        self, capsys: pytest.CaptureFixture[str], sources: list[str], deltas: bool
    ) -> None:
        """csv, json and jsonl write the same rows, value for value, and exit alike."""
        flag = ["--deltas"] if deltas else []
        outputs = {}
        for fmt in ("csv", "json", "jsonl"):
            code, out, _ = run(capsys, "panel", *sources, *flag, "--format", fmt)
            outputs[fmt] = out
            assert 1 == code  # the report that cannot be scored is an error
        records = _array(outputs["json"])
        assert all(isinstance(r, dict) for r in records)
        assert records == _lines(outputs["jsonl"])
        _agree(records, outputs["csv"])
        assert len(records) > 3

    def test_scores(self, capsys: pytest.CaptureFixture[str], sources: list[str]) -> None:
        """Scores are the panel's rows sorted by country and edition, null where it has none."""
        records = _array(run(capsys, "panel", *sources, "--format", "json")[1])
        rows = sorted(read_bulk(*sources).rows(), key=lambda r: (r["country"], r["edition"]))
        columns = read_bulk(*sources).table().columns
        assert [{c: row.get(c) for c in columns} for row in rows] == records

    def test_deltas(self, capsys: pytest.CaptureFixture[str], sources: list[str]) -> None:
        """Delta rows are the flat rows of delta_table, and agree with the nested deltas."""
        records = _array(run(capsys, "panel", *sources, "--deltas", "--format", "json")[1])
        table, _ = read_bulk(*sources).delta_table()
        assert table.dicts() == records
        nested = read_dataset(*sources).panel().deltas().deltas
        assert [
            (d.country, d.previous_edition, d.current_edition, d.total.delta) for d in nested
        ] == [(r["country"], r["from_edition"], r["to_edition"], r["total_delta"]) for r in records]

    def test_non_ascii(self, capsys: pytest.CaptureFixture[str], panel: Path) -> None:
        """Text outside ASCII is written as it is, in every format."""
        for fmt in ("csv", "json", "jsonl"):
            assert (
                IVORY.replace('"', '\\"' if fmt != "csv" else '""')
                in run(capsys, "panel", str(panel), "--format", fmt)[1]
            )

    def test_empty(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """No deltas: an empty array, no lines, no CSV rows."""
        path = tmp_path / "one.json"
        path.write_text(json.dumps(RECORDS[:1]), encoding="utf-8")
        assert "[]\n" == run(capsys, "panel", str(path), "--deltas", "--format", "json")[1]
        assert "" == run(capsys, "panel", str(path), "--deltas", "--format", "jsonl")[1]
        assert [] == _csv(run(capsys, "panel", str(path), "--deltas", "--format", "csv")[1])[1]


def test_collector_back_on(capsys: pytest.CaptureFixture[str], panel: Path) -> None:
    """The command pauses the cyclic garbage collector and turns it back on afterwards."""
    assert gc.isenabled()
    run(capsys, "panel", str(panel), "--format", "jsonl")
    assert gc.isenabled()


class TestScore:
    def test_one_report(self, capsys: pytest.CaptureFixture[str]) -> None:
        """One report: an indented object in json, one line in jsonl, the same object."""
        _, json_out, _ = run(capsys, "score", "kazakhstan-2021", "--format", "json")
        _, lines_out, _ = run(capsys, "score", "kazakhstan-2021", "--format", "jsonl")
        assert json_out.startswith('{\n  "country": "Kazakhstan",\n')
        assert [json.loads(json_out)] == _lines(lines_out)
        assert 1 == lines_out.count("\n")

    def test_panel(self, capsys: pytest.CaptureFixture[str], panel: Path) -> None:
        """A panel: an array of scorecards a line each, or a scorecard per line."""
        code, json_out, err = run(capsys, "score", str(panel), "--format", "json")
        assert (1, code) == (err.count(": error: "), 1)  # A2 = 9 cannot be scored
        cards = _array(json_out)
        assert cards == _lines(run(capsys, "score", str(panel), "--format", "jsonl")[1])
        assert [(c["country"], c["edition"]) for c in cards] == [
            (r["country"], r["edition"]) for r in RECORDS if r is not RECORDS[4]
        ]

    def test_batches(self, capsys: pytest.CaptureFixture[str], panel: Path) -> None:
        """Scorecards written a few at a time make the same output."""
        whole = run(capsys, "score", str(panel), "--format", "json")[1]
        with mock.patch.object(_output, "BATCH", 2):
            assert whole == run(capsys, "score", str(panel), "--format", "json")[1]

    def test_unscorable_report(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """One report that cannot be scored: [] in json (as before), nothing in jsonl."""
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(RECORDS[4]), encoding="utf-8")
        assert (1, "[]\n") == run(capsys, "score", str(path), "--format", "json")[:2]
        assert (1, "") == run(capsys, "score", str(path), "--format", "jsonl")[:2]


class TestValidate:
    @pytest.mark.parametrize("limit", [None, 0, 2, 100])
    def test_formats_agree(
        self, capsys: pytest.CaptureFixture[str], panel: Path, limit: int | None
    ) -> None:
        """json is the converter's report; jsonl its findings a line each, then the summary."""
        cut = [] if limit is None else ["--max-findings", str(limit)]
        code, json_out, _ = run(capsys, "validate", str(panel), "--format", "json", *cut)
        lines_code, lines_out, _ = run(capsys, "validate", str(panel), "--format", "jsonl", *cut)
        data = json.loads(json_out)
        jsonschema.validate(data, json_schema("validation-report"))
        expected = get_converter().unstructure(read_bulk(str(panel)).validate())
        if limit is not None and limit < len(expected["findings"]):
            expected["findings"] = expected["findings"][:limit]
            expected["shown"] = limit
        assert (expected, 1) == (data, code)
        *findings, summary = _lines(lines_out)
        assert (findings, summary, 1) == (
            data["findings"],
            {k: v for k, v in data.items() if k != "findings"},
            lines_code,
        )
        assert all("code" in f for f in findings)
        assert "code" not in summary

    def test_layout(self, capsys: pytest.CaptureFixture[str], panel: Path) -> None:
        """The summary is indented; the findings one a line, each four spaces in."""
        out = run(capsys, "validate", str(panel), "--format", "json")[1]
        head, _, rest = out.partition('  "findings": [\n')
        assert head.startswith('{\n  "valid": false,\n  "reports": 7,\n  "counts": {\n')
        lines = rest.split("\n")
        assert ["  ]", "}", ""] == lines[-3:]
        assert all(line.startswith("    {") for line in lines[:-3])

    def test_clean(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """No findings: an empty list in json, only the summary line in jsonl."""
        path = tmp_path / "clean.json"
        path.write_text(json.dumps(RECORDS[:1]), encoding="utf-8")
        assert '  "findings": []\n}\n' in run(capsys, "validate", str(path), "--format", "json")[1]
        assert [{"valid": True, "reports": 1, "counts": {
            "by_severity": {"error": 0, "warning": 0, "info": 0}, "by_code": {}}}] == _lines(
            run(capsys, "validate", str(path), "--format", "jsonl")[1]
        )  # fmt: skip


class TestDiff:
    def test_formats_agree(self, capsys: pytest.CaptureFixture[str]) -> None:
        """diff: the nested delta, indented in json, on one line in jsonl."""
        old, new = str(EXAMPLES / "kazakhstan-2020.json"), "kazakhstan-2021"
        _, json_out, _ = run(capsys, "diff", old, new, "--format", "json")
        _, lines_out, _ = run(capsys, "diff", old, new, "--format", "jsonl")
        assert json_out.startswith('{\n  "country": "Kazakhstan",\n')
        assert [json.loads(json_out)] == _lines(lines_out)
        assert {"from": 32, "to": 33, "delta": 1} == json.loads(lines_out)["total"]


# Writers, on arbitrary tables

text = st.text(max_size=12) | st.sampled_from(
    ["", "None", "null", 'Say "when"', "a,b", "line\nbreak", "cr\r", "tab\t", "\u2028", "é,ü"]
)
cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    text,
)


@st.composite
def tables(draw: st.DrawFn) -> Table:
    width = draw(st.integers(1, 5))
    columns = tuple(draw(st.lists(text, min_size=width, max_size=width, unique=True)))
    rows = draw(st.lists(st.tuples(*[cells] * width), max_size=25))
    return Table(columns, [[row[k] for row in rows] for k in range(width)])


@st.composite
def ordered_tables(draw: st.DrawFn) -> tuple[Table, list[int] | None]:
    table = draw(tables())
    return table, draw(st.none() | st.permutations(range(len(table))))


def _write(table: Table, fmt: str, order: list[int] | None = None) -> str:
    out = io.StringIO()
    _output.write_table(table, out, fmt, order)
    return out.getvalue()


class TestWriters:
    @given(ordered_tables(), st.sampled_from([1, 3, 10_000]))
    def test_round_trip(self, case: tuple[Table, list[int] | None], chunk: int) -> None:
        """Every writer gives back the table's values, in order, whatever the chunk size."""
        table, order = case
        dicts = table.dicts()
        expected = dicts if order is None else [dicts[i] for i in order]
        with mock.patch.object(_display, "_CHUNK", chunk):
            assert expected == _array(_write(table, "json", order))
            assert expected == _lines(_write(table, "jsonl", order))
            header, rows = _csv(_write(table, "csv", order))
        assert (list(table.columns), [[_cell(v) for v in r.values()] for r in expected]) == (
            header,
            rows,
        )

    @given(
        st.lists(st.recursive(cells, lambda inner: st.lists(inner) | st.dictionaries(text, inner)))
    )
    def test_records(self, records: list[Any]) -> None:
        """Any JSON-ready records, in any batches, parse back as they were."""
        for lines in (False, True):
            out = io.StringIO()
            _output.write_records(_output.batches(records, 3), out, lines=lines)
            text = out.getvalue()
            written = _lines(text) if lines else json.loads(text)
            assert records == written
            assert text.count("\n") == (
                len(records) if lines else len(records) + 2 if records else 1
            )

    def test_array_layout(self) -> None:
        """The exact text of the array layout."""
        table = Table(("a", "b"), [[1, 2], ["x", None]])
        assert '[\n  {"a":1,"b":"x"},\n  {"a":2,"b":null}\n]\n' == _write(table, "json")
        assert '{"a":1,"b":"x"}\n{"a":2,"b":null}\n' == _write(table, "jsonl")
        assert "[]\n" == _write(Table(("a",), [[]]), "json")

    @pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
    def test_bounded(self, fmt: str) -> None:
        """The text is written a chunk at a time: no write holds the whole output."""
        table = Table(("n", "name"), [list(range(1000)), [f"row {i}" for i in range(1000)]])
        out = _Writes()
        with mock.patch.object(_display, "_CHUNK", 100):
            _output.write_table(table, out, fmt)
        assert max(map(len, out.writes)) < len(out.getvalue()) / 5

    def test_aligned_bounded(self) -> None:
        """An aligned table is written a chunk at a time, aligned to the widest value of all."""
        names = [f"row {i}" for i in range(1000)]
        table = Table(
            ("n", "A1", "name", "x"), [list(range(1000)), [0] * 1000, names, [None] * 1000]
        )
        out = _Writes()
        with mock.patch.object(_display, "_CHUNK", 100):
            _display.write_aligned(table, out, order=list(range(999, -1, -1)))
        assert max(map(len, out.writes)) < len(out.getvalue()) / 5
        lines = out.getvalue().splitlines()
        assert (lines[0], lines[1], lines[-1]) == ("n    name     x", "999  row 999", "0    row 0")

    def test_batches(self) -> None:
        """Batches hold `BATCH` records, the last one fewer."""
        assert [[0, 1], [2, 3], [4]] == list(_output.batches(range(5), 2))
        assert [] == list(_output.batches([]))
        with mock.patch.object(_output, "BATCH", 4):
            assert [4, 1] == list(map(len, _output.batches(range(5))))


class _Writes(io.StringIO):
    """A text stream that remembers each write."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def write(self, s: str, /) -> int:
        self.writes.append(s)
        return super().write(s)
