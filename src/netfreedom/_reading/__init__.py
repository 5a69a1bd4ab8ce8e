"""Reading datasets: one module per format, a table from format to reader, one lenient stage.

Every reader turns a source's text (a workbook's bytes) into a `Read`: simple records as
batches, the others in their JSON form for the lenient stage (`records.build_report`),
which every format shares.
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING

from netfreedom._reading.sources import (
    WORKBOOK_MAGIC,
    decode,
    expand,
    format_of,
    read_bytes,
    suffix,
)
from netfreedom.errors import LoadError, SourceLocation
from netfreedom.findings import Finding, Location

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from netfreedom._reading.source import Read

#: Each format, by name, and its reader: a function of a module of this package, imported
#: when its format is first read (a command reading one format loads no other's reader).
READERS: dict[str, tuple[str, str]] = {
    "json": ("jsonfile", "read_json"),
    "jsonl": ("jsonfile", "read_json_lines"),
    "csv": ("csvfile", "read_csv"),
}


def read(text: str, source: str, format: str) -> Read:  # noqa: A002 - the format's name
    """Read text in a format of `READERS`.

    Raises:
        LoadError: The text is empty (JSON, CSV) or not valid in its format.
        ValueError: No reader has that format.
    """
    if format not in READERS:
        raise ValueError(f"unknown format {format!r}; expected {', '.join(READERS)}")
    if not text.strip() and format != "jsonl":  # no lines is a JSON Lines file of no record
        raise LoadError(SourceLocation(source), "empty input: no reports to read")
    module, name = READERS[format]
    reader: Callable[[str, str], Read] = getattr(
        importlib.import_module(f"{__name__}.{module}"), name
    )
    return _counted(reader(text, source), source)


def _counted(result: Read, source: str) -> Read:
    """What was read, with a finding if it holds no report."""
    if not result.count:
        where = Location(source=source)
        result.findings.append(Finding.of("no-reports", where, "the source holds no report"))
    return result


def read_all(
    sources: Iterable[str | os.PathLike[str]], *, keep_going: bool = False
) -> Iterator[Read | Finding]:
    """Read sources one by one: files, directories (their dataset files), ``"-"``, examples.

    With ``keep_going``, a source that cannot be read is an ``unreadable-source`` finding and
    the others are still read, unless none can be read at all: then a `LoadError` naming
    every one is raised. Without it, the first unreadable source raises.

    Raises:
        LoadError: A source cannot be read (without ``keep_going``), or none can.
        TypeError: A source is not a path (a list of paths, say: pass them one by one).
    """
    sources = list(sources)
    for source in sources:
        if not isinstance(source, str | os.PathLike):
            raise TypeError(
                f"a source is a path or an example name, not a {type(source).__name__};"
                " pass several as separate arguments: read_dataset(*paths)"
            )
    errors: list[LoadError] = []
    read_any = False
    for source in sources:
        for result in _files(source):
            if isinstance(result, LoadError):
                if not keep_going:
                    raise result
                errors.append(result)
                yield _unreadable(result)
            else:
                read_any = True
                yield result
    if errors and not read_any:
        if len(errors) == 1:
            raise errors[0]
        others = "; ".join(str(error) for error in errors[1:])
        raise LoadError(errors[0].location, f"{errors[0].reason}; nor can the others: {others}")


def _files(source: str | os.PathLike[str]) -> Iterator[Read | LoadError]:
    """What each file of a source gives: what was read, or why it cannot be."""
    try:
        files = list(expand([source]))
    except LoadError as error:
        yield error
        return
    for file in files:
        try:
            name, raw = read_bytes(file)
            if raw.startswith(WORKBOOK_MAGIC) or suffix(name) in (".xlsx", ".xlsm"):
                from netfreedom._reading.workbook import read_workbook  # noqa: PLC0415 - zip, xml

                yield _counted(read_workbook(raw, name), name)
            else:
                text = decode(raw, name)
                yield read(text, name, format_of(name, text))
        except LoadError as error:
            yield error


def _unreadable(error: LoadError) -> Finding:
    place = error.location
    where = Location(source=place.source, line=place.line, column=place.column)
    return Finding.of("unreadable-source", where, error.reason)
