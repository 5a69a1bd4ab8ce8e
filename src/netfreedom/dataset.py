"""Reading and writing datasets: JSON, JSON Lines and CSV files, standard input, bundled examples.

Reading is lenient: every problem in the data becomes a located `Finding` and
the rest of the data is still read. Only input that cannot be read at all
(missing file, bad encoding, broken JSON or CSV syntax, empty input) raises a
`LoadError`, which always carries a location.
"""

from __future__ import annotations

import io
import json
import os
import sys
from typing import TYPE_CHECKING, Any

import attrs

from netfreedom.converter import (
    CSV_FIXED_COLUMNS,
    NotWholeNumberError,
    UnknownStatusError,
    csv_row_to_record,
    get_converter,
    whole_number,
)
from netfreedom.errors import (
    LoadError,
    NetfreedomError,
    SourceLocation,
    UnknownEditionError,
    UnknownExampleError,
    UnknownMethodologyError,
)
from netfreedom.findings import Finding, Location
from netfreedom.methodologies import get_methodology, methodology_for_edition
from netfreedom.reports import CountryReport

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from netfreedom.findings import ValidationReport
    from netfreedom.methodology import Methodology
    from netfreedom.panel import Panel
    from netfreedom.validation import Expected

#: Package data, read from the installed package directory.
#: Bundled examples. Package data is found with os.path: pathlib costs the command line
#: several milliseconds of start-up.
_EXAMPLES = os.path.join(os.path.dirname(__file__), "data", "examples")

#: The name standing for standard input.
STDIN = "-"

#: A position in a JSON document: object keys and array indices.
JSONPath = tuple[str | int, ...]


def example_names() -> tuple[str, ...]:
    """Return the names of the bundled examples, e.g. ``("kazakhstan-2021",)``."""
    return tuple(
        sorted(
            name.removesuffix(".json") for name in os.listdir(_EXAMPLES) if name.endswith(".json")
        )
    )


@attrs.frozen
class Entry:
    """A report read from a dataset, with where it came from.

    Attributes:
        report: The report.
        location: Where it was read (source and JSON path, or CSV line).
        reported: Question and category ids that reading already found a problem
            with (their values were left out of the report).
    """

    report: CountryReport
    location: Location
    reported: frozenset[str] = frozenset()


