"""The lenient stage every format shares: a JSON-form record to a report and its findings.

Values that cannot be read are reported as located findings and left out, so that the rest
of a record still makes a report. Only text that is not JSON at all raises a `LoadError`.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from netfreedom.converter import (
    NOT_APPLICABLE,
    LongNumber,
    UnknownStatusError,
    get_converter,
    read_int,
)
from netfreedom.errors import (
    LoadError,
    SourceLocation,
    UnknownEditionError,
    UnknownMethodologyError,
)
from netfreedom.findings import Finding, Location, json_text
from netfreedom.methodologies import (
    builtin_figure_ids,
    get_methodology,
    index_key,
    index_of_ids,
    indexes,
    methodology_for_edition,
)
from netfreedom.methodology import DEFAULT_INDEX, rating_column
from netfreedom.reports import (
    CountryReport,
    NotWholeNumberError,
    ScoreChange,
    normal_name,
    whole_number,
)
from netfreedom.validation import Target, shape_findings, stand_in

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from netfreedom._reading.source import Locate
    from netfreedom.batch import Batch

_T = TypeVar("_T")

#: A position in a JSON document: object keys and array indices.
JSONPath = tuple[str | int, ...]


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


#: An escaped half of a surrogate pair that has no other half: not a character.
_LONE_SURROGATE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def parse_json(text: str, source: str, line_offset: int = 0) -> Any:  # noqa: ANN401 - JSON
    """Parse JSON text, remembering repeated keys (see `duplicate_findings`).

    Raises:
        LoadError: The text is not JSON, or escapes half a surrogate pair (which is no
            character: the text could not be written out again), located.
    """
    try:
        data = _loads(text)
    except json.JSONDecodeError as error:
        location = SourceLocation(source, line=error.lineno + line_offset, column=error.colno)
        hint = ""
        if error.msg == "Extra data" and text[error.pos] == "{" and "\n" in text[: error.pos]:
            hint = " (one object per line is JSON Lines: name the file .jsonl)"
        # json's messages that end "... at" name the place, which the location gives
        reason = f"{error.msg} column {error.colno}" if error.msg.endswith(" at") else error.msg
        raise LoadError(location, f"invalid JSON: {reason}{hint}") from None
    except RecursionError:
        raise LoadError(SourceLocation(source), "JSON nested too deeply") from None
    lone = _LONE_SURROGATE.search(text) if "\\u" in text else None
    if lone is not None and _holds_surrogate(data):
        line = text.count("\n", 0, lone.start()) + 1
        column = lone.start() - (text.rfind("\n", 0, lone.start()) + 1) + 1
        location = SourceLocation(source, line=line + line_offset, column=column)
        message = f"invalid JSON: {lone.group()} is half of a surrogate pair, not a character"
        raise LoadError(location, message)
    return data


def _loads(text: str) -> Any:  # noqa: ANN401 - JSON
    try:
        return json.loads(text, object_pairs_hook=_object_from_pairs)
    except json.JSONDecodeError:
        raise
    except ValueError:  # a number with more digits than Python converts: kept as written
        return json.loads(text, object_pairs_hook=_object_from_pairs, parse_int=read_int)


def _holds_surrogate(data: object) -> bool:
    """Whether a parsed JSON value holds a string with half a surrogate pair."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(value, dict):
            stack += value
            stack += value.values()
        elif isinstance(value, list):
            stack += value
    return False


def duplicate_findings(data: object, path: JSONPath, where: Location) -> Iterator[Finding]:
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
                yield from duplicate_findings(value, (*path, key), where)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if isinstance(value, dict | list):
                yield from duplicate_findings(value, (*path, index), where)


def row_located(batch: Batch, row: int, locate: Locate) -> Target:
    """A batch's row as a report, located in one step (record ``batch.records[row]``)."""
    report = batch.report(row)
    return Target(report, locate(batch.records[row], report.country, report.edition))


def _reported(problems: list[Finding]) -> frozenset[str]:
    """The ids reading reported (and ``scores``, ``categories`` or ``country``, if wholly)."""
    ids = set()
    for problem in problems:
        where = problem.location
        whole = (where.path or "").rpartition(".")[2]
        ids.add(where.question or where.category or (whole if whole in _MAPPINGS else ""))
    return frozenset(ids - {""})


