"""The column path gives exactly the object path's answers."""

from __future__ import annotations

import csv
import gc
import io
import json
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netfreedom import Dataset, LoadError, Table, read_dataset
from netfreedom._reading import csvfile, read_all, table
from netfreedom._reading.records import build_report, parse_json
from netfreedom._reading.sources import format_of
from netfreedom.batch import columns_of
from netfreedom.bulk import bulk_loads, read_bulk
from netfreedom.errors import SourceLocation
from netfreedom.findings import Finding, Location
from netfreedom.methodologies import index_of_ids
from strategies import FIW_HEADER, FIW_ROWS, MODERN, fiw_csv, fiw_record

if TYPE_CHECKING:
    from collections.abc import Callable

    from netfreedom.bulk import BulkDataset

QUESTIONS = [q.id for q in MODERN.questions]
MAXIMA = {q.id: q.max for q in MODERN.questions}
COUNTRIES = ["Aland", "Borduria", 'Say "when"', "  Padded  ", ""]


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:  # noqa: C901, PLR0912, PLR0915 - a branch per kind of damage
    """A record that is usually simple and valid, sometimes broken or rich in one way."""
    country = draw(st.sampled_from(COUNTRIES[:2]) | st.sampled_from(COUNTRIES))
    edition = draw(st.sampled_from([2014, 2015, 2018, 2019, 2020, 2021, 2010]))
    record: dict[str, Any] = {"country": country, "edition": edition}
    if edition >= 2019 and draw(st.booleans()):
        record["scores"] = {q: draw(st.integers(0, m)) for q, m in MAXIMA.items()}
    else:
        record["categories"] = {
            c: draw(st.integers(0, m)) for c, m in (("A", 25), ("B", 35), ("C", 40))
        }
    field = "scores" if "scores" in record else "categories"
    damage = draw(st.sampled_from(["none"] * 6 + ["range", "fraction", "bool", "text", "missing",
                                                  "extra", "published", "methodology", "edition",
                                                  "no-edition", "no-country", "stated", "whole",
                                                  "padded", "null", "null-score",
                                                  "no-notes", "coverage", "published-categories"]))  # fmt: skip
    key = draw(st.sampled_from(sorted(record[field])))
    if damage == "range":
        record[field][key] = draw(st.sampled_from([99, -1, 300, 10**20]))
    elif damage == "fraction":
        record[field][key] = 1.5
    elif damage == "whole":  # as pandas writes a column with a gap
        record[field][key] = float(record[field][key])
    elif damage == "padded":  # a number in JSON, not in CSV
        record[field][key] = f" {record[field][key]} "
    elif damage == "null":  # an optional field given as null: not given
        name = draw(st.sampled_from(["categories", "published", "methodology", "region"]))
        if name != field:
            record[name] = None
    elif damage == "null-score":  # a figure given as null: a finding
        record[field][key] = None
    elif damage == "no-notes":  # an empty list of Score Change notes
        record["score_changes"] = []
    elif damage == "coverage":  # a coverage period, sometimes not one
        start = draw(st.sampled_from(["2020-06-01", "2020-13-01", 20200601]))
        record["coverage"] = {"start": start, "end": "2021-05-31"}
    elif damage == "bool":
        record[field][key] = True
    elif damage == "text":
        record[field][key] = "3"
    elif damage == "missing":
        del record[field][key]
    elif damage == "extra":
        record[field]["Z9"] = 1
    elif damage == "published":
        record["published"] = {
            "total": draw(st.integers(0, 100)),
            "last_year_total": draw(st.integers(0, 100)),
        }
    elif damage == "published-categories":  # some or all of them, some out of range or unknown
        named = draw(st.lists(st.sampled_from(["A", "B", "C", "A", "B", "C", "D"]), unique=True))
        record["published"] = {
            "categories": {c: draw(st.sampled_from([0, 5, 11, 30, 41])) for c in named},
            "total": draw(st.sampled_from([None, 33])),
            "last_year_total": draw(st.sampled_from([None, 32, 120])),
        }
    elif damage == "methodology":
        record["methodology"] = draw(st.sampled_from(["fotn-2019", "fotn-legacy"]))
    elif damage == "edition":
        record["edition"] = draw(st.sampled_from(["2020", 2020.0, None, True]))
    elif damage in ("no-edition", "no-country"):
        del record[damage.removeprefix("no-")]
    elif damage == "stated" and field == "scores":  # category totals beside the scores
        record["categories"] = {
            c: sum(v for q, v in record["scores"].items() if q.startswith(c)) for c in "ABC"
        }
        record["categories"][draw(st.sampled_from("ABC"))] += draw(st.sampled_from([0, 0, 1]))
    return record


def _csv(items: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["country", "edition", *QUESTIONS, "A", "B", "C", "total",
                                             "last_year_total"], lineterminator="\n")  # fmt: skip
    writer.writeheader()
    for item in items:
        published = item.get("published") or {}  # null: not given
        row = {"country": item.get("country", ""), "edition": item.get("edition", ""), **(item.get("scores") or {}),
               **(item.get("categories") or {}), "total": published.get("total", ""),
               "last_year_total": published.get("last_year_total", "")}  # fmt: skip
        writer.writerow({k: v for k, v in row.items() if k in writer.fieldnames})
    return out.getvalue()


def _unreadable(read: Callable[[Path], object], path: Path) -> str | None:
    try:
        read(path)
    except LoadError as error:
        return str(error)
    return None


