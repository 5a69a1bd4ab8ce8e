"""Reading datasets: one module per format, a table from format to reader, one lenient stage.

Every reader turns a source's text into a `Read`: simple records as batches, the others in
their JSON form for the lenient stage (`records.build_report`), which every format shares.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netfreedom._reading.csvfile import read_csv
from netfreedom._reading.jsonfile import read_json, read_json_lines
from netfreedom.errors import LoadError, SourceLocation
from netfreedom.findings import Finding, Location

if TYPE_CHECKING:
    from collections.abc import Callable

    from netfreedom._reading.source import Read

#: Each format, by name, and its reader.
READERS: dict[str, Callable[[str, str], Read]] = {
    "json": read_json,
    "jsonl": read_json_lines,
    "csv": read_csv,
}


def read(text: str, source: str, format: str) -> Read:  # noqa: A002 - the format's name
    """Read text in a format of `READERS`.

    Raises:
        LoadError: The text is empty or not valid in its format.
        ValueError: No reader has that format.
    """
    reader = READERS.get(format)
    if reader is None:
        raise ValueError(f"unknown format {format!r}; expected {', '.join(READERS)}")
    if not text.strip():
        raise LoadError(SourceLocation(source), "empty input: no reports to read")
    result = reader(text, source)
    if not result.count:
        where = Location(source=source)
        result.findings.append(Finding.of("no-reports", where, "the source holds no report"))
    return result
