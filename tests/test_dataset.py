from __future__ import annotations

import codecs
import io
import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netfreedom import (
    CountryReport,
    DatasetError,
    LoadError,
    PublishedFigures,
    UnknownExampleError,
    dumps,
    example_names,
    load_example,
    load_reports,
    loads,
    read_dataset,
    report_to_dict,
    score,
)
from strategies import full_reports

KZ_SCORES = {
    "A1": 5, "A2": 2, "A3": 2, "A4": 2, "A5": 0,
    "B1": 2, "B2": 1, "B3": 1, "B4": 1, "B5": 1, "B6": 1, "B7": 2, "B8": 2,
    "C1": 1, "C2": 0, "C3": 2, "C4": 1, "C5": 2, "C6": 2, "C7": 2, "C8": 1,
}  # fmt: skip


#: Score Change notes that read (one of a question not scored), and some that do not.
_NOTES_READ = [
    {"question": q, "from": 1, "to": 2, "direction": "improved"} for q in ("A3", "B1", "Z9")
]
_NOTES = st.sampled_from(_NOTES_READ)
_BROKEN_NOTES: st.SearchStrategy[object] = st.sampled_from(
    ["A3 up", None, 2, [], {"question": "A3"}, {"question": "B2", "from": "1", "to": 2,
     "direction": "improved"}, {"question": "C1", "from": 1, "to": 2, "direction": "up"}]
)  # fmt: skip


def _codes(text: str, fmt: str = "json") -> list[tuple[str, str]]:
    return [(f.code, str(f.location)) for f in loads(text, source="t", format=fmt).findings]


class TestExample:
    def test_names(self) -> None:
        """The Kazakhstan 2021 example is bundled."""
        assert "kazakhstan-2021" in example_names()

    def test_facts(self) -> None:
        """The example holds the report's scores, header, facts and Score Change note."""
        report = load_example("kazakhstan-2021")
        assert dict(report.scores) == KZ_SCORES
        assert dict(report.published.categories) == {"A": 11, "B": 11, "C": 11}
        assert report.facts is not None
        assert (report.facts.global_freedom_score, report.facts.internet_freedom_score) == (23, 32)
        assert [
            report.facts.networks_restricted,
            report.facts.websites_blocked,
            report.facts.pro_government_commentators,
            report.facts.users_arrested,
        ] == [True] * 4
        (note,) = report.score_changes
        assert (
            note.question, note.previous, note.current, note.direction.value
        ) == ("A3", 1, 2, "improved")  # fmt: skip

    def test_unknown(self) -> None:
        """An unknown example name is a clear error listing the examples."""
        with pytest.raises(UnknownExampleError, match="kazakhstan-2021"):
            load_example("atlantis-2021")