def _csv_pairs(text: str, source: str, findings: list[Any]) -> list[tuple[Any, Location]]:
    """The records of a CSV text, each with its location (the reference reading)."""
    lines, rows = csvfile._rows(text, source)  # noqa: SLF001 - the reference reading
    at = table.header_row(rows)
    if at is None:
        raw = rows[0] if rows else []
        shown = ", ".join(repr(name) for name in raw[:6]) + (", …" if len(raw) > 6 else "")
        message = (
            "CSV header must name the columns country and edition (in one of the first"
            f" {table.HEADER_ROWS} lines); found {shown}"
        )
        raise LoadError(SourceLocation(source, line=1), message)
    header, first = table.column_names(rows[at]), lines[at]
    lines, rows = lines[at + 1 :], rows[at + 1 :]
    at_header = lambda _: Location(source=source, line=first)  # noqa: E731
    findings += table._header_findings(header, at_header)  # noqa: SLF001
    findings += table._unnamed_findings(header, rows, at_header)  # noqa: SLF001
    used = [name if table._is_figure(name) else "" for name in header]  # noqa: SLF001
    fitted = index_of_ids(used) or "fotn"
    index = None if {"index", "methodology"} & set(used) else fitted
    pairs = []
    for line, row in zip(lines, rows, strict=True):
        if any(cell.strip() for cell in row):
            where = Location(source=source, line=line, header=tuple(used))
            record, problems = table._record(used, row, where, index, fitted)  # noqa: SLF001
            findings += problems
            pairs.append((record, where))
    return pairs


def reference(path: Path) -> Dataset:
    """The records of a file read by the json or csv module, each through the lenient stage."""
    text = path.read_text(encoding="utf-8-sig")
    source, kind = str(path), format_of(str(path), text)
    if not text.strip() and kind != "jsonl":
        raise LoadError(SourceLocation(source), "empty input: no reports to read")
    findings: list[Any] = []
    if kind == "csv":
        pairs = _csv_pairs(text, source, findings)
    elif kind == "jsonl":
        pairs = [(parse_json(line, source, n - 1), Location(source=source, line=n))
                 for n, line in enumerate(text.splitlines(), start=1) if line.strip()]  # fmt: skip
    else:
        document = parse_json(text, source)
        if isinstance(document, list):
            pairs = [
                (item, Location(source=source, path=f"$[{n}]")) for n, item in enumerate(document)
            ]
        else:
            pairs = [(document, Location(source=source, path="$"))]
    if not pairs:
        findings.append(
            Finding.of("no-reports", Location(source=source), "the source holds no report")
        )
    entries = []
    for record, where in pairs:
        target, problems = build_report(record, where)
        findings += problems
        if target is not None:
            entries.append(target)
    return Dataset(tuple(entries), tuple(findings))


def same_answers(path: Path) -> None:
    refusal = _unreadable(read_dataset, path)
    assert refusal == _unreadable(read_bulk, path)
    assert refusal == _unreadable(reference, path)
    if refusal is not None:
        return
    expected = reference(path)
    dataset = read_dataset(path)
    assert expected.entries == dataset.entries
    assert sorted(map(repr, expected.findings)) == sorted(map(repr, dataset.findings))
    bulk = read_bulk(path)
    panel = dataset.panel()
    assert dataset.validate() == bulk.validate()
    assert panel.rows() == bulk.rows()
    if panel.rows():
        assert Table.of(
            [tuple(r) for r in panel.rows()], [tuple(r.values()) for r in panel.rows()]
        ) == (bulk.table())
    else:  # the columns every row has, for a reader of the empty table
        assert bulk.table() == Table.of(
            [("country", "edition", "methodology", "A", "B", "C", "total", "status")], []
        )
    deltas = panel.deltas()
    rows = deltas.rows()
    table, found = bulk.delta_table()
    assert [*deltas.findings, *(f for d in deltas.deltas for f in d.findings)] == found
    assert (rows, found) == bulk.deltas()
    if rows:
        assert Table.of([tuple(r) for r in rows], [tuple(r.values()) for r in rows]) == table
    else:  # no delta: the columns, without rows
        assert (0, "total_delta") == (len(table), table.columns[17])
    assert deltas == bulk.panel().deltas()


def written(tmp_path: Path, items: list[dict[str, Any]], kind: str, text: str = "") -> BulkDataset:
    """Records written as ``kind`` (``json``, ``jsonl``, ``csv``; or ``text``), checked by
    `same_answers`, read in bulk."""
    formats: dict[str, Callable[[list[dict[str, Any]]], str]] = {
        "json": json.dumps,
        "jsonl": lambda records: "".join(json.dumps(r) + "\n" for r in records),
        "csv": _csv,
    }
    path = tmp_path / f"d.{kind}"
    path.write_text(text or formats[kind](items), encoding="utf-8")
    same_answers(path)
    return read_bulk(path)


