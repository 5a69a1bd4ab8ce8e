from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
