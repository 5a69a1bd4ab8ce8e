from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from netfreedom.cli import main

KZ_JSON = {
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

#: The figures an expectation may name: the built-in methodologies' categories and groups.
NAMES = "A, B, C, D, E, F, G, PR, PR rating, CL, CL rating"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


class TestScore:
    def test_table(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The table shows each category with its maximum, the total and the status."""
        assert run(capsys, "score", "kazakhstan-2021") == (0, (
            "Kazakhstan 2021  (fotn-2019, higher is freer)\n"
            "  A  Obstacles to Access          11 / 25\n"
            "  B  Limits on Content            11 / 35\n"
            "  C  Violations of User Rights    11 / 40\n"
            "     Total                        33 / 100  Not Free\n"
        ), "")  # fmt: skip

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """JSON output for one report is one scorecard object."""
        code, out, err = run(capsys, "score", "kazakhstan-2021", "--format", "json")
        assert (code, json.loads(out), err) == (0, KZ_JSON, "")

    def test_panel_json(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A panel gives a list of scorecards."""
        path = tmp_path / "p.csv"
        path.write_text(
            "country,edition,A,B,C\nK,2014,15,23,22\nK,2015,14,23,24\n", encoding="utf-8"
        )
        code, out, _ = run(capsys, "score", str(path), "--format", "json")
        assert (
            code, [(c["total"], c["status"]) for c in json.loads(out)]
        ) == (0, [(60, "Partly Free"), (61, "Not Free")])  # fmt: skip

    def test_modern(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """--modern converts legacy figures: Kazakhstan 2015 is 11/12/16 = 39, Not Free."""
        path = tmp_path / "k.json"
        path.write_text('{"country": "Kazakhstan", "edition": 2015, "categories": '
                        '{"A": 14, "B": 23, "C": 24}}', encoding="utf-8")  # fmt: skip
        code, out, _ = run(capsys, "score", str(path), "--format", "json")
        assert (code, json.loads(out)["total"], json.loads(out)["status"]) == (0, 61, "Not Free")
        code, out, _ = run(capsys, "score", str(path), "--modern", "--format", "json")
        card = json.loads(out)
        assert (
            {k: v["score"] for k, v in card["categories"].items()},
            card["total"],
            card["status"],
            card["converted_from"],
        ) == ({"A": 11, "B": 12, "C": 16}, 39, "Not Free", "fotn-legacy")

    def test_own_methodology(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """--methodology scores against a user's file."""
        methodology = json.loads(
            (
                Path(__file__).parents[1] / "src/netfreedom/data/methodologies/fotn-2019.json"
            ).read_text(encoding="utf-8")
        )
        methodology["id"] = "mine"
        methodology["bands"] = [{"status": "Free", "min": 30, "max": 100},
                                {"status": "Not Free", "min": 0, "max": 29}]  # fmt: skip
        path = tmp_path / "m.json"
        path.write_text(json.dumps(methodology), encoding="utf-8")
        code, out, _ = run(
            capsys, "score", "kazakhstan-2021", "--methodology", str(path), "--format", "json"
        )
        assert (
            code,
            json.loads(out)["methodology"],
            json.loads(out)["status"],
        ) == (0, "mine", "Free")

    def test_unscorable(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """Data with findings exits 1 and says where, on stderr, without a traceback."""
        path = tmp_path / "bad.json"
        path.write_text('{"country": "K", "edition": 2015, "categories": {"A": 1.5, "B": 1, "C": 1}}',
                        encoding="utf-8")  # fmt: skip
        code, out, err = run(capsys, "score", str(path))
        assert (code, out.strip()) == (1, "")
        assert f"{path}, K 2015, category A, $.categories.A: error: A is 1.5" in err
        assert "Traceback" not in err

    @pytest.mark.parametrize(
        ("argv", "message"),
        [(["score", "nowhere.json"], "nowhere.json: no such file"),
         (["score"], "the following arguments are required: SOURCE"),
         (["score", "kazakhstan-2021", "--format", "xml"], "invalid choice: 'xml'"),
         (["score", "kazakhstan-2021", "--methodology", "nope.json"], "nope.json"),
         ([], "the following arguments are required: COMMAND")],
    )  # fmt: skip
    def test_unusable(
        self, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
    ) -> None:
        """Unusable input or usage exits 2 with one line on stderr."""
        code, out, err = run(capsys, *argv)
        assert (code, out) == (2, "")
        assert message in err
        assert len(err.strip().splitlines()[-1:]) == 1
        assert "Traceback" not in err


class TestEntryPoints:
    def test_python_m(self) -> None:
        """python -m netfreedom works and reads standard input with '-'."""
        data = '{"country": "K", "edition": 2015, "categories": {"A": 14, "B": 23, "C": 24}}'
        result = subprocess.run(
            [sys.executable, "-m", "netfreedom", "score", "-", "--format", "json"],
            input=data, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert (result.returncode, json.loads(result.stdout)["total"], result.stderr) == (0, 61, "")

    @pytest.mark.parametrize("command", [["validate"], ["panel", "--deltas", "--format", "csv"]])
    def test_reader_leaves_early(self, tmp_path: Path, command: list[str]) -> None:
        """A reader that leaves early (head -1) does not turn findings' exit 1 into 0."""
        path = tmp_path / "many.json"
        records = [{"country": f"C{n // 8}", "edition": 2019 + n % 8, "scores": {"A1": 9}}
                   for n in range(20_000)]  # fmt: skip
        path.write_text(json.dumps(records), encoding="utf-8")
        netfreedom = [sys.executable, "-m", "netfreedom", command[0], str(path), *command[1:]]
        script = f"set -o pipefail; {' '.join(netfreedom)} | head -1"
        result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=False)
        assert (1, 1) == (result.returncode, len(result.stdout.splitlines()))
        assert "Traceback" not in result.stderr


SCHEMA = json.loads(
    (
        Path(__file__).parents[1] / "src/netfreedom/data/schemas/validation-report.schema.json"
    ).read_text(encoding="utf-8")
)


def _dataset(tmp_path: Path, records: list[dict[str, object]]) -> str:
    path = tmp_path / "d.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return str(path)


KZ_SCORES = {
    "A1": 5, "A2": 2, "A3": 2, "A4": 2, "A5": 0,
    "B1": 2, "B2": 1, "B3": 1, "B4": 1, "B5": 1, "B6": 1, "B7": 2, "B8": 2,
    "C1": 1, "C2": 0, "C3": 2, "C4": 1, "C5": 2, "C6": 2, "C7": 2, "C8": 1,
}  # fmt: skip
CLEAN = [{"country": "K", "edition": 2021, "scores": KZ_SCORES}]
WARNING = [
    {"country": "K", "edition": 2021, "scores": KZ_SCORES, "facts": {"internet_freedom_score": 32}}
]
ERROR = [{"country": "K", "edition": 2021, "scores": {**KZ_SCORES, "A2": 9}}]


class TestValidate:
    def test_must_show_facts(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The example: the facts box's 32 against the computed 33 is a warning; exit 0."""
        code, out, err = run(capsys, "validate", "kazakhstan-2021")
        assert (0, "") == (code, err)
        assert (
            "kazakhstan-2021\n"
            "  Kazakhstan 2021, $.facts.internet_freedom_score: warning: Country Facts internet"
            " freedom score: stated 32, computed 33 (off by +1) [facts-score-mismatch]\n"
            "  Kazakhstan 2021, $.published: info: published figures agree with the computed ones:"
            " A 11, B 11, C 11 [published-figures-agree]\n"
            "\n"
            "1 report checked in 1 source: 0 errors, 1 warning, 1 info; valid\n"
        ) == out

    def test_must_show_expect(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--expect A=11,B=11,C=10,total=32 reports C and the total, and exits 1."""
        code, out, _ = run(
            capsys,
            "validate",
            "kazakhstan-2021",
            "--expect",
            "A=11,B=11,C=10,total=32",
            "--format",
            "json",
        )
        findings = [f for f in json.loads(out)["findings"] if f["code"] == "expectation-mismatch"]
        assert (1, [("C", 10, 11), (None, 32, 33)]) == (
            code, [(f["location"].get("category"), f["expected"], f["actual"]) for f in findings]
        )  # fmt: skip

    @pytest.mark.parametrize(
        ("records", "fail_on", "expected_code"),
        [(CLEAN, "error", 0), (CLEAN, "warning", 0), (CLEAN, "never", 0),
         (WARNING, "error", 0), (WARNING, "warning", 1), (WARNING, "never", 0),
         (ERROR, "error", 1), (ERROR, "warning", 1), (ERROR, "never", 0)],
    )  # fmt: skip
    @pytest.mark.parametrize("fmt", ["text", "json", "github"])
    def test_exit_matrix(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        records: list[dict[str, object]],
        fail_on: str,
        expected_code: int,
        fmt: str,
    ) -> None:
        """Exit 1 exactly when a finding is at or above --fail-on, in every format."""
        code, out, err = run(
            capsys, "validate", _dataset(tmp_path, records), "--fail-on", fail_on, "--format", fmt
        )
        assert (expected_code, "") == (code, err)
        if fmt == "json":
            jsonschema.validate(json.loads(out), SCHEMA)

    def test_json_schema_on_many_findings(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """JSON output with findings of every location kind conforms to the schema."""
        bad = tmp_path / "bad.csv"
        bad.write_text("country,edition,A1,A1,A\nK,2021,1,x,3\nK,2010\n", encoding="utf-8")
        code, out, _ = run(
            capsys,
            "validate",
            str(bad),
            "kazakhstan-2021",
            "--format",
            "json",
            "--expect",
            "total=1",
        )
        data = json.loads(out)
        jsonschema.validate(data, SCHEMA)
        assert (1, False, 2) == (code, data["valid"], data["reports"])

    def test_github(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """github format prints one workflow annotation per finding, escaped."""
        path = tmp_path / "d.csv"
        path.write_text(
            'country,edition,A,B,C\n"Côte d\'Ivoire, the",2015,14,23,26%\n', encoding="utf-8"
        )
        code, out, _ = run(capsys, "validate", str(path), "--format", "github")
        assert 1 == code
        assert (
            f"::error file={path},line=2,col=5,title=not-whole-number::Côte d'Ivoire, the 2015, category C,"
            ' $.categories.C: C is "26%25", not a whole number of points'
        ) in out.splitlines()

    @pytest.mark.parametrize(
        ("argv", "message"),
        [(["validate"], "the following arguments are required: SOURCE"),
         (["validate", "kazakhstan-2021", "--expect", "A=x"], "A: expected a whole number, got 'x'"),
         (["validate", "kazakhstan-2021", "--fail-on", "info"], "invalid choice: 'info'"),
         (["validate", "missing.csv"], "missing.csv: no such file"),
         (["validate", "kazakhstan-2021", "--expect", "Z=3"], f"Z is not a category or group ({NAMES}), total or status"),
         (["validate", "kazakhstan-2021", "--expect", "A1=5"], "A1 is a question; expect categories"),
         (["validate", "kazakhstan-2021", "--expect", "total=999"], "total=999 is outside -4..104"),
         (["validate", "kazakhstan-2021", "--expect", "A=26"], "A=26 is outside 0..25")],
    )  # fmt: skip
    def test_unusable(
        self, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
    ) -> None:
        """Usage errors and unreadable sources exit 2 with one line."""
        code, out, err = run(capsys, *argv)
        assert (2, "") == (code, out)
        assert message in err
        assert "Traceback" not in err


class TestUnreadableAmongOthers:
    """One unreadable source does not hide the others' findings, in any format."""

    @pytest.fixture
    def folder(self, tmp_path: Path) -> Path:
        (tmp_path / "a.json").write_text("", encoding="utf-8")
        (tmp_path / "b.json").write_text('[{"country": "K", "edition": 2015, "categories": {"A": 30, "B": 23, "C": 24}}]',
                                         encoding="utf-8")  # fmt: skip
        (tmp_path / "c.json").write_text('{"bad', encoding="utf-8")
        return tmp_path

    @pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "github"])
    def test_every_format(self, capsys: pytest.CaptureFixture[str], folder: Path, fmt: str) -> None:
        code, out, err = run(capsys, "validate", str(folder), "--format", fmt)
        assert (1, "") == (code, err)
        for name in ("a.json", "c.json"):
            assert name in out
        marker = '"code":"unreadable-source"' if fmt.startswith("json") else "unreadable-source"
        assert out.count(marker) == 2
        assert "category-out-of-range" in out

    def test_panel(self, capsys: pytest.CaptureFixture[str], folder: Path) -> None:
        code, out, err = run(capsys, "panel", str(folder), "--format", "csv")
        assert (1, 2) == (code, err.count("unreadable-source"))
        assert "K,2015" in out

    def test_none_readable(self, capsys: pytest.CaptureFixture[str], folder: Path) -> None:
        """When no source can be read, the input is unusable: exit 2, one line naming each."""
        code, out, err = run(capsys, "validate", str(folder / "a.json"), str(folder / "c.json"))
        assert (2, "", 1) == (code, out, err.count("\n"))
        assert (str(folder / "a.json") in err, str(folder / "c.json") in err) == (True, True)


class TestDirectories:
    def test_subfolders_read_hidden_skipped(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A directory's subfolders are read; hidden files and folders are not, nor the lock
        file Excel writes beside a workbook it has open."""
        record = '{"country": "K", "edition": %d, "categories": {"A": 14, "B": 23, "C": 24}}'
        (tmp_path / "sub").mkdir()
        (tmp_path / ".hidden").mkdir()
        (tmp_path / "a.json").write_text(record % 2015, encoding="utf-8")
        (tmp_path / "sub" / "b.json").write_text(record % 2016, encoding="utf-8")
        (tmp_path / ".c.json").write_text("broken", encoding="utf-8")
        (tmp_path / ".hidden" / "d.json").write_text("broken", encoding="utf-8")
        (tmp_path / "~$e.xlsx").write_bytes(b"\x0bExcel lock")
        code, out, _ = run(capsys, "panel", str(tmp_path), "--format", "csv")
        assert (0, ["K,2015", "K,2016"]) == (code, [line[:6] for line in out.splitlines()[1:]])


class TestRoughEdges:
    """Points a new user met (issue 13)."""

    def test_panel_columns_in_methodology_order(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A first report without C8 does not move C8 after status (csv, json, pandas)."""
        scores = {
            f"{c}{n}": 1 for c, top in (("A", 5), ("B", 8), ("C", 8)) for n in range(1, top + 1)
        }
        short = {k: v for k, v in scores.items() if k != "C8"}
        path = tmp_path / "p.json"
        path.write_text(json.dumps([{"country": "K", "edition": 2020, "scores": short},
                                    {"country": "K", "edition": 2021, "scores": scores}]), "utf-8")  # fmt: skip
        header = run(capsys, "panel", str(path), "--format", "csv")[1].splitlines()[0]
        assert header.endswith(",C7,C8,A,B,C,total,status")
        first = json.loads(run(capsys, "panel", str(path), "--format", "json")[1])[0]
        assert list(first)[-7:] == ["C7", "C8", "A", "B", "C", "total", "status"]

    def test_score_says_a_missing_country(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """score scores a report without a name, and says so beside it, exiting 1."""
        path = tmp_path / "p.csv"
        path.write_text("country,edition,A,B,C\n,2022,10,10,10\nK,2022,1,2,3\n", "utf-8")
        code, out, err = run(capsys, "score", str(path), "--format", "json")
        assert [card["total"] for card in json.loads(out)] == [30, 6]
        said = f"{path}:2:1, 2022, $.country: error: the report has no country [missing-country]"
        assert (code, err) == (1, said + "\n")

    def test_panel_shows_computed_figures_only(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A report that cannot be scored (A 30 of 25) shows no figures, not the ones given."""
        path = tmp_path / "p.csv"
        path.write_text("country,edition,A,B,C\nK,2022,30,10,10\nL,2022,1,2,3\n", "utf-8")
        rows = run(capsys, "panel", str(path), "--format", "csv")[1].splitlines()
        assert rows[1:] == ["K,2022,fotn-2019,,,,,", "L,2022,fotn-2019,1,2,3,6,Not Free"]

    def test_panel_infos_capped(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """panel shows five infos of a code and counts the rest; errors all; validate all."""
        rows = "".join(f"K{n},2024,9,9,9,27,Not Free\n" for n in range(8))
        path = tmp_path / "p.csv"
        path.write_text(f"country,edition,A,B,C,total,status\n{rows}K9,2024,9,9,9,28,\n", "utf-8")
        code, _, err = run(capsys, "panel", str(path))
        lines = err.splitlines()
        assert code == 1
        assert [line.rpartition("[")[2] for line in lines] == [
            *["published-figures-agree]"] * 5,
            "published-total-mismatch]",
            "published-figures-agree] not shown; --all-infos shows them",
        ]
        assert lines[-1].startswith("info: 3 more [")
        assert run(capsys, "validate", str(path))[1].count("[published-figures-agree]") == 8
        every = run(capsys, "panel", str(path), "--all-infos")[2]
        assert (every.count("[published-figures-agree]"), "more" in every) == (8, False)

    def test_panel_deltas_infos_capped(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """The deltas' own infos (editions skipped) are shown as the panel's: five of a code."""
        rows = "".join(f"K{n},{year},9,9,9\n" for n in range(7) for year in (2020, 2022))
        path = tmp_path / "p.csv"
        path.write_text(f"country,edition,A,B,C\n{rows}", "utf-8")
        code, out, err = run(capsys, "panel", str(path), "--deltas", "--format", "csv")
        lines = err.splitlines()
        assert (code, len(out.splitlines())) == (0, 8)
        assert lines[:5] == [
            f"{path}:{3 + 2 * n}, K{n} 2022: info: K{n} has no report for 2021; the delta spans"
            " 2020-2022 [edition-gap]"
            for n in range(5)
        ]
        assert lines[5:] == ["info: 2 more [edition-gap] not shown; --all-infos shows them"]
        every = run(capsys, "panel", str(path), "--deltas", "--format", "csv", "--all-infos")
        assert every[2].count("[edition-gap]") == 7
        assert "more" not in every[2]

    def test_score_fail_on(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """score exits by --fail-on on reading findings; an unscorable report is an error."""
        path = tmp_path / "r.json"
        path.write_text('{"country": "K", "edition": 2015, "categories": {"A": 1, "B": 1,'
                        ' "C": 1}, "colour": 1}', encoding="utf-8")  # fmt: skip
        assert run(capsys, "score", str(path))[0] == 1
        assert run(capsys, "score", str(path), "--fail-on", "never")[0] == 0
        broken = tmp_path / "b.json"
        broken.write_text('{"country": "K", "edition": 2015, "categories": {"A": 99}}', "utf-8")
        assert [
            run(capsys, "score", str(broken), "--fail-on", f)[0] for f in ("error", "never")
        ] == [1, 0]

    def test_score_empty(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """An empty dataset scores nothing: no output, a warning, exit 0."""
        path = tmp_path / "e.json"
        path.write_text("[]", encoding="utf-8")
        code, out, err = run(capsys, "score", str(path))
        assert (0, "", True) == (code, out, "[no-reports]" in err)

    def test_empty_panel_csv_has_header(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """An empty panel's CSV still names its columns, for pandas."""
        path = tmp_path / "h.csv"
        path.write_text("country,edition,A,B,C\n", encoding="utf-8")
        assert run(capsys, "panel", str(path), "--format", "csv")[1] == (
            "country,edition,methodology,A,B,C,total,status\n"
        )

    def test_json_lines_named_json(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """JSON Lines in a .json file is refused with a hint to name it .jsonl."""
        path = tmp_path / "l.json"
        path.write_text(
            '{"country": "K", "edition": 2021}\n{"country": "K", "edition": 2022}\n', "utf-8"
        )
        code, _, err = run(capsys, "validate", str(path))
        assert (2, True) == (code, "name the file .jsonl" in err)

    def test_tables_escape_control_characters(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """score's and panel's tables print a name's control characters escaped, not raw."""
        path = tmp_path / "c.json"
        path.write_text('{"country": "Ka\\u001bz", "edition": 2015, "categories": {"A": 1, "B": 1,'
                        ' "C": 1}}', encoding="utf-8")  # fmt: skip
        score_out = run(capsys, "score", str(path))[1]
        panel_out = run(capsys, "panel", str(path))[1]
        assert (score_out.splitlines()[0], panel_out.splitlines()[1].split()[0]) == (
            "Ka\\x1bz 2015  (fotn-legacy, lower is freer)",
            "Ka\\x1bz",
        )

    def test_parse_refuses_dataset_examples(self, capsys: pytest.CaptureFixture[str]) -> None:
        """parse reads report text: a bundled dataset's name says so, exit 2."""
        code, _, err = run(capsys, "parse", "kazakhstan-2021")
        assert (2, True) == (code, "a bundled dataset, not report text" in err)

    def test_directory_counts_its_files(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """The summary counts the files a directory holds, subfolders included."""
        (tmp_path / "sub").mkdir()
        (tmp_path / "a.json").write_text('{"country": "K", "edition": 2015, "categories":'
                                         ' {"A": 1, "B": 1, "C": 1}}', encoding="utf-8")  # fmt: skip
        (tmp_path / "sub" / "b.csv").write_text("country,edition,A,B,C\nL,2015,1,1,1\n", "utf-8")
        (tmp_path / ".hidden.json").write_text("broken", encoding="utf-8")
        out = run(capsys, "validate", str(tmp_path))[1]
        assert (
            out.splitlines()[-1]
            == "2 reports checked in 2 sources: 0 errors, 0 warnings, 0 info; valid"
        )

    def test_score_says_what_was_not_read(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A figure dropped on reading is named when the report cannot be scored without it."""
        path = tmp_path / "a.json"
        path.write_text('{"country": "K", "edition": 2015, "categories": {"A": "x", "B": 1,'
                        ' "C": 1}}', encoding="utf-8")  # fmt: skip
        code, _, err = run(capsys, "score", str(path))
        assert (code, err.splitlines()[-1].endswith("; A: not read (see the finding above)")) == (
            1,
            True,
        )
