"""Every JSON output conforms to the schema `netfreedom schema` prints for it."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netfreedom import (
    CountryReport,
    Status,
    builtin_ids,
    dumps,
    get_converter,
    get_methodology,
)
from netfreedom.cli import main
from netfreedom.schemas import SCHEMA_NAMES, json_schema
from strategies import FIW_ROWS, fiw_csv, fiw_record, headline_reports, question_level_reports

EXAMPLES = Path(__file__).parents[1] / "docs" / "examples"

#: The schema of each command's JSON output.
SCHEMA_OF = {
    "validate": "validation-report",
    "score": "scorecard",
    "diff": "delta",
    "panel": "panel",
    "panel --deltas": "panel-deltas",
}

#: Kazakhstan's published headline figures, 2014-2016 and 2019-2024 (issue 13).
KAZAKHSTAN = (
    "country,edition,A,B,C\n"
    "Kazakhstan,2014,15,23,22\nKazakhstan,2015,14,23,24\nKazakhstan,2016,14,23,26\n"
    "Kazakhstan,2019,10,11,11\nKazakhstan,2020,10,11,11\nKazakhstan,2021,11,11,11\n"
    "Kazakhstan,2022,10,11,11\nKazakhstan,2023,12,12,10\nKazakhstan,2024,12,12,10\n"
)


def _validator(name: str, *, line: bool) -> jsonschema.Draft202012Validator:
    schema = json_schema(name)
    if line:
        schema = {"$defs": schema["$defs"], "$ref": "#/$defs/line"}
    return jsonschema.Draft202012Validator(schema)


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(list(argv))
    return code, out.getvalue()


def _check(command: str, *argv: str) -> int:
    """Run a command in json and jsonl; check both against its schema; return the JSON's items."""
    words = command.split()
    code, text = _run(*words[:1], *argv, *words[1:], "--format", "json")
    assert code in {0, 1}, text
    data = json.loads(text)
    _validator(SCHEMA_OF[command], line=False).validate(data)
    code, text = _run(*words[:1], *argv, *words[1:], "--format", "jsonl")
    assert code in {0, 1}, text
    lines = [json.loads(line) for line in text.splitlines()]
    line_validator = _validator(SCHEMA_OF[command], line=True)
    for item in lines:
        line_validator.validate(item)
    return len(data) if isinstance(data, list) else 1


class TestSchemas:
    def test_every_schema_is_valid(self) -> None:
        """Each shipped schema is a valid 2020-12 schema and says what it describes."""
        for name in SCHEMA_NAMES:
            schema = json_schema(name)
            jsonschema.Draft202012Validator.check_schema(schema)
            assert schema["$id"].endswith(f"/{name}.schema.json")

    def test_examples(self, tmp_path: Path) -> None:
        """Outputs of the bundled examples conform, findings and empty cells included."""
        panel = tmp_path / "kazakhstan.csv"
        panel.write_text(KAZAKHSTAN, encoding="utf-8")
        files = [*sorted(str(p) for p in EXAMPLES.glob("*.json")), str(EXAMPLES / "panel.csv")]
        assert _check("validate", *files) == 1
        assert _check("score", str(EXAMPLES / "kazakhstan-2019.json")) == 1
        assert _check("score", str(panel)) == 9
        assert _check("panel", *files) == 10
        assert _check("panel --deltas", str(panel)) == 8
        assert _check("panel --deltas", str(panel), "--scale", "native") == 8
        assert _check("panel --deltas", *files) == 5
        pair = str(EXAMPLES / "kazakhstan-2020.json"), "kazakhstan-2021"
        assert _check("diff", *pair) == 1
        legacy = str(EXAMPLES / "kazakhstan-2015.json"), str(EXAMPLES / "kazakhstan-2019.json")
        assert _check("diff", *legacy) == 1

    @pytest.mark.parametrize(
        ("command", "argv", "break_it"),
        [("score", ["kazakhstan-2021"], lambda d: d.pop("total")),
         ("score", ["kazakhstan-2021"], lambda d: d.update(status="not free")),
         ("diff", [str(EXAMPLES / "kazakhstan-2020.json"), "kazakhstan-2021"],
          lambda d: d["total"].update(delta="0")),
         ("panel --deltas", [str(EXAMPLES / "panel.csv")], lambda d: d[0].update(A_delta="0")),
         ("panel --deltas", [str(EXAMPLES / "panel.csv")], lambda d: d[0].update(total_delta=None)),
         ("panel --deltas", [str(EXAMPLES / "panel.csv")], lambda d: d[0].update(region="x")),
         ("panel", [str(EXAMPLES / "panel.csv")], lambda d: d[0].update(A="11"))],
    )  # fmt: skip
    def test_schemas_refuse(self, command: str, argv: list[str], break_it: Any) -> None:
        """Each output schema refuses a broken copy of a real output."""
        words = command.split()
        text = _run(*words[:1], *argv, *words[1:], "--format", "json")[1]
        data = json.loads(text)
        _validator(SCHEMA_OF[command], line=False).validate(data)
        break_it(data)
        assert not _validator(SCHEMA_OF[command], line=False).is_valid(data)

    @settings(max_examples=25)
    @given(
        st.lists(st.one_of(question_level_reports(), headline_reports()), min_size=1, max_size=6),
        st.sampled_from(["K", "Kyrgyzstan"]),
    )
    def test_generated(self, reports: list[CountryReport], country: str) -> None:
        """Outputs of any valid panel conform, in both JSON forms."""
        seen: dict[int, CountryReport] = {}
        for report in reports:
            seen.setdefault(report.edition, attrs.evolve(report, country=country))
        ordered = [seen[edition] for edition in sorted(seen)]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "panel.json"
            path.write_text(dumps(ordered), encoding="utf-8")
            assert _check("score", str(path)) == len(ordered)
            assert _check("panel", str(path)) == len(ordered)
            assert _check("panel --deltas", str(path)) == len(ordered) - 1
            if len(ordered) > 1:
                first, last = Path(folder) / "first.json", Path(folder) / "last.json"
                first.write_text(dumps(ordered[0]), encoding="utf-8")
                last.write_text(dumps(ordered[-1]), encoding="utf-8")
                assert _check("diff", str(first), str(last)) == 1