class TestFormats:
    def test_minimal_json(self) -> None:
        """The minimal form takes its methodology from the edition."""
        text = json.dumps({"country": "Kazakhstan", "edition": 2021, "scores": KZ_SCORES})
        (report,) = loads(text).reports
        assert (report.methodology, score(report).total) == ("fotn-2019", 33)

    def test_headline_json(self) -> None:
        """The headline-only form reads category totals."""
        text = (
            '{"country": "Kazakhstan", "edition": 2015, "categories": {"A": 14, "B": 23, "C": 24}}'
        )
        (report,) = loads(text).reports
        assert (report.methodology, score(report).total) == ("fotn-legacy", 61)

    def test_published(self) -> None:
        """Published figures are read."""
        text = json.dumps({"country": "K", "edition": 2021, "scores": KZ_SCORES,
                           "published": {"categories": {"A": 11, "B": 11, "C": 11}, "total": 33,
                                         "status": "Not Free", "last_year_total": 32}})  # fmt: skip
        (report,) = loads(text).reports
        assert (
            report.published.total,
            report.published.status and report.published.status.value,
            report.published.last_year_total,
        ) == (33, "Not Free", 32)

    def test_panel_array(self) -> None:
        """A JSON array is a panel, read in order with paths $[i]."""
        text = json.dumps([{"country": "A", "edition": 2015, "categories": {"A": 1, "B": 1, "C": 1}},
                           {"country": "B", "edition": 2016, "categories": {"A": 2, "B": 2, "C": 2}}])  # fmt: skip
        dataset = loads(text, source="p.json")
        assert [(e.report.country, str(e.location)) for e in dataset.entries] == [
            ("A", "p.json, A 2015, $[0]"),
            ("B", "p.json, B 2016, $[1]"),
        ]

    def test_csv(self) -> None:
        """CSV rows are reports; empty cells are not given."""
        header = "country,edition," + ",".join(KZ_SCORES) + ",A,B,C,total,status,last_year_total"
        row = "Kazakhstan,2021," + ",".join(map(str, KZ_SCORES.values())) + ",11,11,11,33,Not Free,"
        legacy = "Kazakhstan,2015," + "," * 21 + "14,23,24,,,"
        dataset = loads(f"{header}\n{row}\n{legacy}\n", source="k.csv", format="csv")
        assert dataset.findings == ()
        modern, old = dataset.reports
        assert (
            dict(modern.scores),
            dict(modern.categories),
        ) == (KZ_SCORES, {"A": 11, "B": 11, "C": 11})
        assert (modern.published.total, modern.published.last_year_total) == (33, None)
        assert (dict(old.scores), score(old).total) == ({}, 61)
        assert [str(e.location) for e in dataset.entries] == [
            "k.csv:2, Kazakhstan 2021",
            "k.csv:3, Kazakhstan 2015",
        ]

    def test_jsonl(self) -> None:
        """JSON Lines: one report per line, located by line."""
        line = '{"country": "A", "edition": 2015, "categories": {"A": 1, "B": 1, "C": 1}}'
        dataset = loads(f"{line}\n\n{line}\n", source="p.jsonl", format="jsonl")
        assert [len(dataset.reports), dataset.entries[1].location.line] == [2, 3]

    def test_read_files(self, tmp_path: Path) -> None:
        """Files are read by extension; several sources make one dataset."""
        (tmp_path / "a.json").write_text(dumps(load_example("kazakhstan-2021")), encoding="utf-8")
        (tmp_path / "b.csv").write_text(
            "country,edition,A,B,C\nK,2015,14,23,24\n", encoding="utf-8"
        )
        dataset = read_dataset(tmp_path / "a.json", tmp_path / "b.csv", "kazakhstan-2021")
        assert [r.edition for r in dataset.reports] == [2021, 2015, 2021]

    def test_stdin(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """'-' reads standard input; CSV unless it starts like JSON; a BOM is dropped."""
        data = "\ufeffcountry,edition,A,B,C\nK,2015,14,23,24\n".encode()
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        (report,) = load_reports("-")
        assert (report.country, score(report).total) == ("K", 61)


class TestCanonical:
    def test_example_accepted_back(self) -> None:
        """The canonical JSON of the example reads back to the same report."""
        report = load_example("kazakhstan-2021")
        assert [report] == list(loads(dumps(report)).reports)

    @given(st.lists(full_reports(), min_size=1, max_size=4))
    def test_accepted_back_unchanged(self, reports: list[CountryReport]) -> None:
        """Whatever the library writes, it reads back unchanged, and writes again identically."""
        text = dumps(reports)
        again = loads(text)
        assert again.findings == ()
        assert reports == list(again.reports)
        assert [hash(r) for r in reports] == [hash(r) for r in again.reports]
        assert text == dumps(again.reports)

    def test_dict(self) -> None:
        """report_to_dict is the canonical form as a dict."""
        report = load_example("kazakhstan-2021")
        assert json.loads(dumps(report)) == report_to_dict(report)

    def test_figures_in_methodology_order(self) -> None:
        """Figures are written in the methodology's order, published ones too, whatever the
        order given: reading may give them in that order (held as columns)."""
        report = CountryReport(
            country="K",
            edition=2020,
            methodology="fiw-2013",
            categories={"B": 1, "A": 2},
            published=PublishedFigures(
                categories={"C": 3, "A": 1}, groups={"CL": 5, "PR": 2}, ratings={"CL": 6, "PR": 7}
            ),
        )
        data = report_to_dict(report)
        published = data["published"]
        assert [list(data["categories"]), *map(list, published.values())] == [
            ["A", "B"],
            ["A", "C"],
            ["PR", "CL"],
            ["PR", "CL"],
        ]

    @pytest.mark.parametrize("edition", [2015, 2020])
    def test_other_ids_read_back_unchanged(self, edition: int) -> None:
        """Ids the report's methodology does not define are written in the built-in
        methodologies' order, as reading an array gives them, so that they too write again
        identically (Freedom in the World's E and G, PR and CL in a FOTN report)."""
        published = PublishedFigures(
            categories={"G": 5, "E": 0, "Z": 1}, groups={"CL": 5, "PR": 3}, ratings={"CL": 1}
        )
        report = CountryReport(
            country="K",
            edition=edition,
            categories={"C": 3, "A": 1, "B": 2, "G": 1, "E": 2},
            published=published,
        )
        text = dumps([report, report])
        assert text == dumps(list(loads(text).reports))
        data = report_to_dict(report)
        assert (list(data["categories"]), list(data["published"]["categories"])) == (
            ["A", "B", "C", "E", "G"],
            ["E", "G", "Z"],
        )


class TestLoadFindings:
    def test_duplicate_keys(self) -> None:
        """Duplicate JSON keys are findings at their path; duplicate scores name the question."""
        text = '{"country": "K", "country": "K", "edition": 2015, "categories": {"A": 1, "B": 1, "C": 1}}'
        assert _codes(text) == [("duplicate-key", "t, K 2015, $.country")]
        text = json.dumps({"country": "K", "edition": 2021, "scores": KZ_SCORES}).replace(
            '"A2": 2', '"A2": 2, "A2": 3'
        )
        assert _codes(text) == [("duplicate-question", "t, K 2021, A2, $.scores.A2")]

    def test_not_whole(self) -> None:
        """Fractions, booleans, NaN and strings where points belong are findings."""
        scores = {**KZ_SCORES, "A1": 2.5, "A2": True, "A3": "2"}
        text = json.dumps({"country": "K", "edition": 2021, "scores": scores})
        text = text.replace('"A4": 2', '"A4": NaN')
        assert [
            ("not-whole-number", f"t, K 2021, {q}, $.scores.{q}") for q in ("A1", "A2", "A3", "A4")
        ] == _codes(text)

    def test_wrong_types(self) -> None:
        """Wrong types and unknown fields are findings with a JSON path; the report survives."""
        text = json.dumps({"country": "K", "edition": 2015, "categories": {"A": 1, "B": 1, "C": 1},
                           "published": {"total": "61", "status": "very free"}, "extra": 1,
                           "facts": {"websites_blocked": "Yes"}})  # fmt: skip
        dataset = loads(text, source="t")
        assert [(f.code, str(f.location)) for f in dataset.findings] == [
            ("unknown-field", "t, K 2015, $"),
            ("invalid-value", "t, K 2015, $.facts.websites_blocked"),
            ("unknown-status", "t, K 2015, $.published.status"),
            ("not-whole-number", "t, K 2015, $.published.total"),
        ]
        assert len(dataset.reports) == 1

    def test_unusable_records(self) -> None:
        """Records without a usable edition or methodology make no report; one whose country
        is no string makes one without a country, so that the rest of it is read."""
        some = {"scores": {"A1": 1}}
        text = json.dumps([1, {"country": "K", **some}, {"country": "K", "edition": "2021", **some},
                           {"country": "K", "edition": 2010, **some}, {"country": 7, "edition": 2015, **some},
                           {"country": "K", "edition": 2015, "methodology": "nope", **some}])  # fmt: skip
        dataset = loads(text, source="t")
        assert [(e.report.country, e.location.path) for e in dataset.entries] == [("", "$[4]")]
        assert [(f.code, str(f.location)) for f in dataset.findings] == [
            ("not-a-report", "t, $[0]"),
            ("missing-edition", "t, K, $[1]"),
            ("invalid-value", "t, K, $[2].edition"),
            ("unknown-edition", "t, K 2010, $[3].edition"),
            ("invalid-value", "t, 2015, $[4].country"),
            ("unknown-methodology", "t, K 2015, $[5].methodology"),
        ]

    def test_flat_record_told_where_figures_go(self) -> None:
        """A record with figures at its top level (a table's row in JSON, as pandas or `panel
        --format json` write it) is told where they go; another unknown field is not."""
        flat = {"country": "K", "edition": 2021, "A1": 1, "total": 30, "id": 7}
        (unknown,) = [f for f in loads(json.dumps(flat)).findings if f.code == "unknown-field"]
        assert unknown.message == (
            'unknown field(s): A1, id, total; a record gives its figures under "scores",'
            ' "categories" and "published" (a table\'s rows are read from CSV: `panel --format'
            " csv` writes them so)"
        )
        other = {"country": "K", "edition": 2021, "scores": {"A1": 1}, "id": 7}
        (unknown,) = [f for f in loads(json.dumps(other)).findings if f.code == "unknown-field"]
        assert unknown.message == "unknown field(s): id"

    def test_note_problems_said_once(self) -> None:
        """A note whose "from" and direction are both unreadable: each said once (the "from"
        was said again on every attempt after the direction had been set aside)."""
        note = {"question": "A1", "from": 2.5, "to": 1, "direction": "sideways"}
        record = {"country": "K", "edition": 2021, "scores": {"A1": 1}, "score_changes": [note]}
        findings = loads(json.dumps(record), source="t").findings
        assert [(f.code, f.location.path) for f in findings] == [
            ("invalid-value", "$.score_changes[0].direction"),
            ("not-whole-number", "$.score_changes[0].from"),
        ]

    @pytest.mark.parametrize(
        ("country", "found"),
        [(None, [("category-out-of-range", "t, 2016, category C, $.categories.C"),
                 ("missing-country", "t, 2016, $.country")]),
         (5, [("category-out-of-range", "t, 2016, category C, $.categories.C"),
              ("invalid-value", "t, 2016, $.country")])],
    )  # fmt: skip
    def test_country_not_given_or_no_string(
        self, country: object, found: list[tuple[str, str]]
    ) -> None:
        """A null country is not given, one that is no string is said once: either way the
        rest of the record is still read (a total out of range was never reported)."""
        record = {"country": country, "edition": 2016, "categories": {"A": 1, "B": 2, "C": 300}}
        result = loads(json.dumps(record), source="t").validate()
        assert [(f.code, str(f.location)) for f in result.findings] == found

    @pytest.mark.parametrize(
        ("record", "found"),
        [({}, [("missing-edition", "t, $"), ("no-scores", "t, $"), ("missing-country", "t, $.country")]),
         ({"country": "", "edition": 2010, "scores": {"A1": 99}},
          [("missing-country", "t, 2010, $.country"), ("unknown-edition", "t, 2010, $.edition")]),
         ({"country": "K\u0007", "edition": "soon", "scores": {"A1": 1.5}, "x": 1},
          [("unknown-field", "t, K\\x07, $"), ("control-characters", "t, K\\x07, $.country"),
           ("invalid-value", "t, K\\x07, $.edition"),
           ("not-whole-number", "t, K\\x07, A1, $.scores.A1")]),
         ({"country": "K", "edition": 2015, "methodology": "nope", "categories": {"A": "x"}},
          [("not-whole-number", "t, K 2015, category A, $.categories.A"),
           ("unknown-methodology", "t, K 2015, $.methodology")])],
    )  # fmt: skip
    def test_no_methodology_other_findings(
        self, record: dict[str, object], found: list[tuple[str, str]]
    ) -> None:
        """Without a methodology, every finding that needs none is still reported."""
        dataset = loads(json.dumps(record), source="t")
        assert [(f.code, str(f.location)) for f in dataset.findings] == found

    @pytest.mark.parametrize(
        ("fields", "path", "message"),
        [({"published": 5}, "$.published", "expected an object, got 5"),
         ({"narrative": "text"}, "$.narrative", 'expected an object, got "text"'),
         ({"score_changes": 5}, "$.score_changes", "expected an array, got 5"),
         ({"score_changes": "A3"}, "$.score_changes", 'expected an array, got "A3"'),
         ({"coverage": {"start": "2020-13-01", "end": "2021-05-31"}}, "$.coverage.start",
          'expected a date written YYYY-MM-DD, got "2020-13-01"'),
         ({"coverage": {"end": "2021-05-31"}}, "$.coverage.start",
          'the required field "start" is missing'),
         ({"score_changes": [{"question": "A3", "from": 1, "to": 2, "direction": "up"}]},
          "$.score_changes[0].direction", 'expected "improved" or "declined", got "up"'),
         ({"facts": {"networks_restricted": "yes"}}, "$.facts.networks_restricted",
          'expected true or false, got "yes"'),
         ({"facts": {"global_freedom_score": True}}, "$.facts.global_freedom_score",
          "expected a whole number, got true"),
         ({"edition": True}, "$.edition", "edition true is not a year")],
    )  # fmt: skip
    def test_messages_in_json_words(
        self, fields: dict[str, object], path: str, message: str
    ) -> None:
        """Each broken value gets one finding, worded in JSON's terms, not Python's."""
        record = {"country": "K", "edition": 2021, "categories": {"A": 1, "B": 1, "C": 1}} | fields
        dataset = loads(json.dumps(record), source="t")
        assert [(f.location.path, f.message) for f in dataset.findings] == [(path, message)]

    def test_numbers_too_long_to_convert(self) -> None:
        """A number with more digits than Python converts is out of range, not unreadable."""
        long = "9" * 5000
        text = ('{"country": "K", "edition": 2015, "categories": {"A": -LONG, "B": 1, "C": 1},'
                ' "published": {"total": LONG}}').replace("LONG", long)  # fmt: skip
        dataset = loads(text, source="t")
        assert [(f.code, f.location.path, f.message) for f in dataset.findings] == [
            ("category-out-of-range", "$.categories.A",
             "A is -999999…999 (5000 digits), beyond any figure a methodology allows"),
            ("total-out-of-range", "$.published.total",
             "total is 999999…999 (5000 digits), beyond any figure a methodology allows"),
        ]  # fmt: skip
        csv = f"country,edition,A,B,C\nK,{long},1,1,1\n"
        assert [f.message for f in loads(csv, source="t", format="csv").findings] == [
            "edition 999999…999 (5000 digits) is not a year"
        ]

    def test_methodology_file(self) -> None:
        """A methodology file read as a dataset is one finding that says what it is."""
        text = (
            Path(__file__).parents[1] / "docs/examples/methodologies/strict-bands.json"
        ).read_text()
        message = (
            'this is the methodology "fotn-2019-strict", not a report: check reports against it'
            " with --methodology FILE (in Python, load_methodology)"
        )
        found = [(f.code, f.message) for f in loads(text, source="t").findings]
        assert found == [("not-a-report", message)]

    def test_broken_note(self) -> None:
        """A broken Score Change note is reported field by field and left out, alone."""
        notes = [{"question": "A1", "from": 1}, {"question": "B1", "from": 1, "to": 0,
                 "direction": "declined"}, "A2 up", {"question": "Z9", "from": 0, "to": 1,
                 "direction": "improved"}]  # fmt: skip
        text = json.dumps({"country": "K", "edition": 2015, "categories": {"A": 1, "B": 1, "C": 1},
                           "score_changes": notes})  # fmt: skip
        dataset = loads(text, source="t")
        assert [(f.code, str(f.location)) for f in dataset.findings] == [
            ("invalid-value", "t, K 2015, $.score_changes[0].direction"),
            ("invalid-value", "t, K 2015, $.score_changes[0].to"),
            ("invalid-value", "t, K 2015, $.score_changes[2]"),
        ]
        assert [n.question for n in dataset.reports[0].score_changes] == ["B1", "Z9"]
        (entry,) = dataset.entries
        assert entry.notes == (1, 3)
        assert entry.note_path(1, "question") == "$.score_changes[3].question"

    @given(st.lists(st.one_of(_NOTES, _BROKEN_NOTES), max_size=6))
    def test_kept_notes_keep_their_place(self, notes: list[object]) -> None:
        """Each note read is the source's note at its path; each one that is not is reported."""
        record = {"country": "K", "edition": 2021, "scores": KZ_SCORES, "score_changes": notes}
        dataset = loads(json.dumps([record]), source="t")
        (entry,) = dataset.entries
        read = {
            i: note
            for i, note in enumerate(notes)
            if isinstance(note, dict) and note in _NOTES_READ
        }
        assert [n.question for n in entry.report.score_changes] == [
            note["question"] for note in read.values()
        ]
        paths = [entry.note_path(n) for n in range(len(read))]
        assert paths == [f"$[0].score_changes[{i}]" for i in read]
        broken = {f"$[0].score_changes[{i}]" for i in range(len(notes)) if i not in read}
        found = [
            re.match(r"\$\[0\]\.score_changes\[\d+\]", f.location.path or "")
            for f in dataset.findings
        ]
        assert None not in found  # every finding is about a note
        assert {m.group() for m in found if m} == broken

    def test_missing_edition_at_its_field(self) -> None:
        """A missing edition is at the empty cell or null field; a record without one, whole."""
        assert _codes("country,edition,A,B,C\nK,,1,1,1\n", "csv") == [
            ("missing-edition", "t:2:2, K, $.edition")
        ]
        found = _codes('[{"country": "K", "edition": null}, {"country": "K"}]')
        assert [f for f in found if f[0] == "missing-edition"] == [
            ("missing-edition", "t, K, $[0].edition"),
            ("missing-edition", "t, K, $[1]"),
        ]

    def test_repeated_column_placed_at_the_cell_read(self) -> None:
        """A finding about a repeated column's figure is at the cell read: the last."""
        dataset = loads("country,edition,A,B,C,B\nK,2015,14,23,24,\n", source="t", format="csv")
        assert [(f.code, str(f.location)) for f in dataset.validate().findings] == [
            ("duplicate-key", "t:1:6"),
            ("missing-category", "t:2:6, K 2015, category B, $.categories.B"),
        ]

    def test_csv_problems(self) -> None:
        """CSV duplicate columns and ragged rows are findings with line and column."""
        text = "country,edition,A1,A1,A\nK,2021,1,2,3\nK,2022,1\n"
        assert _codes(text, "csv") == [
            ("duplicate-question", "t:1:4, A1"),
            ("invalid-value", "t:3"),
        ]

    def test_load_reports_raises(self, tmp_path: Path) -> None:
        """load_reports refuses data with findings and carries them."""
        path = tmp_path / "p.json"
        path.write_text(
            '[{"country": "K", "edition": 2010, "categories": {"A": 1}}]', encoding="utf-8"
        )
        with pytest.raises(DatasetError) as error:
            load_reports(path)
        assert [f.code for f in error.value.findings] == ["unknown-edition"]


class TestUnreadable:
    def test_empty_json_lines(self) -> None:
        """No line is a JSON Lines file of no report, as ``[]`` is in JSON: a warning."""
        assert _codes(" \n", "jsonl") == [("no-reports", "t")]

    @pytest.mark.parametrize(
        ("text", "fmt", "message"),
        [("", "json", "t: empty input"), ("  \n", "csv", "t: empty input"),
         ('{\n "a": 1,,\n}', "json", "t:2:9: invalid JSON"),
         ("a,b\n1,2\n", "csv", "t:1: CSV header must name the columns country and edition (in one of the first 20 lines); found 'a', 'b'"),
         ('country,edition\n"K,2021\n', "csv", "t:2: invalid CSV: unexpected end of data"),
         ("[" * 100_000, "json", "t: JSON nested too deeply"),
         ('[{"country": "C", "edi', "json", "t:1:19: invalid JSON: Unterminated string starting at column 19"),
         ('[{"country": "X\\ud800", "edition": 2015}]', "json",
          "t:1:16: invalid JSON: \\ud800 is half of a surrogate pair, not a character")],
    )  # fmt: skip
    def test_syntax(self, text: str, fmt: str, message: str) -> None:
        """Unreadable text raises LoadError with a location."""
        with pytest.raises(LoadError) as error:
            loads(text, source="t", format=fmt)
        assert str(error.value).startswith(message)

    def test_json_lines_line_at_its_column(self) -> None:
        """A JSON Lines line that is not JSON is a finding at its line and column."""
        text = '{"country": "A", "edition": 2020, "categories": {"A": 1, "B": 1, "C": 1}}\n{"c": "B'
        (found,) = loads(text, source="t", format="jsonl").findings
        assert (found.code, str(found.location), found.message) == (
            "invalid-json",
            "t:2:7",
            "invalid JSON: Unterminated string starting at column 7",
        )

    def test_encoding(self, tmp_path: Path) -> None:
        """Bytes that are not UTF-8 give line and column."""
        path = tmp_path / "x.json"
        path.write_bytes(b'{"a":\n "\xff"}')
        with pytest.raises(LoadError, match=r"x\.json:2:3: not UTF-8: byte 0xff"):
            read_dataset(path)
        path.write_bytes(b'{"a":\n "\xc3\xa9\xff"}')  # the column counts characters, not bytes
        with pytest.raises(LoadError, match=r"x\.json:2:4: not UTF-8: byte 0xff"):
            read_dataset(path)

    @pytest.mark.parametrize("mark", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
    def test_marked_unicode(self, tmp_path: Path, mark: str) -> None:
        """UTF-16 with its byte-order mark (a spreadsheet's "Unicode text", tab-separated) is
        read, and UTF-32 with its own (which begins as UTF-16's little-endian one: it was read
        as UTF-16); it was "not UTF-8: byte 0xff"."""
        text = "country\tedition\tA\tB\tC\r\nCôte d\u2019Ivoire\t2015\t9\t12\t10\r\n"
        marks = {"utf-16-be": codecs.BOM_UTF16_BE, "utf-32-be": codecs.BOM_UTF32_BE}
        mark_bytes = marks.get(mark, b"")  # the others write their own
        path = tmp_path / "u.txt"
        path.write_bytes(mark_bytes + text.encode(mark))
        (report,) = read_dataset(path).reports
        assert report.country == "Côte d\u2019Ivoire"
        assert report.categories == {"A": 9, "B": 12, "C": 10}
        path.write_bytes(mark_bytes + text.encode(mark)[:-1])
        encoding = mark[:6].upper()
        with pytest.raises(LoadError, match=rf"u\.txt:2:\d+: not {encoding}: byte 0x"):
            read_dataset(path)

    def test_missing(self, tmp_path: Path) -> None:
        """A missing file that is no example name is a LoadError naming it."""
        with pytest.raises(LoadError, match="no such file, and no bundled example"):
            read_dataset(tmp_path / "none.json")

    def test_directory(self, tmp_path: Path) -> None:
        """A directory is not a dataset file."""
        with pytest.raises(LoadError, match=str(tmp_path)):
            read_dataset(tmp_path)

    def test_format(self) -> None:
        """An unknown format name is misuse."""
        with pytest.raises(ValueError, match="unknown format 'xml'"):
            loads("<a/>", format="xml")


KZ15 = '{"country": "K", "edition": 2015, "categories": {"A": 14, "B": 23, "C": 24}}'


class TestReadable:
    """Inputs a reader takes that once stopped it, or passed without a word."""

    def test_bad_line_of_json_lines(self) -> None:
        """A line that is not JSON is a located finding; the other lines are read."""
        dataset = loads(
            f'{KZ15}\n{{"a": ]}}\n{KZ15.replace("2015", "2016")}\n', source="t", format="jsonl"
        )
        assert [2015, 2016] == [r.edition for r in dataset.reports]
        assert [("invalid-json", "t:2:7")] == [(f.code, str(f.location)) for f in dataset.findings]

    @pytest.mark.parametrize(("text", "fmt"), [("[]", "json"), ("country,edition,A1\n", "csv")])
    def test_no_reports_is_a_warning(self, text: str, fmt: str) -> None:
        """An empty array or a header without rows is not silently valid."""
        report = loads(text, source="t", format=fmt).validate()
        assert ([("no-reports", "warning")], True) == (
            [(f.code, f.severity.value) for f in report.findings],
            report.valid,
        )

    @pytest.mark.parametrize("separator", [";", "\t", ","])
    def test_separators(self, separator: str) -> None:
        """Semicolon- and tab-separated files, as spreadsheet programs write them, are read."""
        text = separator.join(["country", "edition", "A", "B", "C"]) + "\n"
        text += separator.join(["Kazakhstan", "2015", "14", "23", "24"]) + "\n"
        (report,) = loads(text, format="csv").reports
        assert ("Kazakhstan", 61) == (report.country, score(report).total)

    def test_json_lines_on_standard_input(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Standard input holding JSON Lines is read as JSON Lines."""
        data = f"{KZ15}\n{KZ15.replace('2015', '2016')}\n".encode()
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        assert [2015, 2016] == [r.edition for r in load_reports("-")]

    def test_surrogate_pairs(self) -> None:
        """An escaped surrogate pair is a character; an escaped backslash before u is text."""
        text = '{"country": "X\\\\ud800 \\ud83d\\ude00", "edition": 2015, "categories": {"A": 1, "B": 1, "C": 1}}'
        (report,) = loads(text).reports
        assert "X\\ud800 \U0001f600" == report.country