class TestSameAnswers:
    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(records(), max_size=25), st.sampled_from(["json", "jsonl", "csv", "spaced"]))
    def test_generated(self, tmp_path: Path, items: list[dict[str, Any]], kind: str) -> None:
        """Findings, panel rows and deltas agree for JSON, JSON Lines and CSV."""
        if kind == "csv":
            path, text = tmp_path / "d.csv", _csv(items)
        elif kind == "jsonl":
            path, text = tmp_path / "d.jsonl", "".join(json.dumps(i) + "\n" for i in items)
        else:
            path, text = (
                tmp_path / "d.json",
                json.dumps(items, indent=1 if kind == "spaced" else None),
            )
            if kind == "spaced":
                text = text.replace('": ', '" : ')
        path.write_text(text, encoding="utf-8")
        same_answers(path)

    @pytest.mark.parametrize("kind", ["json", "jsonl", "csv"])
    def test_whole_floats_held_as_columns(self, tmp_path: Path, kind: str) -> None:
        """Figures written as floats (``3.0``, as pandas writes a column with a gap) are whole
        numbers to the column path too: no report leaves it for that, as one with a fraction
        does (it took every report of the file to the object path, 13 times as slow)."""
        scores = dict.fromkeys(QUESTIONS, 1.0)
        items: list[dict[str, Any]] = [
            {"country": "K", "edition": 2020 + n, "scores": scores, "published": {"total": 21.0}}
            for n in range(3)
        ]
        items.append({"country": "K", "edition": 2023, "scores": scores | {"A1": 1.5}})
        padded = _csv(items).replace(",1.0,", ", 1 ,") if kind == "csv" else ""
        bulk = written(tmp_path, items, kind, padded)
        assert repr(bulk) == "<BulkDataset: 4 reports, 3 as columns>"
        assert [(f.code, f.location.edition) for f in bulk.validate().findings] == [
            *(("published-figures-agree", 2020 + n) for n in range(3)),
            ("not-whole-number", 2023),
        ]

    @pytest.mark.parametrize("kind", ["json", "jsonl", "csv"])
    def test_whole_float_editions_and_no_notes_held_as_columns(
        self, tmp_path: Path, kind: str
    ) -> None:
        """An edition written 2020.0 and an empty list of notes keep a record in the columns
        (each took it to the object path); an edition 2021.5 is the lenient stage's."""
        scores = dict.fromkeys(QUESTIONS, 1)
        items: list[dict[str, Any]] = [
            {"country": "K", "edition": edition, "scores": scores, "score_changes": []}
            for edition in (2020.0, 2021.5, 2022)
        ]
        bulk = written(tmp_path, items, kind)
        assert repr(bulk) == "<BulkDataset: 2 reports, 2 as columns>"
        assert [(f.code, f.message) for f in bulk.validate().findings] == [
            ("invalid-value", "edition 2021.5 is not a year")
        ]

    def test_index_column_held_as_columns(self, tmp_path: Path) -> None:
        """A CSV index column naming the table's index (in any case) or left empty keeps its
        rows in the columns (every row took the object path); another index, or none known,
        is the lenient stage's."""
        lines = ["country,edition,index," + ",".join(QUESTIONS)]
        for edition, index in ((2020, "fotn"), (2021, " FOTN "), (2022, ""), (2024, "xyz")):
            lines.append(f"K,{edition},{index}," + ",".join(["1"] * len(QUESTIONS)))
        path = tmp_path / "i.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        same_answers(path)
        bulk = read_bulk(path)
        assert repr(bulk) == "<BulkDataset: 3 reports, 3 as columns>"
        assert [(f.code, f.location.line) for f in bulk.validate().findings] == [
            ("invalid-value", 5)
        ]

    @pytest.mark.parametrize("kind", ["json", "jsonl"])
    def test_colons_in_names_held_as_columns(self, tmp_path: Path, kind: str) -> None:
        """Names and regions that hold a colon keep their records in the columns (the proof
        that no key was repeated gave up on them, 12 times as slow); one escaped
        (``\\u003a``) still does, since a repeated key could hide behind it."""
        scores = dict.fromkeys(QUESTIONS, 1)
        items = [
            {
                "country": "K: North",
                "edition": 2020 + n,
                "scores": scores,
                "region": "Asia: Pacific",
            }
            for n in range(2)
        ]
        assert repr(written(tmp_path, items, kind)) == "<BulkDataset: 2 reports, 2 as columns>"
        text = (tmp_path / f"d.{kind}").read_text(encoding="utf-8")
        escaped = text.replace("Asia:", "Asia\\u003a")
        bulk = written(tmp_path, items, kind, escaped)
        assert repr(bulk) == "<BulkDataset: 2 reports, 0 as columns>"

    @pytest.mark.parametrize("kind", ["json", "jsonl"])
    def test_coverage_held_as_columns(self, tmp_path: Path, kind: str) -> None:
        """Records that give the period their edition covers stay in the columns (each took
        the object path, 12 times as slow), and their reports keep it."""
        scores = dict.fromkeys(QUESTIONS, 1)
        items = [
            {"country": "K", "edition": 2020 + n, "scores": scores, "coverage": period}
            for n, period in enumerate(
                [{"start": "2019-06-01", "end": "2020-05-31"}, None, {"start": "2021-06-01"}]
            )
        ]
        bulk = written(tmp_path, items, kind)
        assert repr(bulk) == "<BulkDataset: 3 reports, 2 as columns>"
        first = bulk.report(0).coverage
        assert first is not None
        assert (first.start.isoformat(), first.end.isoformat()) == ("2019-06-01", "2020-05-31")
        assert bulk.report(1).coverage is None

    def test_no_country_is_in_no_series(self, tmp_path: Path) -> None:
        """Reports without a country are no duplicates of each other and pair with none
        (two of an edition were `duplicate-report`; two editions made a delta)."""
        path = tmp_path / "b.csv"
        path.write_text("country,edition,A,B,C\n,2015,3,10,10\n,2015,3,10,10\n,2016,3,10,10\n")
        same_answers(path)
        bulk = read_bulk(path)
        assert [(f.code, f.location.line) for f in bulk.validate().findings] == [
            ("missing-country", line) for line in (2, 3, 4)
        ]
        assert bulk.deltas() == ([], [])

    def test_tables_as_numeric_tools_write_them(self, tmp_path: Path) -> None:
        """A tab-separated .tsv in a directory is read; `NaN` cells are not given."""
        lines = ["country\tedition\t" + "\t".join(QUESTIONS) + "\tA\tB\tC"]
        lines += [
            f"K\t{e}\t" + "\t".join(["1"] * len(QUESTIONS)) + "\tNaN\tnan\t" for e in (2020, 2021)
        ]
        (tmp_path / "t.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        same_answers(tmp_path / "t.tsv")
        bulk = read_bulk(tmp_path)
        assert (repr(bulk), bulk.validate().findings) == (
            "<BulkDataset: 2 reports, 2 as columns>",
            (),
        )

    def test_unnamed_column_with_values(self, tmp_path: Path) -> None:
        """A column without a name that holds values (the index pandas' `to_csv` writes) is
        said to be left out, as a named one is; an empty one (a trailing separator) is not."""
        lines = [",country,edition," + ",".join(QUESTIONS) + ","]
        lines += [f"{n},K,{2020 + n}," + ",".join(["1"] * len(QUESTIONS)) + "," for n in (0, 1)]
        bulk = written(tmp_path, [], "csv", "\n".join(lines) + "\n")
        assert repr(bulk) == "<BulkDataset: 2 reports, 2 as columns>"
        assert [(f.code, str(f.location), f.actual) for f in bulk.validate().findings] == [
            ("extra-column", f"{tmp_path / 'd.csv'}:1:1", "")
        ]

    @pytest.mark.parametrize("kind", ["json", "jsonl"])
    def test_nulls_held_as_columns(self, tmp_path: Path, kind: str) -> None:
        """An optional field given as null is not given, in columns as in a record (each such
        record took the object path, with an `invalid-value` error, 20 times as slow)."""
        scores = dict.fromkeys(QUESTIONS, 1)
        nulls = dict.fromkeys(
            ["methodology", "index", "region", "territory", "categories", "coverage", "facts"]
        )
        items: list[dict[str, Any]] = [
            {"country": "K", "edition": 2020, "scores": scores, **nulls, "published": None},
            {
                "country": "K",
                "edition": 2021,
                "scores": scores,
                "published": {"total": None, "categories": None, "last_year_total": None},
            },
            {"country": "K", "edition": 2022, "scores": scores | {"A1": None}},
        ]
        bulk = written(tmp_path, items, kind)
        assert repr(bulk) == "<BulkDataset: 3 reports, 2 as columns>"
        assert [(f.code, f.location.edition) for f in bulk.validate().findings] == [
            ("not-whole-number", 2022)
        ]

    @pytest.mark.parametrize("kind", ["json", "jsonl", "csv"])
    def test_published_categories_and_last_year_held_as_columns(
        self, tmp_path: Path, kind: str
    ) -> None:
        """Published category totals and last year's total are held in columns and checked
        there as a record's check does (each such record took the object path, 8 to 10 times
        as slow); a table has no published category totals."""
        scores = dict.fromkeys(QUESTIONS, 1)  # 5/8/8 = 21
        categories = {"A": 5, "B": 8, "C": 8} if kind != "csv" else {}
        items: list[dict[str, Any]] = [
            {"country": "K", "edition": 2020, "scores": scores, "published": {"categories": categories}},
            {"country": "K", "edition": 2021, "scores": scores,
             "published": {"total": 21, "last_year_total": 20}},
            {"country": "K", "edition": 2022, "scores": scores,
             "published": {"last_year_total": 21, "categories": categories and {"A": 6}}},
            {"country": "K", "edition": 2023, "scores": scores,
             "published": {"last_year_total": 101, "categories": categories and {"C": 41}}},
        ]  # fmt: skip
        bulk = written(tmp_path, items, kind)
        held = 2 if categories else 3  # a report with a finding of its own is made an object
        assert repr(bulk) == f"<BulkDataset: 4 reports, {held} as columns>"
        found = [(f.code, f.location.edition, f.actual) for f in bulk.validate().findings]
        assert found == [
            *([("published-figures-agree", 2020, None)] if categories else []),
            ("published-figures-agree", 2021, None),
            ("last-year-total-mismatch", 2021, 20),
            *([("published-category-mismatch", 2022, 6)] if categories else []),
            *([("category-out-of-range", 2023, 41)] if categories else []),
            *([("published-category-mismatch", 2023, 41)] if categories else []),
            ("last-year-total-mismatch", 2023, 101),
            ("total-out-of-range", 2023, 101),
        ]
        assert bulk.report(bulk.records()[2]).published.categories == (
            {"A": 6} if categories else {}
        )

    @pytest.mark.parametrize("kind", ["json", "csv"])
    def test_last_year_across_the_scale_break(self, tmp_path: Path, kind: str) -> None:
        """Last year's total of a 2019 report is the 2018 one's converted (100 - 10 - 15 -
        20 = 55), from columns as from a scorecard."""
        legacy = {"A": 10, "B": 15, "C": 20}
        scores = dict.fromkeys(QUESTIONS, 1)
        items: list[dict[str, Any]] = [
            {"country": country, "edition": 2018, "categories": legacy}
            for country in ("K", "L")
        ] + [
            {"country": country, "edition": 2019, "scores": scores,
             "published": {"last_year_total": last_year}}
            for country, last_year in (("K", 55), ("L", 45))
        ]  # fmt: skip
        bulk = written(tmp_path, items, kind)
        assert repr(bulk) == "<BulkDataset: 4 reports, 4 as columns>"
        (finding,) = bulk.validate().findings
        assert finding.message == (
            "last year's total (2018, converted from fotn-legacy): published 45, computed 55"
            " (off by +10)"
        )

    @pytest.mark.parametrize("kind", ["json", "jsonl"])
    def test_whole_floats_after_equal_ints(self, tmp_path: Path, kind: str) -> None:
        """A whole float after an int of the same value (40, then 40.0) is a number too: it
        stayed a float, and a last year's total of it took `validate` down."""
        scores = dict.fromkeys(QUESTIONS, 1)
        items: list[dict[str, Any]] = [  # 5/8/8 = 21, each as published
            {"country": "K", "edition": 2020 + n, "scores": scores,
             "published": {"total": 21 + 0.0 * n, "categories": {"A": 5 if n % 2 else 5.0},
                           "last_year_total": last_year}}
            for n, last_year in enumerate([40, 40.0, 21, 21.0])
        ]  # fmt: skip
        bulk = written(tmp_path, items, kind)
        assert repr(bulk) == "<BulkDataset: 4 reports, 4 as columns>"
        found = [(f.code, f.location.edition, f.actual) for f in bulk.validate().findings]
        assert found == [
            ("published-figures-agree", 2020, None),
            ("published-figures-agree", 2021, None),
            ("last-year-total-mismatch", 2021, 40),
            ("published-figures-agree", 2022, None),
            ("published-figures-agree", 2023, None),
        ]
        assert type(found[2][2]) is int

        """A repeated JSON key is found although the plain parse would lose it."""
        record = {"country": "K", "edition": 2021, "scores": dict.fromkeys(QUESTIONS, 1)}
        text = json.dumps([record]).replace('"A1": 1', '"A1": 1, "A1": 2')
        path = tmp_path / "d.json"
        path.write_text(text, encoding="utf-8")
        same_answers(path)
        assert ["duplicate-question"] == [f.code for f in read_bulk(path).validate().findings]

    @pytest.mark.parametrize(
        "country",
        ["K:1", "K\\u003a", "K"],
        ids=["colon", "escaped-colon", "plain"],
    )
    @pytest.mark.parametrize("spacing", ['": ', '" : ', '"\n:'], ids=["tight", "spaced", "broken"])
    def test_repeated_key_never_lost(self, tmp_path: Path, country: str, spacing: str) -> None:
        """However keys are spaced and whatever the strings hold, a repeated key is found."""
        scores = ", ".join(f'"{q}{spacing}1' for q in QUESTIONS)
        text = f'[{{"country{spacing}"{country}", "edition{spacing}2021, "scores{spacing}{{{scores}, "A1{spacing}2}}}}]'
        path = tmp_path / "d.json"
        path.write_text(text, encoding="utf-8")
        same_answers(path)
        assert ["duplicate-question"] == [f.code for f in read_bulk(path).validate().findings]

    def test_examples(self) -> None:
        """The documentation's example files agree."""
        for path in sorted((Path(__file__).parents[1] / "docs" / "examples").glob("*.*")):
            if path.suffix == ".xlsx":  # the reference reads text
                assert read_dataset(path).validate() == read_bulk(path).validate()
            else:
                same_answers(path)


class TestUniformCsv:
    """Files whose every row gives every question take the column-by-column CSV path."""

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["Aland", "Borduria", " ", "Aland "]),
                st.sampled_from([2015, 2019, 2020, 2021, 2010]),
                st.lists(st.integers(0, 7), min_size=21, max_size=21),
            ),
            min_size=1,
            max_size=20,
        )
    )
    def test_generated(self, tmp_path: Path, rows: list[tuple[str, int, list[int]]]) -> None:
        """Out-of-range scores, blank countries and uncovered editions go to the object path."""
        lines = ["country,edition," + ",".join(QUESTIONS)]
        lines += [f"{c},{e}," + ",".join(map(str, scores)) for c, e, scores in rows]
        path = tmp_path / "u.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        same_answers(path)


