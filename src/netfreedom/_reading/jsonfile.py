"""JSON and JSON Lines: records decoded by msgspec, typed where they are simple.

A document is first decoded as a list of `Row` in one call; where that fails (a record
with more than a country, an edition and figures, or a value of another type), each record
is decoded on its own, and those that are not rows are parsed with the json module for the
lenient stage. msgspec keeps the last of a repeated key without a word, so a row is taken
only when its text is proven free of repeated keys: outside strings each colon follows a
key, so when no string of the row holds a colon, the text holds exactly one colon per key
written, and a repeated key (kept once) would leave more colons than the row has keys.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import msgspec

from netfreedom._reading.records import parse_json
from netfreedom._reading.rows import Row, gather_rows
from netfreedom._reading.source import Read
from netfreedom.findings import Location

if TYPE_CHECKING:
    from collections.abc import Sequence

_ROWS = msgspec.json.Decoder(list[Row])
_ROW = msgspec.json.Decoder(Row)
_RAWS = msgspec.json.Decoder(list[msgspec.Raw])


def _colons(row: Row) -> bool:
    """Whether any string of a row holds a colon."""
    strings = [row.country]
    if isinstance(row.methodology, str):
        strings.append(row.methodology)
    for figures in (row.scores, row.categories):
        if isinstance(figures, dict):
            strings += figures
    return any(":" in text for text in strings)


def _proven(rows: Sequence[Row], text: str | bytes) -> bool:
    """Whether the rows decoded from ``text`` lost no repeated key (see the module)."""
    colon = ":" if isinstance(text, str) else b":"
    if text.count(colon) != sum(row.keys() for row in rows):  # type: ignore[arg-type]
        return False
    return not any(map(_colons, rows))


def read_json(text: str, source: str) -> Read:
    """Read a JSON document: an array of records, or one record.

    Raises:
        LoadError: The text is not JSON.
    """
    if text.lstrip()[:1] != "[":
        read = Read(1, functools.partial(_at_path, source, single=True))
        row = _add_one(read, text, 0, source, 0)
        _settle(read, {} if row is None else {0: row})
        return read
    try:
        rows = _ROWS.decode(text)
    except msgspec.ValidationError:
        pass
    except (msgspec.DecodeError, RecursionError):
        return _read_parsed(parse_json(text, source), source)  # a located error, or json's view
    else:
        if _proven(rows, text):
            read = Read(len(rows), functools.partial(_at_path, source, single=False))
            _settle(read, dict(enumerate(rows)))
            return read
    try:
        raws = _RAWS.decode(text)
    except (msgspec.DecodeError, RecursionError):  # broken past the first record that is no row
        return _read_parsed(parse_json(text, source), source)
    read = Read(len(raws), functools.partial(_at_path, source, single=False))
    decoded: dict[int, Row] = {}
    for n, raw in enumerate(raws):
        row = _add_one(read, bytes(raw), n, source, 0)
        if row is not None:
            decoded[n] = row
    _settle(read, decoded)
    return read


def read_json_lines(text: str, source: str) -> Read:
    """Read JSON Lines: one record per line; blank lines are skipped.

    Raises:
        LoadError: A line is not JSON, located at it.
    """
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    lines = [n for n, _ in numbered]
    read = Read(len(numbered), lambda n: Location(source=source, line=lines[n]))
    decoded: dict[int, Row] = {}
    for n, (number, line) in enumerate(numbered):
        row = _add_one(read, line, n, source, number - 1)
        if row is not None:
            decoded[n] = row
    _settle(read, decoded)
    return read


def _add_one(read: Read, text: str | bytes, n: int, source: str, line_offset: int) -> Row | None:
    """Decode record ``n``: a proven row is returned, anything else stored for the lenient stage."""
    try:
        row = _ROW.decode(text)
    except (msgspec.ValidationError, msgspec.DecodeError, RecursionError):
        pass
    else:
        if _proven([row], text):
            return row
    value = text.decode("utf-8") if isinstance(text, bytes) else text
    read.records[n] = parse_json(value, source, line_offset=line_offset)
    return None


def _settle(read: Read, rows: dict[int, Row]) -> None:
    """Gather decoded rows into batches; those no batch holds go to the lenient stage."""
    numbers = list(rows)
    batches, rest = gather_rows(list(rows.values()), numbers)
    read.batches += batches
    for at in rest:
        read.records[numbers[at]] = rows[numbers[at]].to_builtins()


def _read_parsed(document: object, source: str) -> Read:
    """A document the json module reads but msgspec does not: every record for the lenient stage."""
    if isinstance(document, list):
        read = Read(len(document), functools.partial(_at_path, source, single=False))
        read.records = dict(enumerate(document))
        return read
    read = Read(1, functools.partial(_at_path, source, single=True))
    read.records = {0: document}
    return read


def _at_path(source: str, n: int, *, single: bool) -> Location:
    return Location(source=source, path="$" if single else f"$[{n}]")