#: Fields a reading finding may be about as a whole: those holding points by id, the country.
_MAPPINGS = ("scores", "categories", "country")


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


def build_report(data: object, where: Location) -> tuple[Target | None, list[Finding]]:
    """Build a report from one JSON-form record, collecting every problem on the way.

    Values that cannot be read are reported and left out, so that the rest of
    the record still makes a report, located, with the ids reading reported and
    the positions of the Score Change notes it kept. A record without a usable
    edition or methodology makes none; one whose country is null or no string makes one
    without a country (see `_country`).

    Args:
        data: The record, as parsed from JSON (or made from a CSV row).
        where: Where the record is; findings extend it with the path inside.
    """
    if not isinstance(data, dict) or _deeper_than(data, _MAX_DEPTH) or _is_methodology(data):
        return None, [_unusable(data, where)]
    record: dict[str, Any] = _copied(data)
    index = record.pop("index", None)  # which index's methodology: read, not kept
    edition = record.get("edition")
    try:
        record["edition"] = whole_number(edition)
    except NotWholeNumberError:
        edition_problem = f"edition {json_text(edition)} is not a year"
    else:
        edition_problem = ""
        where = attrs.evolve(where, edition=record["edition"])
    where, findings = _country(record, where)
    # only parsed JSON can repeat a key (a CSV row or a dict made in Python cannot)
    if isinstance(data, _JSONObject):
        findings += duplicate_findings(data, (), where)
    problem: Finding | None
    if edition is None:
        problem = _no_edition(record, where)
    elif edition_problem:
        problem = _finding("invalid-value", where, ("edition",), edition_problem)
    else:
        problem = _resolve_methodology(record, index, where)
    if problem is not None:
        shape = _shape_only(record, where, _reported(findings))
        return None, sorted([problem, *findings, *shape], key=_path_order)
    findings += _drop_fractional_points(record, where)
    report, notes, problems = _structure(record, where)
    findings = sorted(findings + problems, key=_path_order)
    if report is None:
        return None, findings
    at = attrs.evolve(where, country=report.country, edition=report.edition)
    return Target(report, at, _reported(findings), notes), findings


def _country(record: dict[str, Any], where: Location) -> tuple[Location, list[Finding]]:
    """Read the record's country (a name kept in NFC), and say if it is no string.

    A country given as null is not given, as an absent one: the report has none
    (``missing-country``). One that is no string is said, and the report has none, so that
    the rest of the record is still read.
    """
    country = record.get("country")
    findings = []
    if country is not None and not isinstance(country, str):
        message = f"expected a string, got {json_text(country)}"
        findings.append(_finding("invalid-value", where, ("country",), message))
    name = record["country"] = normal_name(country if isinstance(country, str) else "")
    return attrs.evolve(where, country=name), findings


def _shape_only(record: dict[str, Any], where: Location, reported: frozenset[str]) -> list[Finding]:
    """The findings that need no methodology, for a record that makes no report.

    ``reported``: what reading found a problem with already.
    """
    # a built-in edition and methodology stand in to build the report; nothing reported
    # depends on them, and the location keeps the record's own edition (or none)
    standing = stand_in()
    record = {**record, "edition": standing.editions.first, "methodology": standing.id}
    findings = list(_drop_fractional_points(record, where))
    report, _, problems = _structure(record, where)
    findings += problems
    if report is not None:
        findings += shape_findings(Target(report, where, reported | _reported(findings)))
    return findings


def _is_methodology(data: dict[str, Any]) -> bool:
    """Whether an object is a methodology file's (an id and questions, no country)."""
    return "country" not in data and "id" in data and isinstance(data.get("questions"), list)


def _no_edition(record: dict[str, Any], where: Location) -> Finding:
    """A missing edition, at its empty field (a table's cell) or at the record without one."""
    if "edition" in record or where.header is not None:  # a table has the column
        return _finding("missing-edition", where, ("edition",), "the report has no edition")
    return Finding.of("missing-edition", where, "the report has no edition")


def _unusable(data: object, where: Location) -> Finding:
    if not isinstance(data, dict):
        message = f"expected an object describing a report, got {_json_kind(data)}"
        return Finding.of("not-a-report", where, message)
    if _is_methodology(data):
        message = (
            f"this is the methodology {json_text(data['id'])}, not a report: check reports"
            " against it with --methodology FILE (in Python, load_methodology)"
        )
        return Finding.of("not-a-report", where, message)
    message = f"the record is nested more than {_MAX_DEPTH} levels deep"
    return Finding.of("invalid-value", where, message)