class TestColumns:
    """Rows become columns a few hundred at a time, with nothing lost at the parts' edges."""

    @given(st.integers(0, 3), st.integers(0, 800), st.booleans())
    def test_columns_of(self, width: int, count: int, lazy: bool) -> None:
        """Every size, across the parts' edges, from a list or from an iterator."""
        rows = [tuple(range(n * width, (n + 1) * width)) for n in range(count)]
        expected = [[n * width + k for n in range(count)] for k in range(width)]
        assert columns_of(iter(rows) if lazy else rows, width) == expected

    @pytest.mark.parametrize("kind", ["json", "csv"])
    def test_across_parts(self, tmp_path: Path, kind: str) -> None:
        """751 records, broken ones at the parts' edges, give the object path's answers."""
        items: list[dict[str, Any]] = []
        for n in range(751):
            scores: dict[str, Any] = {q: (n + k) % 4 for k, q in enumerate(QUESTIONS)}
            if n in (0, 249, 250, 251, 500, 750):
                scores["C8"] = 9
            items.append({"country": f"Land {n // 8}", "edition": 2019 + n % 8, "scores": scores})
        path = tmp_path / f"p.{kind}"
        path.write_text(_csv(items) if kind == "csv" else json.dumps(items), encoding="utf-8")
        same_answers(path)
        assert read_bulk(path).validate().counts_by_code == {"score-out-of-range": 6}