class TestStatusInSchema:
    DATASET = jsonschema.Draft202012Validator(json_schema("dataset"))

    @staticmethod
    def _record(status: str) -> dict[str, Any]:
        return {"country": "K", "edition": 2015, "categories": {"A": 1, "B": 1, "C": 1},
                "published": {"status": status}}  # fmt: skip

    @given(
        st.lists(st.sampled_from(["free", "FREE", "Free", "partly", "Partly", "not", "NOT",
                                  "F", "pf", "N", " ", "  ", "\t", "x"]), min_size=1, max_size=4).map("".join)
    )  # fmt: skip
    def test_schema_accepts_what_the_reader_accepts(self, text: str) -> None:
        """A status passes the schema exactly when the reader reads it (any case, spacing)."""
        try:
            Status.from_text(text)
            readable = True
        except ValueError:
            readable = False
        assert self.DATASET.is_valid(self._record(text)) == readable

    @pytest.mark.parametrize("text", ["not  free", " Partly Free ", "FREE", "Not\tFree"])
    def test_spellings(self, text: str) -> None:
        """Spellings the reader takes are valid against the schema."""
        assert self.DATASET.is_valid(self._record(text))


class TestFreedomInTheWorld:
    def test_methodology_files(self) -> None:
        """Every built-in methodology file conforms to the methodology schema; a broken one not."""
        validator = jsonschema.Draft202012Validator(json_schema("methodology"))
        for methodology_id in builtin_ids():
            data = get_converter().unstructure(get_methodology(methodology_id))
            validator.validate(data)
        data = get_converter().unstructure(get_methodology("fiw-2013"))
        data["adjustments"][0]["effect"] = "minus"
        assert not validator.is_valid(data)

    def test_outputs(self, tmp_path: Path) -> None:
        """FIW data in JSON conforms to the dataset schema; every output to its schema."""
        records = [fiw_record(row) for row in FIW_ROWS]
        jsonschema.Draft202012Validator(json_schema("dataset")).validate(records)
        later = [json.loads(json.dumps(records[0])) | {"edition": 2022}]
        path = tmp_path / "fiw.json"
        path.write_text(json.dumps(records + later), encoding="utf-8")
        table = tmp_path / "fiw.csv"
        table.write_text(fiw_csv(), encoding="utf-8")
        assert _check("validate", str(path), str(table)) == 1
        assert _check("score", str(path)) == 8
        assert _check("panel", str(table)) == 7
        assert _check("panel --deltas", str(path)) == 1
        old, new = tmp_path / "old.json", tmp_path / "new.json"
        old.write_text(json.dumps(records[0]), encoding="utf-8")
        new.write_text(json.dumps(later[0]), encoding="utf-8")
        assert _check("diff", str(old), str(new)) == 1