@attrs.frozen
class Dataset:
    """What reading one or more sources gave.

    Attributes:
        entries: The reports that could be built, in input order.
        findings: Problems met while reading, in input order.
    """

    entries: tuple[Entry, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def reports(self) -> tuple[CountryReport, ...]:
        """The reports alone."""
        return tuple(e.report for e in self.entries)

    def __add__(self, other: Dataset) -> Dataset:
        return Dataset(self.entries + other.entries, self.findings + other.findings)

    def panel(self) -> Panel:
        """The reports as a `Panel`, with their locations."""
        from netfreedom.panel import Panel  # noqa: PLC0415 - reading stays light
        from netfreedom.validation import Target  # noqa: PLC0415 - reading stays light

        return Panel(Target(e.report, e.location, e.reported) for e in self.entries)

    def validate(
        self, *, expected: Expected | None = None, methodology: Methodology | None = None
    ) -> ValidationReport:
        """Run every validation rule; the report includes the problems met while reading.

        Args:
            expected: Figures every report is expected to have.
            methodology: Check against this methodology instead of the built-in ones.
        """
        from netfreedom.findings import ValidationReport  # noqa: PLC0415 - reading stays light
        from netfreedom.validation import Target, validate  # noqa: PLC0415 - reading stays light

        targets = [Target(e.report, e.location, e.reported) for e in self.entries]
        checked = validate(targets, expected=expected, methodology=methodology)
        return ValidationReport(self.findings + checked.findings, checked.reports)


class DatasetError(NetfreedomError):
    """Raised by `load_reports` when the data has problems; read them in `findings`."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        lines = [f"{f.location}: {f.message} [{f.code}]" for f in findings]
        super().__init__(f"{len(findings)} problem(s) in the data:\n" + "\n".join(lines))
        self.findings = tuple(findings)


def read_dataset(*sources: str | os.PathLike[str]) -> Dataset:
    """Read reports from files, directories, ``"-"`` (standard input) or bundled example names.

    The format follows the file name: ``.csv`` is CSV, ``.jsonl``/``.ndjson`` is
    JSON Lines, anything else JSON; standard input is CSV unless it starts with
    ``{`` or ``[``. A directory reads its ``.json``, ``.jsonl`` and ``.csv`` files
    in name order. A path that does not exist but names a bundled example reads it.

    Raises:
        LoadError: A source cannot be read at all.
    """
    dataset = Dataset()
    for source in _expand(sources):
        name, text = read_text(source)
        dataset += loads(text, source=name, format=_format_of(name, text))
    return dataset


def _expand(sources: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """Sources, with each directory replaced by its dataset files in name order."""
    for source in (os.fspath(s) for s in sources):
        if source != STDIN and os.path.isdir(source):
            files = sorted(
                entry.path
                for entry in os.scandir(source)
                if entry.is_file() and _suffix(entry.name) in _DATASET_SUFFIXES
            )
            if not files:
                raise LoadError(SourceLocation(source), "directory holds no dataset files")
            yield from files
        else:
            yield source


def _suffix(name: str) -> str:
    return os.path.splitext(name)[1].lower()


_DATASET_SUFFIXES = (".json", ".jsonl", ".ndjson", ".csv")


def load_reports(*sources: str | os.PathLike[str]) -> list[CountryReport]:
    """Read reports and insist that reading met no problem.

    Raises:
        LoadError: A source cannot be read at all.
        DatasetError: The data has problems (see its ``findings``).
    """
    dataset = read_dataset(*sources)
    if dataset.findings:
        raise DatasetError(dataset.findings)
    return list(dataset.reports)


def load_example(name: str) -> CountryReport:
    """Return a bundled example report by name, e.g. ``"kazakhstan-2021"``.

    Raises:
        UnknownExampleError: No example has that name.
    """
    if name not in example_names():
        raise UnknownExampleError(
            f"no example named {name!r}; examples: {', '.join(example_names())}"
        )
    (report,) = load_reports(name)
    return report


def loads(text: str, *, source: str = "<string>", format: str = "json") -> Dataset:  # noqa: A002
    """Read reports from text in ``"json"``, ``"jsonl"`` or ``"csv"`` format.

    Raises:
        LoadError: The text is empty or not valid in its format.
        ValueError: The format is none of the three.
    """
    if not text.strip():
        raise LoadError(SourceLocation(source), "empty input: no reports to read")
    if format == "csv":
        return _read_csv(text, source)
    if format == "jsonl":
        return _build_all(
            (
                _parse_json(line, source, line_offset=number - 1),
                Location(source=source, line=number),
            )
            for number, line in enumerate(text.splitlines(), start=1)
            if line.strip()
        )
    if format == "json":
        document = _parse_json(text, source)
        if isinstance(document, list):
            return _build_all(
                (item, Location(source=source, path=f"$[{index}]"))
                for index, item in enumerate(document)
            )
        return _build_all([(document, Location(source=source, path="$"))])
    raise ValueError(f"unknown format {format!r}; expected json, jsonl or csv")


def report_to_dict(report: CountryReport) -> dict[str, Any]:
    """Return the canonical JSON-ready form of a report."""
    data: dict[str, Any] = get_converter().unstructure(report)
    return data


def dumps(reports: CountryReport | Iterable[CountryReport]) -> str:
    """Return canonical JSON: one object for one report, an array for several."""
    if isinstance(reports, CountryReport):
        return json.dumps(report_to_dict(reports), indent=2, ensure_ascii=False) + "\n"
    data = [report_to_dict(r) for r in reports]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# -- reading sources ----------------------------------------------------------------


def read_text(source: str) -> tuple[str, str]:
    """Read a source as text: a file, ``"-"`` for standard input, or a bundled example name.

    Returns the name to use in locations and the text (UTF-8, byte-order mark dropped).

    Raises:
        LoadError: The source cannot be read or is not UTF-8.
    """
    if source == STDIN:
        raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        _check_size(len(raw), "<stdin>")
        return "<stdin>", _decode(raw, "<stdin>")
    if not os.path.exists(source) and source in example_names():
        with open(os.path.join(_EXAMPLES, f"{source}.json"), encoding="utf-8") as example:
            return source, example.read()
    try:
        with open(source, "rb") as file:
            _check_size(os.fstat(file.fileno()).st_size, source)
            raw = file.read()
    except FileNotFoundError:
        examples = ", ".join(example_names())
        raise LoadError(
            SourceLocation(source), f"no such file, and no example of that name ({examples})"
        ) from None
    except OSError as error:
        raise LoadError(SourceLocation(source), error.strerror or str(error)) from None
    return source, _decode(raw, source)


#: The largest input read (bytes). A 50 MB dataset or report takes about ten times its size
#: in memory at the peak; larger inputs are refused rather than risk the machine.
MAX_INPUT_BYTES = 256 * 1024 * 1024


def _check_size(size: int, source: str) -> None:
    if size > MAX_INPUT_BYTES:
        raise LoadError(
            SourceLocation(source),
            f"input of {size / 2**20:.0f} MiB is larger than the {MAX_INPUT_BYTES // 2**20} MiB"
            " netfreedom reads; split it into several files",
        )


def _decode(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise LoadError(
            SourceLocation(source, line=line, column=column),
            f"not UTF-8: byte 0x{raw[error.start]:02x} cannot be decoded",
        ) from None


def _format_of(name: str, text: str) -> str:
    suffix = _suffix(name)
    if suffix == ".csv":
        return "csv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json" or name in example_names() or text.lstrip()[:1] in ("{", "["):
        return "json"
    return "csv"


# -- JSON ---------------------------------------------------------------------------


class _JSONObject(dict[str, Any]):
    """A JSON object that remembers the keys it was given more than once."""

    duplicates: tuple[str, ...] = ()


def _object_from_pairs(pairs: list[tuple[str, Any]]) -> _JSONObject:
    obj = _JSONObject(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        duplicates: list[str] = []
        for key, _ in pairs:
            if key in seen:
                duplicates.append(key)
            seen.add(key)
        obj.duplicates = tuple(duplicates)
    return obj


def _parse_json(text: str, source: str, line_offset: int = 0) -> Any:  # noqa: ANN401 - JSON
    try:
        return json.loads(text, object_pairs_hook=_object_from_pairs)
    except json.JSONDecodeError as error:
        location = SourceLocation(source, line=error.lineno + line_offset, column=error.colno)
        raise LoadError(location, f"invalid JSON: {error.msg}") from None
    except RecursionError:
        raise LoadError(SourceLocation(source), "JSON nested too deeply") from None
    except ValueError as error:  # a number with more digits than Python converts
        raise LoadError(SourceLocation(source), f"JSON number too long: {error}") from None


def _duplicate_findings(data: object, path: JSONPath, where: Location) -> Iterator[Finding]:
    if isinstance(data, dict):
        for key in getattr(data, "duplicates", ()):
            at = _at(where, (*path, key))
            code = "duplicate-question" if path[-1:] == ("scores",) else "duplicate-key"
            yield Finding.of(
                code,
                at,
                f"{key!r} is given more than once; the last value, {data[key]!r}, is used",
                actual=key,
            )
        for key, value in data.items():
            if isinstance(value, dict | list):
                yield from _duplicate_findings(value, (*path, key), where)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if isinstance(value, dict | list):
                yield from _duplicate_findings(value, (*path, index), where)


# -- CSV ----------------------------------------------------------------------------


def _read_csv(text: str, source: str) -> Dataset:
    header, rows = _csv_rows(text, source)
    findings = _csv_header_findings(header, source)
    pairs: list[tuple[object, Location]] = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        record, problems = _csv_record(header, row, line, source)
        findings += problems
        pairs.append((record, Location(source=source, line=line)))
    return Dataset(findings=tuple(findings)) + _build_all(pairs)


def _csv_rows(text: str, source: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (its names stripped) and the numbered rows of CSV text.

    Raises:
        LoadError: The text is not valid CSV, located at its line.
    """
    import csv  # noqa: PLC0415 - only CSV input needs it (start-up budget)

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [column.strip() for column in next(reader)]
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise LoadError(
            SourceLocation(source, line=reader.line_num), f"invalid CSV: {error}"
        ) from None
    return header, rows


def _csv_header_findings(header: list[str], source: str) -> list[Finding]:
    """A CSV header must name country and edition, each column once."""
    if "country" not in header or "edition" not in header:
        raise LoadError(
            SourceLocation(source, line=1),
            "CSV header must name the columns country and edition",
        )
    findings: list[Finding] = []
    seen: set[str] = set()
    for index, column in enumerate(header, start=1):
        if column in seen:
            fixed = column in CSV_FIXED_COLUMNS or len(column) == 1
            findings.append(
                Finding.of(
                    "duplicate-key" if fixed else "duplicate-question",
                    Location(
                        source=source, line=1, column=index, question=None if fixed else column
                    ),
                    f"column {column!r} appears more than once; the last one is used",
                    actual=column,
                )
            )
        seen.add(column)
    return findings


def _csv_record(
    header: list[str], row: list[str], line: int, source: str
) -> tuple[dict[str, Any], list[Finding]]:
    """One CSV row as a JSON-form record, and a finding if its length is wrong."""
    problems = []
    if len(row) != len(header):
        problems.append(
            Finding.of(
                "invalid-value",
                Location(source=source, line=line),
                f"row has {len(row)} cells but the header has {len(header)} columns",
                expected=len(header),
                actual=len(row),
            )
        )
    cells = dict(zip(header, row, strict=False))
    return csv_row_to_record(cells, _category_ids(cells)), problems


def _category_ids(cells: dict[str, str]) -> frozenset[str]:
    try:
        if cells.get("methodology", "").strip():
            methodology = get_methodology(cells["methodology"].strip())
        else:
            methodology = methodology_for_edition(int(cells.get("edition", "").strip()))
    except (ValueError, NetfreedomError):
        return frozenset(c for c in cells if len(c) == 1 and c.isalpha())
    return frozenset(c.id for c in methodology.categories)


# -- building reports ---------------------------------------------------------------


def _build_all(records: Iterable[tuple[object, Location]]) -> Dataset:
    entries: list[Entry] = []
    findings: list[Finding] = []
    for data, where in records:
        report, problems = build_report(data, where)
        findings += problems
        if report is not None:
            entries.append(_entry(report, where, problems))
    return Dataset(tuple(entries), tuple(findings))


def _entry(report: CountryReport, where: Location, problems: list[Finding]) -> Entry:
    """A built report, located, with the ids that reading already reported."""
    located = attrs.evolve(where, country=report.country, edition=report.edition)
    reported = {p.location.question or p.location.category for p in problems}
    return Entry(report, located, frozenset(i for i in reported if i))


#: How deep a record may nest (a parsed report with its narrative needs 6 levels).
_MAX_DEPTH = 32


def _deeper_than(data: object, limit: int) -> bool:
    """Whether lists and objects nest more than ``limit`` levels (checked without recursion)."""
    stack: list[tuple[object, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Iterable[object] = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _copied(value: object) -> Any:  # noqa: ANN401 - JSON
    """A copy of a JSON-form value (objects and arrays copied, leaves shared: immutable)."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value


def build_report(data: object, where: Location) -> tuple[CountryReport | None, list[Finding]]:
    """Build a report from one JSON-form record, collecting every problem on the way.

    Values that cannot be read are reported and left out, so that the rest of
    the record still makes a report. A record without a usable country type,
    edition or methodology makes none.

    Args:
        data: The record, as parsed from JSON (or made from a CSV row).
        where: Where the record is; findings extend it with the path inside.
    """
    if not isinstance(data, dict) or _deeper_than(data, _MAX_DEPTH):
        return None, [_unusable(data, where)]
    record: dict[str, Any] = _copied(data)
    country, edition = record.setdefault("country", ""), record.get("edition")
    if isinstance(country, str):
        where = attrs.evolve(where, country=country)
    try:
        record["edition"] = whole_number(edition)
    except NotWholeNumberError:
        edition_problem = f"edition {edition!r} is not a year"
    else:
        edition_problem = ""
        where = attrs.evolve(where, edition=record["edition"])
    findings = list(_duplicate_findings(data, (), where))
    if edition is None:
        findings.append(Finding.of("missing-edition", where, "the report has no edition"))
        return None, findings
    if edition_problem:
        findings.append(_finding("invalid-value", where, ("edition",), edition_problem))
        return None, findings
    problem = _resolve_methodology(record, where)
    if problem is not None:
        return None, [*findings, problem]
    findings += _drop_fractional_points(record, where)
    report, problems = _structure(record, where)
    return report, sorted(findings + problems, key=_path_order)


def _unusable(data: object, where: Location) -> Finding:
    if not isinstance(data, dict):
        message = f"expected an object describing a report, got {type(data).__name__}"
        return Finding.of("not-a-report", where, message)
    message = f"the record is nested more than {_MAX_DEPTH} levels deep"
    return Finding.of("invalid-value", where, message)


def _resolve_methodology(record: dict[str, Any], where: Location) -> Finding | None:
    """Check the record's methodology, or fill it in from the edition."""
    try:
        if "methodology" in record:
            get_methodology(str(record["methodology"]))
        else:
            record["methodology"] = methodology_for_edition(record["edition"]).id
    except UnknownEditionError as error:
        return _finding("unknown-edition", where, ("edition",), str(error))
    except UnknownMethodologyError as error:
        return _finding("unknown-methodology", where, ("methodology",), str(error))
    return None


def _path_order(finding: Finding) -> str:
    return finding.location.path or ""


def _drop_fractional_points(record: dict[str, Any], where: Location) -> Iterator[Finding]:
    """Report and remove points that are not whole numbers in the score mappings."""
    published = record.get("published")
    places: list[tuple[JSONPath, object]] = [
        (("scores",), record.get("scores")),
        (("categories",), record.get("categories")),
    ]
    if isinstance(published, dict):
        places.append((("published", "categories"), published.get("categories")))
    for path, mapping in places:
        if not isinstance(mapping, dict):
            continue
        for key, value in list(mapping.items()):
            try:
                mapping[key] = whole_number(value)
            except NotWholeNumberError:
                del mapping[key]
                yield _finding(
                    "not-whole-number",
                    where,
                    (*path, key),
                    f"{key} is {value!r}, not a whole number of points",
                    actual=_shown(value),
                )


_MAX_STRUCTURE_ATTEMPTS = 64


def _structure(
    record: dict[str, Any], where: Location
) -> tuple[CountryReport | None, list[Finding]]:
    """Structure a record, removing each offending value and trying again."""
    from cattrs import ClassValidationError, IterableValidationError  # noqa: PLC0415 - on demand

    findings: list[Finding] = []
    for _ in range(_MAX_STRUCTURE_ATTEMPTS):
        try:
            return get_converter().structure(record, CountryReport), findings
        except (ClassValidationError, IterableValidationError) as group:
            removed = False
            for path, error in _leaves(group, ()):
                findings.append(_finding_for(error, path, record, where))
                if path[:1] in (("country",), ("edition",), ("methodology",)):
                    return None, findings
                removed = _remove(record, path, error) or removed
            if not removed:
                return None, findings
    return None, findings


def _leaves(error: BaseException, path: JSONPath) -> Iterator[tuple[JSONPath, BaseException]]:
    from cattrs import ClassValidationError, IterableValidationError  # noqa: PLC0415 - loaded

    if isinstance(error, ClassValidationError):
        with_notes, without = error.group_exceptions()
        for inner, note in with_notes:
            yield from _leaves(inner, (*path, note.name))
        for inner in without:
            yield path, inner
    elif isinstance(error, IterableValidationError):
        with_notes_i, without = error.group_exceptions()
        for inner, index_note in with_notes_i:
            yield from _leaves(inner, (*path, index_note.index))
        for inner in without:
            yield path, inner
    else:
        yield path, error


_RENAMED = {"previous": "from", "current": "to"}
_CODES_BY_ERROR: dict[type[BaseException], str] = {
    NotWholeNumberError: "not-whole-number",
    UnknownStatusError: "unknown-status",
}


def _finding_for(
    error: BaseException, path: JSONPath, record: dict[str, Any], where: Location
) -> Finding:
    from cattrs import ForbiddenExtraKeysError  # noqa: PLC0415 - loaded by then

    path = tuple(_RENAMED.get(p, p) if isinstance(p, str) else p for p in path)
    if isinstance(error, ForbiddenExtraKeysError):
        extra = ", ".join(sorted(error.extra_fields))
        return _finding("unknown-field", where, path, f"unknown field(s): {extra}", actual=extra)
    value = _lookup(record, path)
    if isinstance(error, KeyError):
        return _finding("invalid-value", where, path, f"required field {path[-1]!r} is missing")
    code = _CODES_BY_ERROR.get(type(error), "invalid-value")
    return _finding(code, where, path, str(error), actual=_shown(value))


def _lookup(data: object, path: JSONPath) -> object:
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _remove(record: dict[str, Any], path: JSONPath, error: BaseException) -> bool:
    """Remove what an error points at; return whether anything was removed.

    An unknown key goes; a bad value goes; an object lacking a required key goes
    as a whole, and so does a list with a bad element.
    """
    from cattrs import ForbiddenExtraKeysError  # noqa: PLC0415 - loaded by then

    if not path and not isinstance(error, ForbiddenExtraKeysError):
        return False
    target = _lookup(record, path)
    if isinstance(error, ForbiddenExtraKeysError) and isinstance(target, dict):
        for key in error.extra_fields:
            target.pop(key, None)
        return True
    parent = _lookup(record, path[:-1])
    if isinstance(parent, dict) and path[-1] in parent:
        del parent[path[-1]]
        return True
    return len(path) > 1 and _remove(record, path[:-1], error)


def _finding(
    code: str,
    where: Location,
    path: JSONPath,
    message: str,
    *,
    actual: int | str | None = None,
) -> Finding:
    return Finding.of(code, _at(where, path), message, actual=actual)


def _at(where: Location, path: JSONPath) -> Location:
    """Extend a record's location with a path inside the record."""
    question = category = None
    if len(path) == 2 and path[0] == "scores":
        question = str(path[1])
    elif path[-2:-1] == ("categories",):
        category = str(path[-1])
    if where.path is None:
        # CSV or JSON Lines: the line says where; the path names the field
        return attrs.evolve(where, question=question, category=category, path=_path_text(path))
    suffix = _path_text(path).removeprefix("$")
    return attrs.evolve(where, question=question, category=category, path=where.path + suffix)


def _path_text(path: JSONPath) -> str:
    text = "$"
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.isidentifier():
            text += f".{part}"
        else:
            text += f"[{json.dumps(part)}]"
    return text


def _shown(value: object) -> int | str:
    return value if isinstance(value, int) and not isinstance(value, bool) else repr(value)