class TestOrdered:
    """Panels already sorted by country and edition pair neighbouring rows."""

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["Aland", "Borduria", "Chad"]),
                st.integers(2019, 2025),
                st.sampled_from(["valid"] * 4 + ["outside", "published", "again", "text"]),
                st.lists(st.integers(0, 3), min_size=21, max_size=21),
            ),
            max_size=20,
        ),
        st.sampled_from(["json", "csv"]),
    )
    def test_generated(
        self, tmp_path: Path, rows: list[tuple[str, int, str, list[int]]], kind: str
    ) -> None:
        """Sorted records, broken or repeated ones among them, give the object path's answers."""
        items: list[dict[str, Any]] = []
        for country, edition, damage, values in sorted(rows):
            scores: dict[str, Any] = dict(zip(QUESTIONS, values, strict=True))
            record: dict[str, Any] = {"country": country, "edition": edition, "scores": scores}
            if damage == "outside":
                scores["C8"] = 9
            elif damage == "published":
                record["published"] = {"total": 21}
            elif damage == "text":
                scores["A1"] = "x"
            items.append(record)
            if damage == "again":
                items.append({**record, "scores": {**scores, "A1": 9}})
        path = tmp_path / f"o.{kind}"
        path.write_text(_csv(items) if kind == "csv" else json.dumps(items), encoding="utf-8")
        same_answers(path)


