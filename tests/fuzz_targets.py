"""Fuzz entry points: bytes in, and only findings or netfreedom's typed errors out.

Each ``fuzz_*`` function takes arbitrary bytes and raises only when netfreedom breaks its
promise (an exception that is not a `NetfreedomError`, or the two reading paths disagreeing).
The hypothesis tests in ``test_fuzz.py`` call them; for a longer coverage-guided run::

    pip install atheris
    python tests/fuzz_targets.py [corpus-dir]   # fuzz_one_input under atheris
"""

from __future__ import annotations

import contextlib
import io
import sys

from netfreedom import NetfreedomError, loads, parse_report, render_report
from netfreedom._reading.sources import decode
from netfreedom.bulk import bulk_loads
from netfreedom.cli import main

FORMATS = ("json", "jsonl", "csv")


def fuzz_dataset(data: bytes, kind: str) -> None:
    """Read bytes as a dataset in ``kind``; validate, score and compare like the CLI does."""
    try:
        text = decode(data, "<fuzz>")
        dataset = loads(text, source="<fuzz>", format=kind)
    except NetfreedomError:
        return
    result = dataset.validate()
    panel = dataset.panel()
    rows, deltas = panel.rows(), panel.deltas()
    bulk = bulk_loads(text, source="<fuzz>", format=kind)
    if (
        bulk.validate() != result
        or bulk.rows() != rows
        or bulk.deltas()
        != (
            deltas.rows(),
            [*deltas.findings, *(f for d in deltas.deltas for f in d.findings)],
        )
    ):
        raise AssertionError("the column path and the object path disagree")


def fuzz_report_text(data: bytes) -> None:
    """Parse bytes as report text; a parsed report must print and parse back the same."""
    try:
        text = decode(data, "<fuzz>")
        parsed = parse_report(text, edition=2021)
    except NetfreedomError:
        return
    narrative = parsed.report.narrative
    kept_aside = {
        "unmatched-question-line",
        "unreadable-score",
        "not-whole-number",
        "duplicate-question",
    }
    if (narrative and narrative.leftovers) or any(f.code in kept_aside for f in parsed.findings):
        return  # text set aside as leftovers is kept, but not printed back in place
    again = parse_report(render_report(parsed.report), edition=2021).report
    if again.scores != parsed.report.scores or again.facts != parsed.report.facts:
        raise AssertionError("render -> parse changed the report")


def fuzz_cli(arguments: list[str]) -> tuple[int, str, str]:
    """Run the command line in-process; return the exit code, standard output and error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(arguments)
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def fuzz_one_input(data: bytes) -> None:
    """The atheris entry point: the first byte picks the reader."""
    if not data:
        return
    choice, rest = data[0] % 4, data[1:]
    if choice == 3:
        fuzz_report_text(rest)
    else:
        fuzz_dataset(rest, FORMATS[choice])


if __name__ == "__main__":  # pragma: no cover - needs atheris
    import atheris

    atheris.Setup(sys.argv, fuzz_one_input)
    atheris.Fuzz()
