"""Broken and hostile input: only findings or typed errors, never a crash or a silent pass."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

from fuzz_targets import fuzz_cli, fuzz_dataset, fuzz_one_input, fuzz_report_text
from netfreedom import dumps, load_example, render_report
from strategies import full_reports

if TYPE_CHECKING:
    from collections.abc import Callable

KZ = load_example("kazakhstan-2021")
VALID_JSON = dumps([KZ, attrs.evolve(KZ, edition=2020, score_changes=())]).encode()
VALID_CSV = (
    "country,edition," + ",".join(KZ.scores) + ",A,B,C,total,status\n"
    "Kazakhstan,2021," + ",".join(map(str, KZ.scores.values())) + ",11,11,11,33,Not Free\n"
    "Kazakhstan,2015," + "," * 21 + "14,23,24,,\n"
).encode()
VALID_TEXT = render_report(attrs.evolve(KZ, country="Freedonia")).encode()

#: Things hostile input is made of.
HOSTILE = [
    b"NaN", b"Infinity", b"-Infinity", b"1e999", b"9" * 5000, b"-0", b"true", b"null", b"[]",
    b"{}", b'"\\u0000"', b"\x00", b"\x1b[31m", b"\xff\xfe", b"\xef\xbb\xbf", b"\xe9", b"\r",
    b"[" * 3000, b'{"a":' * 1000, b'"A1": 1, "A1": 2', b'","', b"\t", b"\xed\xa0\x80",
    "é".encode("latin-1"), "Қ".encode("utf-16"),
]  # fmt: skip


@st.composite
def damaged(draw: st.DrawFn, valid: bytes) -> bytes:
    """Valid input damaged in a few drawn ways: flips, cuts, insertions, splices."""
    data = bytearray(valid)
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "splice"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if how == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif how == "truncate":
            del data[at:]
        elif how == "insert":
            data[at:at] = draw(st.sampled_from(HOSTILE) | st.binary(max_size=8))
        elif how == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        else:
            data[at : at + 1] = draw(st.sampled_from(HOSTILE))
    return bytes(data)


def wrong_types(value: Any, draw: Callable[[st.SearchStrategy[Any]], Any]) -> Any:
    """Replace one value somewhere in a JSON value by one of another type."""
    replacement: Any = draw(st.sampled_from([None, True, 1.5, "7", [], {}, -1, 10**30, "NaN"]))
    if isinstance(value, dict) and value and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(value)))
        return value | {key: wrong_types(value[key], draw)}
    if isinstance(value, list) and value and draw(st.booleans()):
        index = draw(st.integers(0, len(value) - 1))
        return [*value[:index], wrong_types(value[index], draw), *value[index + 1 :]]
    return replacement


class TestFuzz:
    @given(damaged(VALID_JSON))
    def test_json(self, data: bytes) -> None:
        """Damaged JSON: findings or a typed error, and both reading paths agree."""
        fuzz_dataset(data, "json")

    @given(damaged(VALID_JSON))
    def test_json_lines(self, data: bytes) -> None:
        """Damaged JSON Lines: idem."""
        fuzz_dataset(data.replace(b"\n", b" ").replace(b"} ,", b"}\n"), "jsonl")

    @given(damaged(VALID_CSV))
    def test_csv(self, data: bytes) -> None:
        """Damaged CSV: idem."""
        fuzz_dataset(data, "csv")

    @given(damaged(VALID_TEXT))
    def test_report_text(self, data: bytes) -> None:
        """Damaged report text: findings or ParseError; what parses prints back the same."""
        fuzz_report_text(data)

    @given(st.data())
    def test_wrong_types(self, data: st.DataObject) -> None:
        """A value of the wrong type anywhere in a report is a finding."""
        report = json.loads(dumps(data.draw(full_reports())))
        fuzz_dataset(json.dumps(wrong_types(report, data.draw)).encode(), "json")

    @given(st.binary(max_size=200))
    def test_arbitrary_bytes(self, data: bytes) -> None:
        """Arbitrary bytes through the atheris entry point."""
        fuzz_one_input(data)

    @given(damaged(VALID_JSON), st.sampled_from(["validate", "score", "panel", "diff", "parse"]))
    def test_cli(self, data: bytes, command: str) -> None:
        """Every command exits 0, 1 or 2 on damaged input, never with a traceback."""
        with tempfile.TemporaryDirectory() as folder:
            path = str(Path(folder) / "input.json")
            Path(path).write_bytes(data)
            arguments = {"diff": ["diff", path, "kazakhstan-2021"],
                         "parse": ["parse", path, "--edition", "2021"]}.get(command, [command, path])  # fmt: skip
            code, _, err = fuzz_cli(arguments)
        assert code in (0, 1, 2)
        assert "Traceback" not in err


class TestFoundByFuzzing:
    """Inputs that once crashed a reader, kept as regression cases."""

    def test_long_numbers_in_report_text(self) -> None:
        """Thousands of digits in a facts score, a footnote number or a score box are text, not numbers."""
        text = VALID_TEXT.decode()
        long = "9" * 5000
        damaged = [
            text.replace("32 100 not free", f"{long} 100 not free"),
            text.replace("5.005 6.006", f"{long}.00{long} 6.006"),
            text.replace(
                "Score Change: The score improved from 1 to 2.",
                f"Score Change: improved from {long} to 2",
            ),
            text.replace("Users Arrested", f"- {long}note\nUsers Arrested"),
        ]
        for item in damaged:
            fuzz_report_text(item.encode())

    def test_long_numbers_in_csv(self) -> None:
        """A 5,000-digit header or cell is a finding, not a crash."""
        fuzz_dataset(
            VALID_CSV.replace(b"country,edition,A1", b"country,edition," + b"9" * 5000), "csv"
        )
        fuzz_dataset(VALID_CSV.replace(b",11,11,11,", b"," + b"9" * 5000 + b",11,11,"), "csv")