def _resolve_methodology(record: dict[str, Any], index: object, where: Location) -> Finding | None:
    """Check the record's methodology, or fill it in from the edition (and index).

    A record that names neither is of the index its figures fit best, as a table is
    (`netfreedom.methodologies.index_of_ids`); else Freedom on the Net's.
    """
    if isinstance(index, str):
        index = index_key(index)
    if index is not None and (not isinstance(index, str) or index not in indexes()):
        message = f"expected one of {', '.join(map(json_text, indexes()))}, got {json_text(index)}"
        return _finding("invalid-value", where, ("index",), message)
    try:
        if record.get("methodology") is not None:  # null: not given
            named = get_methodology(str(record["methodology"]))
            if index is not None and named.index != index:
                message = f"{named.id} is a methodology of the index {named.index!r}, not {index!r}"
                return _finding("invalid-value", where, ("index",), message)
        else:
            chosen = index if isinstance(index, str) else _index_of_figures(record)
            record["methodology"] = methodology_for_edition(record["edition"], index=chosen).id
    except UnknownEditionError as error:
        return _finding("unknown-edition", where, ("edition",), str(error))
    except UnknownMethodologyError as error:
        return _finding("unknown-methodology", where, ("methodology",), str(error))
    return None


def _index_of_figures(record: dict[str, Any]) -> str:
    """The index the record's figures fit best, else the default one."""
    ids: list[str] = []
    published = record.get("published")
    for part in (
        record.get("scores"),
        record.get("categories"),
        *(
            (published.get("groups"), published.get("ratings"))
            if isinstance(published, dict)
            else ()
        ),
    ):
        if isinstance(part, dict):
            ids += [key for key in part if isinstance(key, str)]
    return index_of_ids(ids) or DEFAULT_INDEX


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
        places += [
            (("published", part), published.get(part))
            for part in ("categories", "groups", "ratings")
        ]
    for path, mapping in places:
        if not isinstance(mapping, dict):
            continue
        for key, value in list(mapping.items()):
            try:
                mapping[key] = whole_number(value)
            except NotWholeNumberError:
                del mapping[key]
                if isinstance(value, LongNumber):
                    yield _beyond_range(where, (*path, key), value)
                    continue
                rating = path[-1] == "ratings"  # a rating is a whole number, not points
                yield _finding(
                    "not-whole-number",
                    where,
                    (*path, key),
                    f"{rating_column(key) if rating else key} is {json_text(value)},"
                    f" not a whole number{'' if rating else ' of points'}"
                    + _NOT_APPLICABLE_HINT
                    * _says_not_applicable(value),
                    actual=_shown(value),
                )


#: What a figure written "N/A" (or null) in JSON should be instead.
_NOT_APPLICABLE_HINT = "; leave out a figure that is not given or does not apply"


def _says_not_applicable(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip().casefold() in NOT_APPLICABLE)


_MAX_STRUCTURE_ATTEMPTS = 64


def _structure(
    record: dict[str, Any], where: Location
) -> tuple[CountryReport | None, tuple[int, ...], list[Finding]]:
    """Structure a record, and each of its Score Change notes on its own.

    A note that cannot be read is left out, not the list that holds it. Returns the report,
    the positions of the notes kept where some were left out (else ``()``), and the findings.
    """
    notes = record.pop("score_changes") if isinstance(record.get("score_changes"), list) else []
    report, findings = _structured(record, CountryReport, where, ())
    kept: list[ScoreChange] = []
    positions: list[int] = []
    for position, note in enumerate(notes):
        made, problems = _structured(note, ScoreChange, where, ("score_changes", position))
        findings += problems
        if made is not None:
            kept.append(made)
            positions.append(position)
    if report is None or not kept:
        return report, (), findings
    report = attrs.evolve(report, score_changes=tuple(kept))
    return report, tuple(positions) if len(kept) < len(notes) else (), findings