def _damaged(items: list[dict[str, Any]], item: dict[str, Any], damage: str) -> list[Any]:
    """The records with one of them (``item``) damaged, or all given a methodology."""
    if damage == "methodology":
        return [{"country": i["country"], "edition": i["edition"], "methodology": "fotn-2019",
                 "scores": i["scores"]} for i in items]  # fmt: skip
    if damage == "escape":
        item["country"] = 'Say "when"'
    elif damage in ("two-digits", "true", "float"):
        item["scores"]["A1"] = {"two-digits": 10, "true": True, "float": 1.0}[damage]
    elif damage == "reorder":
        item["scores"] = dict(reversed(item["scores"].items()))
    elif damage == "extra":
        item["published"] = {"total": 50}
    elif damage == "country-last":
        item["country"] = item.pop("country")
    return items


class TestShapes:
    """JSON arrays in any layout, damaged or not, give the same answers."""

    DAMAGE = ("none", "none", "methodology", "escape", "two-digits", "leading-zero", "true",
              "reorder", "extra", "float", "spaced", "country-last")  # fmt: skip

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["Aland", "Borduria", "\u00c7ad", " ", "a:b"]),
                st.integers(2017, 2026),
                st.lists(st.integers(0, 9), min_size=21, max_size=21),
            ),
            min_size=3,
            max_size=12,
        ),
        st.sampled_from([None, 2, 0]),  # 0: compact separators
        st.sampled_from(DAMAGE),
        st.integers(0, 11),
    )
    def test_same_answers(
        self,
        tmp_path: Path,
        rows: list[tuple[str, int, list[int]]],
        indent: int | None,
        damage: str,
        which: int,
    ) -> None:
        """Damaged or not, indented or not, the records give the object path's answers."""
        items: list[dict[str, Any]] = [
            {"country": c, "edition": e, "scores": dict(zip(QUESTIONS, v, strict=True))}
            for c, e, v in rows
        ]
        items = _damaged(items, items[which % len(items)], damage)
        if indent == 0:
            text = json.dumps(items, separators=(",", ":"), ensure_ascii=False)
        else:
            text = json.dumps(items, indent=indent, ensure_ascii=False)
        if damage == "leading-zero":
            text = text.replace('"A1": ', '"A1": 0', 1)
        elif damage == "spaced":
            text = text.replace('"edition": ', '"edition" : ', 1)
        path = tmp_path / "f.json"
        path.write_text(text, encoding="utf-8")
        same_answers(path)

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.data(), st.sampled_from([None, 2, 0]))
    def test_corrupted(self, tmp_path: Path, data: st.DataObject, indent: int | None) -> None:
        """A character changed anywhere is caught by the layout's proof, or changes nothing."""
        items = [
            {"country": c, "edition": 2019 + n, "scores": dict.fromkeys(QUESTIONS, n)}
            for n, c in enumerate(["Aland", "Aland", "Borduria", "Chad"])
        ]
        separators = (",", ":") if indent == 0 else None
        text = json.dumps(items, indent=indent or None, separators=separators)
        at = data.draw(st.integers(0, len(text) - 1))
        char = data.draw(st.sampled_from('0123456789",:{}[] \\\nxe.-'))
        path = tmp_path / "c.json"
        path.write_text(text[:at] + char + text[at + 1 :], encoding="utf-8")
        same_answers(path)


class TestCsvTexts:
    """CSV texts of every kind give the same answers."""

    ROW = "Aland,2021," + ",".join(["1"] * 21)
    HEADER = "country,edition," + ",".join(QUESTIONS)

    @pytest.mark.parametrize(
        "text",
        [
            f"{HEADER}\n{ROW}",  # no final line break
            f"{HEADER}\r\n{ROW}\r\n",  # carriage returns
            f"{HEADER}\n\n{ROW}\n",  # a blank line
            f"{HEADER}\n   \n{ROW}\n",  # a line of spaces
            f"{HEADER}\n{ROW},\n",  # a row one cell too long
            f"{HEADER}\n{ROW}\n,,{',' * 20}\n",  # a row of empty cells
            f"{HEADER}\n{ROW.replace('Aland', 'x' * 200_000)}\n",  # a cell over the csv limit
            f"{HEADER}\n{ROW.replace(',1,', ',+1,', 1)}\n",  # a number int() reads
            f"{HEADER}\n{ROW.replace(',1,', ', 1 ,', 1)}\n",  # a padded number
            f"{HEADER}\n{ROW.replace(',1,', ',x,', 1)}\n",  # not a number
            "country\nAland\n",  # one column
        ],
        ids=[
            "no-break",
            "crlf",
            "blank",
            "spaces",
            "long-row",
            "empty-row",
            "huge-cell",
            "plus",
            "padded",
            "text",
            "one-column",
        ],
    )
    def test_same_answers(self, tmp_path: Path, text: str) -> None:
        """Each of these texts gives the object path's answers (or its refusal)."""
        path = tmp_path / "p.csv"
        path.write_bytes(text.encode())
        same_answers(path)


