"""JSON and JSON Lines: records decoded by msgspec, typed where they are simple.

An array is first decoded as a list of rows in one call; where that fails (a record
with more than a country, an edition and figures, or a value of another type), each record
is decoded on its own, and those that are not rows are parsed with the json module for the
lenient stage. msgspec keeps the last of a repeated key without a word, so rows are taken
only where their text is proven free of repeated keys (`Decoded.proven`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netfreedom._reading.records import parse_json
from netfreedom._reading.source import Locate, Read
from netfreedom.errors import LoadError
from netfreedom.findings import Finding, Location, field_path

if TYPE_CHECKING:
    from netfreedom._reading.rows import Decoded, Row


def read_json(text: str, source: str) -> Read:
    """Read a JSON document: an array of records, or one record.

    Raises:
        LoadError: The text is not JSON.
    """
    if text.lstrip()[:1] != "[":  # one record: the lenient stage reads it
        return _read_parsed(parse_json(text, source), source)
    import msgspec  # noqa: PLC0415 - arrays and lines need it; one record starts faster

    from netfreedom._reading.rows import Decoded, shapes  # noqa: PLC0415 - idem

    for fractions in (False, True):  # figures as ints, else as numbers (``3.0``)
        try:
            rows = shapes(fractions=fractions).many.decode(text)
        except msgspec.ValidationError:
            continue
        except (msgspec.DecodeError, RecursionError):  # a located error, or json's view
            return _read_parsed(parse_json(text, source), source)
        decoded = Decoded.of(rows, fractions=fractions)
        if decoded.proven(text):
            read = Read(len(rows), _by_path(source, single=False))
            _settle(read, dict(enumerate(rows)), decoded)
            return read
        break
    try:
        raws = msgspec.json.decode(text, type=list[msgspec.Raw])
    except (msgspec.DecodeError, RecursionError):  # broken past the first record that is no row
        return _read_parsed(parse_json(text, source), source)
    read = Read(len(raws), _by_path(source, single=False))
    _take(read, [bytes(raw).decode() for raw in raws], source, [0] * len(raws))
    return read


def read_json_lines(text: str, source: str) -> Read:
    """Read JSON Lines: one record per line; blank lines are skipped.

    A line that is not JSON is an ``invalid-json`` finding; the other lines are read.
    """
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    lines = [n for n, _ in numbered]

    def locate(
        n: int, country: str | None = None, edition: int | None = None, key: str | None = None
    ) -> Location:
        path = None if key is None else field_path(None, key)
        return Location(source=source, line=lines[n], country=country, edition=edition, path=path)

    read = Read(len(numbered), locate)
    _take(read, [line for _, line in numbered], source, [n - 1 for n in lines], lines=True)
    return read


def _take(
    read: Read, texts: list[str], source: str, offsets: list[int], *, lines: bool = False
) -> None:
    """Decode each record's text, and gather the rows proven free of repeated keys.

    Any other record is parsed by the json module for the lenient stage (located at its
    line offset). A line of JSON Lines that is not JSON is a finding (``lines``); elsewhere
    it stops the reading.
    """
    import msgspec  # noqa: PLC0415 - see read_json

    from netfreedom._reading.rows import Decoded, shapes  # noqa: PLC0415 - idem

    rows: dict[int, Row] = {}
    decoders = shapes().one, shapes(fractions=True).one  # figures as ints, else as numbers
    fractions = False
    for n, text in enumerate(texts):
        for decoder in decoders:
            try:
                rows[n] = decoder.decode(text)
            except msgspec.ValidationError:
                continue
            except (msgspec.DecodeError, RecursionError):
                break
            fractions = fractions or decoder is decoders[1]
            break
    decoded = Decoded.of(list(rows.values()), fractions=fractions)
    if not decoded.proven("\n".join(texts[n] for n in rows)):
        rows = {
            n: r for n, r in rows.items() if Decoded.of([r], fractions=fractions).proven(texts[n])
        }
        decoded = Decoded.of(list(rows.values()), fractions=fractions)
    for n, text in enumerate(texts):
        if n not in rows:
            try:
                read.records[n] = parse_json(text, source, line_offset=offsets[n])
            except LoadError as error:
                if not lines:
                    raise
                place = error.location
                where = Location(source=source, line=place.line, column=place.column)
                read.findings.append(Finding.of("invalid-json", where, error.reason))
    _settle(read, rows, decoded)


def _settle(read: Read, rows: dict[int, Row], decoded: Decoded) -> None:
    """Gather decoded rows into batches; those no batch holds go to the lenient stage."""
    from netfreedom._reading.rows import to_builtins  # noqa: PLC0415 - see read_json

    numbers = list(rows)
    batches, rest = decoded.gather(numbers)
    read.batches += batches
    for at in rest:
        read.records[numbers[at]] = to_builtins(rows[numbers[at]])


def _read_parsed(document: object, source: str) -> Read:
    """A document the json module reads but msgspec does not: every record for the lenient stage."""
    if isinstance(document, list):
        read = Read(len(document), _by_path(source, single=False))
        read.records = dict(enumerate(document))
        return read
    read = Read(1, _by_path(source, single=True))
    read.records = {0: document}
    return read


def _by_path(source: str, *, single: bool) -> Locate:
    """Where a document's records are: by their JSON path (``$`` for a single record)."""

    def locate(
        n: int, country: str | None = None, edition: int | None = None, key: str | None = None
    ) -> Location:
        path = "$" if single else f"$[{n}]"
        if key is not None:
            path = field_path(path, key)
        return Location(source=source, path=path, country=country, edition=edition)

    return locate