def _structured(
    value: object, kind: type[_T], where: Location, prefix: JSONPath
) -> tuple[_T | None, list[Finding]]:
    """Structure a value at ``prefix``, removing each offending part and trying again."""
    from cattrs import ClassValidationError, IterableValidationError  # noqa: PLC0415 - on demand

    findings: list[Finding] = []
    removed_paths: set[JSONPath] = set()
    for _ in range(_MAX_STRUCTURE_ATTEMPTS):
        try:
            return get_converter().structure(value, kind), findings
        except (ClassValidationError, IterableValidationError, TypeError, ValueError) as group:
            removed = False
            for at, error in _leaves(group, ()):
                path = _json_path(at)
                if not (isinstance(error, KeyError) and path in removed_paths):
                    findings.append(_finding_for(error, path, value, where, prefix))
                removed_paths.add(path)
                if (*prefix, *path)[:1] in (("country",), ("edition",), ("methodology",)):
                    return None, findings
                removed = _remove(value, path, error) or removed
            if not removed:
                return None, findings
    return None, findings


def _json_path(path: JSONPath) -> JSONPath:
    """A path of attribute names as the keys JSON writes (a note's ``previous`` is ``from``)."""
    return tuple(_RENAMED.get(p, p) if isinstance(p, str) else p for p in path)


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
    error: BaseException, path: JSONPath, value: object, where: Location, prefix: JSONPath
) -> Finding:
    """The finding for an error at ``path`` in ``value``, which stands at ``prefix``."""
    from cattrs import ForbiddenExtraKeysError  # noqa: PLC0415 - loaded by then

    value = _lookup(value, path)
    path = (*prefix, *path)
    if isinstance(error, ForbiddenExtraKeysError):
        extra = ", ".join(sorted(error.extra_fields))
        hint = _FLAT_HINT if not path and _names_figures(error.extra_fields) else ""
        return _finding(
            "unknown-field", where, path, f"unknown field(s): {extra}{hint}", actual=extra
        )
    if isinstance(value, LongNumber):
        return _beyond_range(where, path, value)
    if isinstance(error, KeyError):
        return _finding(
            "invalid-value", where, path, f"the required field {json_text(path[-1])} is missing"
        )
    code = _CODES_BY_ERROR.get(type(error), "invalid-value")
    if path == ("territory",) and where.header is not None:  # a table's C/T cell, in its words
        message = f"the C/T cell is {json_text(value)}: t for a territory, c for a country"
    else:
        message = str(error) + (" (true for a territory)" if path == ("territory",) else "")
    return _finding(code, where, path, message, actual=_shown(value))


#: What a record with figures at its top level (a table's row in JSON) is told.
_FLAT_HINT = (
    '; a record gives its figures under "scores", "categories" and "published" (a table\'s'
    " rows are read from CSV: `panel --format csv` writes them so)"
)


def _names_figures(fields: Iterable[str]) -> bool:
    """Whether any of these fields is a figure's name: a table's column, not a record's key."""
    names = {"total", "status", "last_year_total", *builtin_figure_ids()}
    return not names.isdisjoint(fields)


#: The range finding for a number too long to convert, by where it stands.
_RANGE_CODES = {
    "scores": "score-out-of-range",
    "categories": "category-out-of-range",
    "total": "total-out-of-range",
    "last_year_total": "total-out-of-range",
}


def _beyond_range(where: Location, path: JSONPath, value: LongNumber) -> Finding:
    """A number with more digits than Python converts: outside every range, whatever it is."""
    place = next((_RANGE_CODES[p] for p in reversed(path) if p in _RANGE_CODES), None)
    name = str(path[-1]) if path else "the value"
    message = f"{name} is {value}, beyond any figure a methodology allows"
    return _finding(place or "invalid-value", where, path, message, actual=str(value))


def _lookup(data: object, path: JSONPath) -> object:
    for part in path:
        if isinstance(data, dict) and isinstance(part, str):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _remove(record: object, path: JSONPath, error: BaseException) -> bool:
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
    return value if isinstance(value, int) and not isinstance(value, bool) else json_text(value)


def _json_kind(value: object) -> str:
    """What kind of JSON value this is: an array, a number, a string, true, null…."""
    if isinstance(value, bool) or value is None:
        return json_text(value)
    kinds = ((list, "an array"), (str, "a string"), ((int, float), "a number"))
    return next((name for kind, name in kinds if isinstance(value, kind)), type(value).__name__)