class TestPublishedInColumns:
    """Rows that publish a total and a status, as Freedom House's tables do, agree too."""

    HEADER = "Country,Edition," + ",".join(QUESTIONS) + ",A,B,C,Total,Status"
    SCORES = ",".join(["1"] * 21)  # 5, 8, 8 = 21: Not Free

    @pytest.mark.parametrize(
        "rows",
        [
            ["K,2021,{s},5,8,8,21,NF", "L,2021,{s},5,8,8,21, not  free ", "M,2021,{s},5,8,8,21,"],
            ["K,2021,{s},5,8,8,22,NF", "L,2021,{s},5,8,8,21,PF", "M,2021,{s},5,8,9,21,NF"],
            ["K,2021,{s},5,8,8,,NF", "L,2021,{s},5,8,8,21.0,NF", "M,2021,{s},5,8,8,21,bogus"],
            ["K,2021,{s},5,8,8,999,Free", "L,2015,{s},5,8,8,21,NF", "M,2021,{s},5,8,8,-1,F"],
        ],
        ids=["agree", "disagree", "odd-cells", "out-of-range"],
    )
    def test_same_answers(self, tmp_path: Path, rows: list[str]) -> None:
        """Plain published cells are held in columns; every answer is the object path's."""
        path = tmp_path / "p.csv"
        lines = [self.HEADER, *(row.format(s=self.SCORES) for row in rows)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        same_answers(path)

    def test_held_in_columns(self, tmp_path: Path) -> None:
        """A table of plain published figures is read into columns, not record by record."""
        path = tmp_path / "p.csv"
        path.write_text(f"{self.HEADER}\nK,2021,{self.SCORES},5,8,8,21,NF\n", encoding="utf-8")
        (read,) = read_all([path])
        assert not isinstance(read, Finding)
        assert (len(read.records), [len(batch) for batch in read.batches]) == (0, [1])


#: Ways to change one cell of a Freedom in the World row, by column: (column, new text).
_FIW_DAMAGE = [
    ("A1", "4"), ("A", "9"), ("PR", "40"), ("PR", ""), ("PR rating", "3"), ("CL rating", ""),
    ("Status", "PF"), ("Status", ""), ("Status", "Free"), ("Total", "100"), ("Total", ""),
    ("Add Q", "5"), ("Add Q", "N/A"), ("Add A", "2"), ("Add A", "N/A"), ("Add A", "n/a"),
    ("Region", ""), ("C/T", "t"), ("C/T", ""), ("C/T", "x"), ("D1", "N/A"), ("D1", "3.0"),
    ("D1", " 3"), ("Country/Territory", ""), ("Edition", "2012"), ("Edition", "2030"),
    ("PR", "-5"), ("CL", "-1"), ("Edition", "2019.0"),
]  # fmt: skip


#: Real FIW rows to write: which, for which country and edition, with which damage (if any).
_FIW_PICKS = st.lists(
    st.tuples(
        st.sampled_from(range(len(FIW_ROWS))),
        st.sampled_from(["Aland", "Borduria"]),
        st.integers(2013, 2024),
        st.sampled_from([None, None, None, *range(len(_FIW_DAMAGE))]),
    ),
    min_size=1,
    max_size=14,
)


def bulk_findings(path: Path) -> tuple[Finding, ...]:
    return read_bulk(path).validate().findings


class TestFiw:
    """Freedom House's FIW layout gives the object path's answers, damaged or not."""

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(_FIW_PICKS)
    def test_generated(self, tmp_path: Path, picks: list[tuple[int, str, int, int | None]]) -> None:
        """Real rows moved to other countries and editions (Add A as each edition has it)."""
        path = tmp_path / "fiw.csv"
        path.write_text(fiw_csv(self.rows(picks)), encoding="utf-8")
        same_answers(path)

    #: Ways to change a FIW record in netfreedom's JSON form.
    RECORD_DAMAGE: ClassVar[list[Callable[[dict[str, Any]], object]]] = [
        lambda r: r.pop("index"),
        lambda r: r.update(index="FIW"),
        lambda r: r.update(index=" fiw "),
        lambda r: r.update(index="fotn"),
        lambda r: r.update(index="bogus"),
        lambda r: r.update(methodology="fiw-2013"),
        lambda r: r.update(methodology="fotn-2019"),
        lambda r: r.update(territory=False),
        lambda r: r.update(territory="t"),
        lambda r: r.update(region=""),
        lambda r: r.pop("region", None),
        lambda r: r.pop("categories"),
        lambda r: r["published"].update(status="not  free"),
        lambda r: r["published"].update(status="bogus"),
        lambda r: r["published"].update(total=None),
        lambda r: r["published"].pop("groups", None),
        lambda r: r["published"].get("ratings", {}).pop("CL", None),
        lambda r: r["published"].update(groups={"XX": 1}),
        lambda r: r["published"].update(last_year_total=20),
        lambda r: r["published"].update(last_year_total=120),
        lambda r: r["published"].update(categories={"A": 10, "B": 15}),
        lambda r: r["published"].update(categories={"A": 90, "Z": 1}),
        lambda r: r.pop("published"),
        lambda r: r["scores"].update({"Add A": 2}),
        lambda r: r["scores"].update({"A1": 1.0}),
    ]

    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        _FIW_PICKS,
        st.lists(
            st.sampled_from([None, None, *range(len(RECORD_DAMAGE))]), min_size=14, max_size=14
        ),
        st.sampled_from(["json", "jsonl"]),
    )
    def test_generated_json(
        self,
        tmp_path: Path,
        picks: list[tuple[int, str, int, int | None]],
        damages: list[int | None],
        kind: str,
    ) -> None:
        """The same rows as netfreedom's JSON records, changed in ways a table cannot show."""
        records = []
        for row, damage in zip(self.rows(picks), damages, strict=False):
            record = self.record(row)
            if damage is not None:
                self.RECORD_DAMAGE[damage](record)
            records.append(record)
        path = tmp_path / f"fiw.{kind}"
        text = json.dumps(records) if kind == "json" else "".join(map(json.dumps, records))
        path.write_text(
            text if kind == "json" else "\n".join(map(json.dumps, records)), encoding="utf-8"
        )
        same_answers(path)

    @staticmethod
    def record(row: list[str]) -> dict[str, Any]:
        """A FIW row as netfreedom's JSON record, cells that are no whole number left out."""
        cells = {name: cell for name, cell in zip(FIW_HEADER, row, strict=True) if cell.strip()}
        number = {k: int(v) for k, v in cells.items() if v.lstrip("-").isdigit()}
        record = fiw_record(list(FIW_ROWS[0]))
        del record["region"]
        for part, names in (("scores", record["scores"]), ("categories", record["categories"])):
            record[part] = {k: number[k] for k in [*names, "Add Q", "Add A"] if k in number}
        published = {
            "groups": {k: number[k] for k in ("PR", "CL") if k in number},
            "ratings": {k: number[f"{k} rating"] for k in ("PR", "CL") if f"{k} rating" in number},
            "total": number.get("Total"),
            "status": cells.get("Status"),
        }
        region = {"region": cells["Region"]} if "Region" in cells else {}
        return (
            record
            | region
            | {
                "country": cells.get("Country/Territory", ""),
                "edition": number.get("Edition", cells.get("Edition")),
                "territory": cells.get("C/T") == "t",
                "published": {k: v for k, v in published.items() if v not in (None, {})},
            }
        )

    @staticmethod
    def rows(picks: list[tuple[int, str, int, int | None]]) -> list[list[str]]:
        """Real FIW rows moved to other countries and editions, perhaps damaged."""
        rows = []
        for source, country, edition, damage in picks:
            row = list(FIW_ROWS[source])
            row[FIW_HEADER.index("Country/Territory")] = country
            row[FIW_HEADER.index("Edition")] = str(edition)
            add_a = FIW_HEADER.index("Add A")
            row[add_a] = row[add_a] if row[add_a] != "N/A" else "0"
            if edition > 2017:
                row[add_a] = "N/A"
            if damage is not None:
                column, text = _FIW_DAMAGE[damage]
                row[FIW_HEADER.index(column)] = text
            rows.append(row)
        return rows

    def test_held_in_columns(self, tmp_path: Path) -> None:
        """Freedom House's rows are read into columns, a batch per set of adjustments scored."""
        path = tmp_path / "fiw.csv"
        path.write_text(fiw_csv(), encoding="utf-8")
        (read,) = read_all([path])
        assert not isinstance(read, Finding)
        held = sorted((b.methodology.id, [a.id for a in b.adjusted], len(b)) for b in read.batches)
        assert (read.records, held) == (
            {},
            [("fiw-2013", ["Add Q"], 6), ("fiw-2013", ["Add Q", "Add A"], 1)],
        )
        records = tmp_path / "fiw.json"
        records.write_text(json.dumps(list(map(fiw_record, FIW_ROWS))), encoding="utf-8")
        (from_json,) = read_all([records])
        assert not isinstance(from_json, Finding)
        assert (from_json.records, [len(b) for b in from_json.batches]) == ({}, [6, 1])
        assert [(f.code, f.location.country, f.message) for f in bulk_findings(records)] == [
            (f.code, f.location.country, f.message) for f in bulk_findings(path)
        ]
        bulk = read_bulk(path)
        assert repr(bulk) == "<BulkDataset: 7 reports, 7 as columns>"
        (china,) = [f for f in bulk.validate().findings if f.location.country == "China"]
        assert china.message == (
            "published figures agree with the computed ones: PR -2, CL 11, PR rating 7,"
            " CL rating 6, total 9, status Not Free"
        )


