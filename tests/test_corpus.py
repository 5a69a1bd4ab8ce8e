"""The corpus of broken inputs: every case gives the outcome written down for it."""

from __future__ import annotations

import json
from pathlib import Path

import attrs

from fuzz_targets import fuzz_cli
from netfreedom import Location

CORPUS = Path(__file__).parent / "corpus"
CASES = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def _place(location: dict[str, object]) -> str:
    """A location as the manifest writes it: line[:column], then the rest, no file name."""
    where = Location(**location)  # type: ignore[arg-type]
    rest = str(attrs.evolve(where, source=None, line=None, column=None))
    if where.line is None:
        return rest
    position = f"{where.line}:{where.column}" if where.column else str(where.line)
    return f"{position}, {rest}" if rest else position


def _outcome(case: dict[str, str]) -> tuple[int, list[tuple[str, str]], str]:
    path = str(CORPUS / "inputs" / case["file"])
    if case["command"] == "validate":
        code, out, err = fuzz_cli(["validate", path, "--format", "json"])
        found = json.loads(out)["findings"] if code != 2 else []
        return code, [(f["code"], _place(f["location"])) for f in found], err + out
    code, out, err = fuzz_cli(["parse", path, "--edition", "2021", "--format", "json"])
    pairs = []
    for line in err.splitlines():
        if "[" in line and line.startswith(path):
            location, _, rest = line[len(path) :].lstrip(":").removeprefix(", ").partition(": ")
            pairs.append((rest.rsplit("[", 1)[1].rstrip("]"), location))
    return code, pairs, err + out


class TestCorpus:
    def test_size(self) -> None:
        """The corpus holds over a hundred broken inputs across formats."""
        kinds = {Path(case["file"]).suffix for case in CASES}
        assert len(CASES) >= 100
        assert {".json", ".jsonl", ".csv", ".txt"} == kinds

    def test_every_case(self) -> None:
        """Each case exits as expected, reports its finding where expected, and never crashes."""
        failures = []
        for case in CASES:
            code, found, output = _outcome(case)
            problems = []
            if code != case["exit"]:
                problems.append(f"exit {code}, expected {case['exit']}")
            if "code" in case and (case["code"], case["location"]) not in found:
                problems.append(f"no {case['code']} at {case['location']!r} in {found}")
            if "error" in case and case["error"] not in output:
                problems.append(f"no {case['error']!r} in {output!r}")
            if "Traceback" in output:
                problems.append("a traceback")
            if problems:
                failures.append(f"{case['file']}: {'; '.join(problems)}")
        assert [] == failures
