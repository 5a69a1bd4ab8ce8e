"""The same input gives byte-identical output, whatever the order of files, keys or rows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import TYPE_CHECKING

from fuzz_targets import fuzz_cli
from netfreedom import dumps, load_example

if TYPE_CHECKING:
    from pathlib import Path

KZ = json.loads(dumps(load_example("kazakhstan-2021")))


def _write(path: Path, records: list[dict[str, object]]) -> str:
    path.write_text(json.dumps(records), encoding="utf-8")
    return str(path)


def _reversed_keys(value: object) -> object:
    if isinstance(value, dict):
        return {k: _reversed_keys(v) for k, v in reversed(list(value.items()))}
    if isinstance(value, list):
        return [_reversed_keys(v) for v in value]
    return value


class TestDeterminism:
    def test_file_order(self, tmp_path: Path) -> None:
        """Naming the files in another order prints the same findings, byte for byte."""
        a = _write(tmp_path / "a.json", [KZ | {"scores": {**KZ["scores"], "A1": 9}}])
        b = _write(
            tmp_path / "b.json", [KZ | {"edition": 2020, "facts": {"internet_freedom_score": 1}}]
        )
        for fmt in ("text", "json", "github"):
            assert fuzz_cli(["validate", a, b, "--format", fmt]) == fuzz_cli(
                ["validate", b, a, "--format", fmt]
            )

    def test_key_order(self, tmp_path: Path) -> None:
        """Reordering the keys of every object prints the same output, byte for byte."""
        records = [
            KZ | {"scores": {**KZ["scores"], "B2": 7}, "published": {"total": 30, "status": "Free"}}
        ]
        forward = _write(tmp_path / "d.json", records)
        backward = _write(tmp_path / "e.json", _reversed_keys(records))  # type: ignore[arg-type]
        for command in (
            ["validate", "--format", "json"],
            ["panel", "--format", "csv"],
            ["score", "--format", "json"],
        ):
            first = fuzz_cli([command[0], forward, *command[1:]])
            second = fuzz_cli([command[0], backward, *command[1:]])
            assert first == (
                second[0],
                second[1].replace("e.json", "d.json"),
                second[2].replace("e.json", "d.json"),
            )

    def test_row_order(self, tmp_path: Path) -> None:
        """Shuffled rows give the same panel, scores and deltas, byte for byte."""
        rows = [
            "Aland,2019,10,11,12",
            "Aland,2020,12,11,12",
            "Borduria,2019,20,20,20",
            "Aland,2021,13,11,12",
        ]
        forward, backward = tmp_path / "f.csv", tmp_path / "g.csv"
        forward.write_text("country,edition,A,B,C\n" + "\n".join(rows) + "\n", encoding="utf-8")
        backward.write_text(
            "country,edition,A,B,C\n" + "\n".join(rows[::-1]) + "\n", encoding="utf-8"
        )
        for extra in ([], ["--deltas"]):
            for fmt in ("table", "csv", "json"):
                assert fuzz_cli(["panel", str(forward), *extra, "--format", fmt]) == fuzz_cli(
                    ["panel", str(backward), *extra, "--format", fmt]
                )

    def test_batches_whatever_the_hash_seed(self, tmp_path: Path) -> None:
        """A table's batches come in one order in every process (strings hash differently)."""
        questions = ",".join(
            f"{c}{n}" for c, k in (("A", 5), ("B", 8), ("C", 8)) for n in range(1, k + 1)
        )
        path = tmp_path / "mixed.csv"
        lines = [f"country,edition,A,B,C,{questions}", "K,2016,10,10,10" + "," * 21,
                 "K,2020,,,," + ",".join(["1"] * 21), "L,2017,20,20,20" + "," * 21]  # fmt: skip
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        show = (
            "import sys; from netfreedom._reading import read_all; "
            "print([(b.methodology.id, list(b.records)) for b in next(read_all([sys.argv[1]])).batches])"
        )
        seen = {
            subprocess.run(
                [sys.executable, "-c", show, str(path)],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "PYTHONHASHSEED": seed},
            ).stdout
            for seed in ("1", "2", "3", "4")
        }
        assert seen == {"[('fotn-legacy', [0, 2]), ('fotn-2019', [1])]\n"}