class TestSummary:
    def test_repr(self) -> None:
        """The repr counts the reports, not lists them."""
        assert repr(read_bulk("kazakhstan-2021")) == "<BulkDataset: 1 reports, 0 as columns>"

    def test_records(self) -> None:
        """records() numbers the records that made a report; another is a KeyError saying so."""
        text = "country,edition,A,B,C\nK,2015,1,2,3\nK,20x6,1,2,3\nK,2017,1,2,3\n"
        bulk = bulk_loads(text, format="csv")
        assert (len(bulk), bulk.records()) == (2, [0, 2])
        assert [bulk.report(n).edition for n in bulk.records()] == [2015, 2017]
        assert [bulk.location(n).line for n in bulk.records()] == [2, 4]
        with pytest.raises(KeyError, match="record 1 made no report"):
            bulk.report(1)
        with pytest.raises(KeyError, match=r"no record 3: the sources hold 3 \(from 0\)"):
            bulk.location(3)


class TestMemory:
    def test_freed_without_the_cycle_collector(self) -> None:
        """A dataset with a report that cannot be scored is freed as soon as it is dropped.

        The scoring error it keeps, with its traceback, held every frame's locals, the whole
        dataset among them, in a reference cycle: only the collector's pass over every
        object freed it (a tenth of `panel --deltas` on 100,000 reports).
        """
        scores = dict.fromkeys(QUESTIONS, 1)
        text = json.dumps(
            [
                {"country": "K", "edition": 2020, "scores": scores},
                {"country": "K", "edition": 2021, "scores": scores | {"A1": 9}},
                {"country": "K", "edition": 2022, "scores": scores},
            ]
        )
        enabled = gc.isenabled()
        gc.disable()
        try:
            bulk = bulk_loads(text)
            table, found = bulk.delta_table()
            panel_deltas = bulk.panel().deltas()
            assert (len(table), [f.code for f in found]) == (
                1,
                ["left-out-of-deltas", "edition-gap"],
            )
            assert [f.code for f in panel_deltas.findings] == ["left-out-of-deltas", "edition-gap"]
            freed = weakref.ref(bulk), weakref.ref(panel_deltas.findings[0].location)
            del bulk, table, found, panel_deltas
            assert [ref() for ref in freed] == [None, None]
        finally:
            if enabled:
                gc.enable()
