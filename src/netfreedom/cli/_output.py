"""How the command line writes JSON and JSON Lines: a batch at a time, never the whole text.

Every writer takes its records a batch at a time (`BATCH`, 10,000 records; a `Table`'s rows
as `_display.table_parts` gives them), encodes the batch and writes it: the output's
memory is bounded by a batch, whatever the size of the panel. Batches of records are
encoded with msgspec, about ten times faster than `json.dumps` (0.07 s against 0.7 s for
the 86,552 delta rows of the 100,000-report benchmark); the text is the same JSON,
compact, with text outside ASCII written as it is, in UTF-8.

Layouts, the same whatever the size of the output:

``--format json``
    One object — the scorecard of one report, a ``diff`` — is indented by two spaces, as
    `json.dumps` with ``indent=2`` writes it. A list of records — panel rows, delta rows,
    the scorecards of a panel, ``validate``'s findings — is written one compact object
    (no spaces) per line, each indented two spaces beyond its brackets, a comma ending
    every line but the last, the brackets on lines of their own (``[]`` when empty)::

        [
          {"country":"Freedonia","from_edition":2022,"to_edition":2023,...},
          {"country":"Freedonia","from_edition":2023,"to_edition":2024,...}
        ]

    ``validate`` writes its report so: ``valid``, ``reports`` and ``counts`` indented,
    then ``findings``, one per line (and ``shown``, when ``--max-findings`` cut the list).
    A list is not indented record by record even when short: one layout, so that a
    program or ``grep`` sees the same lines for 2 records as for 200,000, and the text
    stays about as small as the records themselves.

``--format jsonl``
    One compact object per line and nothing else: a panel row, a delta row, a scorecard,
    a finding; ``diff`` writes its one delta as one line. ``validate`` writes one line per
    finding, then a last line with the summary, ``{"valid", "reports", "counts"}`` (and
    ``"shown"``): the one line without a ``"code"``; its presence says the output is whole.

Panel and delta rows have every column of the table as a key, in the order of the CSV
columns, with null where CSV has an empty cell.
"""

from __future__ import annotations

import functools
import itertools
import json
from typing import TYPE_CHECKING, Any, TextIO

from netfreedom.cli._display import table_parts, write_table_csv

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    import msgspec

    from netfreedom.findings import ValidationReport
    from netfreedom.table import Table

#: Records encoded and written at a time.
BATCH = 10_000


def batches(records: Iterable[Any], size: int | None = None) -> Iterator[list[Any]]:
    """The records in lists of ``size`` (default `BATCH`), the last one shorter."""
    iterator = iter(records)
    size = size or BATCH
    while batch := list(itertools.islice(iterator, size)):
        yield batch


@functools.cache
def _encoder() -> msgspec.json.Encoder:
    import msgspec  # only lists and lines need it: one indented object starts faster

    return msgspec.json.Encoder()


def encode_lines(records: Sequence[Any]) -> str:
    """Each record as compact JSON on a line of its own (each line ends with a newline)."""
    return _encoder().encode_lines(records).decode()


def write_object(record: object, out: TextIO, *, lines: bool) -> None:
    """One object: indented (json), or compact on one line (jsonl)."""
    if lines:
        out.write(encode_lines([record]))
    else:
        out.write(json.dumps(record, indent=2, ensure_ascii=False) + "\n")


def write_records(parts: Iterable[Sequence[Any]], out: TextIO, *, lines: bool) -> None:
    """Records, given a batch at a time: a JSON array (a record a line) or JSON Lines."""
    if lines:
        out.writelines(encode_lines(part) for part in parts)
    else:
        _write_array(parts, out, depth=0)
        out.write("\n")


def _write_array(parts: Iterable[Sequence[Any]], out: TextIO, depth: int) -> None:
    """A JSON array, one compact record a line, its brackets ``depth`` levels indented.

    The opening bracket is written where the text stands; nothing follows the closing one.
    Encoded JSON holds no line feed of its own (one in a string is escaped), so each line
    feed of `encode_lines` ends a record.
    """
    inner = "\n" + "  " * (depth + 1)
    started = False
    for part in parts:
        if not part:
            continue
        text = encode_lines(part)
        out.write(",\n" if started else "[\n")
        out.write(inner[1:] + text[:-1].replace("\n", "," + inner))
        started = True
    out.write("\n" + "  " * depth + "]" if started else "[]")


def write_table(table: Table, out: TextIO, fmt: str, order: Sequence[int] | None = None) -> None:
    """A table as CSV, a JSON array of row objects, or JSON Lines (``fmt``: csv, json, jsonl).

    Args:
        table: The rows.
        out: Where to write.
        fmt: ``csv``, ``json`` or ``jsonl``.
        order: Row numbers, in the order to write them (None: the table's order).
    """
    if fmt == "csv":
        write_table_csv(table, out, order)
        return
    columns = itertools.repeat(table.columns)
    parts = (
        list(map(dict, map(zip, columns, zip(*part, strict=True))))
        for part in table_parts(table, order)
    )
    write_records(parts, out, lines=fmt == "jsonl")


def write_validation(
    result: ValidationReport, out: TextIO, *, lines: bool, limit: int | None = None
) -> None:
    """The validation report as JSON (its findings a line each) or as JSON Lines.

    JSON is what the converter makes of the report (``{"valid", "reports", "counts",
    "findings"}``), with ``"shown": N`` after the findings when ``limit`` left some out.
    JSON Lines gives one finding per line, then the rest of that object on the last line.
    """
    from netfreedom.converter import get_converter

    summary: dict[str, Any] = {
        "valid": result.valid,
        "reports": result.reports,
        "counts": {"by_severity": result.counts_by_severity, "by_code": result.counts_by_code},
    }
    findings = result.findings
    shown = limit if limit is not None and len(findings) > limit else None
    parts = map(get_converter().unstructure, batches(findings[:limit]))
    if lines:
        write_records(parts, out, lines=True)
        if shown is not None:
            summary["shown"] = shown
        out.write(encode_lines([summary]))
        return
    head = json.dumps(summary, indent=2, ensure_ascii=False)
    out.write(head.removesuffix("\n}") + ',\n  "findings": ')
    _write_array(parts, out, depth=1)
    out.write("\n}\n" if shown is None else f',\n  "shown": {shown}\n}}\n')
