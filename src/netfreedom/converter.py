"""The wire format: every rule that maps models to JSON-ready data and back.

Models know nothing of serialization; this module is the only place that does.
Build a converter with `make_converter`; the library shares one through
`get_converter`. cattrs' global converter is never touched.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import typing
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from netfreedom.changes import ReportDelta
from netfreedom.errors import NetfreedomError
from netfreedom.findings import Finding, ValidationReport, json_text
from netfreedom.methodology import Status
from netfreedom.reports import CountryReport, ScoreChange, whole_number
from netfreedom.scorecard import Scorecard

if TYPE_CHECKING:
    import cattrs

    from netfreedom.changes import Change

T = TypeVar("T")

#: Keys of a CSV row that are not question or category ids.
CSV_FIXED_COLUMNS = (
    "country",
    "edition",
    "methodology",
    "index",
    "region",
    "territory",
    "total",
    "status",
    "last_year_total",
)
#: Cells that mean "not applicable" (Freedom in the World's retired ``Add A``) or "no value"
#: (``NaN``, as numeric tools write a gap): not given.
NOT_APPLICABLE = frozenset({"n/a", "na", "nan"})
#: How a table writes whether an entity is a territory (Freedom House's ``C/T``: c or t).
_TERRITORY = {
    "c": False,
    "country": False,
    "false": False,
    "t": True,
    "territory": True,
    "true": True,
}
#: A rating column's name: a group id and ``rating``.
_RATING = re.compile(r"(\S+) rating")


class UnknownStatusError(NetfreedomError, ValueError):
    """A status text that names no status."""


@attrs.frozen
class LongNumber:
    """A whole number written with more digits than Python converts: beyond any figure.

    Attributes:
        text: The number as written.
    """

    text: str

    def __str__(self) -> str:
        digits = self.text.lstrip("+-")
        sign = self.text[: len(self.text) - len(digits)]
        return f"{sign}{digits[:6]}…{digits[-3:]} ({len(digits)} digits)"


def read_int(text: str) -> int | LongNumber:
    """An integer literal's value, or a `LongNumber` if it has too many digits to convert."""
    try:
        return int(text)
    except ValueError:
        return LongNumber(text)


def _structure_int(value: object, _: type) -> int:
    return whole_number(value)


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {json_text(value)}")
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {json_text(value)}")
    return value


def _structure_status(value: object, _: type) -> Status:
    if not isinstance(value, str):
        raise UnknownStatusError(f"expected a status name, got {json_text(value)}")
    try:
        return Status.from_text(value)
    except ValueError as error:
        raise UnknownStatusError(str(error)) from None


def _structure_enum(value: object, kind: type[enum.Enum]) -> enum.Enum:
    try:
        return kind(value)
    except ValueError:
        names = " or ".join(json_text(member.value) for member in kind)
        raise ValueError(f"expected {names}, got {json_text(value)}") from None


def _structure_date(value: object, _: type) -> dt.date:
    try:
        if isinstance(value, str):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise ValueError(f"expected a date written YYYY-MM-DD, got {json_text(value)}")


def _structure_mapping(value: object, _: type) -> Mapping[str, int]:
    if not isinstance(value, Mapping):
        raise TypeError(f"expected an object, got {json_text(value)}")
    return {_structure_str(k, str): whole_number(v) for k, v in value.items()}


def _is_points_mapping(kind: object) -> bool:
    return kind == Mapping[str, int]


def _is_array(kind: object) -> bool:
    """Whether a type is a tuple of any length (a JSON array)."""
    return typing.get_origin(kind) is tuple and typing.get_args(kind)[-1:] == (Ellipsis,)


def _arrays_only(kind: type, converter: cattrs.Converter) -> Callable[[object, type], object]:
    """A tuple's hook that takes JSON arrays only (a string or object is no list of items)."""
    from cattrs.cols import homogenous_tuple_structure_factory  # noqa: PLC0415 - with cattrs

    items = homogenous_tuple_structure_factory(kind, converter)

    def structure(value: object, _: type) -> object:
        if not isinstance(value, list | tuple):
            raise TypeError(f"expected an array, got {json_text(value)}")
        return items(value, kind)

    return structure


def _objects_only(
    structure: Callable[[Any, type[T]], T], kind: type[T]
) -> Callable[[object, type[T]], T]:
    """A model's hook that takes JSON objects only, saying so for anything else.

    A field that has a default may be given as null: it is then not given.
    """
    fields: tuple[attrs.Attribute[Any], ...] = attrs.fields(kind)  # type: ignore[arg-type]
    optional = frozenset(f.name for f in fields if f.default is not attrs.NOTHING)

    def checked(value: object, kind: type[T]) -> T:
        if not isinstance(value, Mapping):
            raise TypeError(f"expected an object, got {json_text(value)}")
        if None in value.values():
            value = {k: v for k, v in value.items() if v is not None or k not in optional}
        return structure(value, kind)

    return checked


def _model_hook(kind: type, converter: cattrs.Converter) -> Callable[[object, type], object]:
    from cattrs.gen import make_dict_structure_fn  # noqa: PLC0415 - with cattrs

    return _objects_only(make_dict_structure_fn(kind, converter), kind)


def configure_converter(converter: cattrs.Converter) -> None:
    """Install netfreedom's wire rules on a converter.

    The rules:

    - Points are whole numbers: an int, or a float such as ``5.0`` with no
      fractional part. Booleans, fractions, NaN, infinities and strings are errors.
    - Strings must be strings and yes/no facts JSON booleans; nothing is coerced.
    - Statuses are written ``"Free"``, ``"Partly Free"``, ``"Not Free"`` and read
      in any case and spacing.
    - Dates are ISO 8601 strings (``"2020-06-01"``).
    - Enums (scale, change direction) are their values, e.g. ``"higher-is-freer"``.
    - A Score Change note is ``{"question", "from", "to", "direction", "text"}``.
    - A report's scores and category totals, and its published category totals, group
      totals and ratings, are written in its methodology's order; ids the methodology does
      not define after them, those of other built-in methodologies in their order, then
      any other as given: the canonical form.
    - Optional fields left at their default (``None``, empty mappings and lists)
      are omitted on output and may be omitted, or given as null, on input.
    - Unknown keys in an object are errors, so that typos do not pass silently.
    - A scorecard is written ``{"country", "edition", "methodology", "scale",
      "categories": {"A": {"score", "max"}, ...}, "total", "max_total", "status"}``,
      plus ``"converted_from"`` for converted figures; under a methodology with groups
      also ``"groups": {"PR": {"score", "max", "rating"}}``, ``"adjustments": {"Add Q":
      {"points", "signed"}}`` and ``"designations"``; ``"territory": true`` for a
      territory. It is output only.
    - A delta is written ``{"country", "from_edition", "to_edition", "methodology",
      "categories": {"A": {"from", "to", "delta"}, ...}, "total": {...}, "status":
      {"from", "to"}, "status_margin": {...}, "questions": {...}, "converted_scale",
      "converted_editions", "findings": [...], "notes": {"confirmed": [...], "unchecked"}}``.
      Output only.
    - A validation report is written ``{"valid", "reports", "counts": {"by_severity",
      "by_code"}, "findings": [...]}``; a finding ``{"code", "severity", "message",
      "location": {...}, "expected", "actual"}`` with the location's unknown parts
      omitted. Output only.
    """
    from cattrs.gen import (  # noqa: PLC0415 - cattrs only once a converter is built
        make_dict_structure_fn,
        make_dict_unstructure_fn,
        override,
    )

    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(Status, _structure_status)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_structure_hook_func(
        lambda kind: isinstance(kind, type) and issubclass(kind, enum.Enum), _structure_enum
    )
    converter.register_structure_hook_factory(_is_array, _arrays_only)
    converter.register_structure_hook_factory(attrs.has, _model_hook)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    converter.register_structure_hook_func(_is_points_mapping, _structure_mapping)
    converter.register_unstructure_hook_func(_is_points_mapping, dict)
    # Generated hooks are built on first use (a command that writes no report builds none).
    converter.register_structure_hook_factory(
        lambda kind: kind is ScoreChange,
        lambda kind: _objects_only(
            make_dict_structure_fn(
                kind, converter, previous=override(rename="from"), current=override(rename="to")
            ),
            kind,
        ),
    )
    converter.register_unstructure_hook(Scorecard, _unstructure_scorecard)
    converter.register_unstructure_hook(Finding, _unstructure_finding)
    converter.register_unstructure_hook(ValidationReport, _unstructure_validation)
    converter.register_unstructure_hook(ReportDelta, _unstructure_delta)
    converter.register_unstructure_hook_factory(
        lambda kind: kind is ScoreChange,
        lambda kind: make_dict_unstructure_fn(
            kind,
            converter,
            _cattrs_omit_if_default=True,
            previous=override(rename="from"),
            current=override(rename="to"),
        ),
    )
    converter.register_unstructure_hook_factory(
        lambda kind: kind is CountryReport, functools.partial(_report_hook, converter=converter)
    )


def _report_hook(
    kind: type[CountryReport], converter: cattrs.Converter
) -> Callable[[CountryReport], dict[str, Any]]:
    """A report's unstructure hook: its fields, the methodology always, figures in order."""
    from cattrs.gen import make_dict_unstructure_fn, override  # noqa: PLC0415 - with cattrs

    report_fn = make_dict_unstructure_fn(
        kind,
        converter,
        _cattrs_omit_if_default=True,
        methodology=override(omit_if_default=False),  # written, though the edition implies it
    )
    return lambda report: _in_order(report, report_fn(report))


def _in_order(report: CountryReport, data: dict[str, Any]) -> dict[str, Any]:
    """A report's figures in the canonical order (see `configure_converter`)."""
    from netfreedom.errors import UnknownMethodologyError  # noqa: PLC0415 - below this module
    from netfreedom.methodologies import builtin_figures, get_methodology  # noqa: PLC0415 - idem

    try:
        methodology = get_methodology(report.methodology)
    except UnknownMethodologyError:
        return data
    known = builtin_figures()
    published = data.get("published", {})
    for part, field, items, kind in (
        (data, "scores", methodology.questions, "scores"),
        (data, "categories", methodology.categories, "categories"),
        (published, "categories", methodology.categories, "categories"),
        (published, "groups", methodology.groups, "groups"),
        (published, "ratings", methodology.rated_groups, "groups"),
    ):
        if field in part:
            given = part[field]
            order = dict.fromkeys(item.id for item in items if item.id in given)
            order.update(dict.fromkeys(i for i in known[kind] if i in given))
            order.update(dict.fromkeys(given))  # any other, as given
            part[field] = {key: given[key] for key in order}
    return data


def _unstructure_scorecard(card: Scorecard) -> dict[str, Any]:
    data: dict[str, Any] = {
        "country": card.country,
        "edition": card.edition,
        "methodology": card.methodology,
        "scale": card.scale.value,
        "categories": {c.id: {"score": c.score, "max": c.max} for c in card.categories},
        "total": card.total,
        "max_total": card.max_total,
        "status": card.status.value,
    }
    if card.converted_from is not None:
        data["converted_from"] = card.converted_from
    if card.groups:
        data["groups"] = {
            g.id: {"score": g.score, "max": g.max}
            | ({"rating": g.rating} if g.rating is not None else {})
            for g in card.groups
        }
    if card.adjustments:
        data["adjustments"] = {
            a.id: {"points": a.points, "signed": a.signed} for a in card.adjustments
        }
    if card.groups or card.designations:
        data["designations"] = list(card.designations)
    if card.territory:
        data["territory"] = True
    return data


def _unstructure_finding(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message,
        "location": {
            k: v
            for k, v in attrs.asdict(finding.location).items()
            if v is not None and k != "header"
        },
        "expected": finding.expected,
        "actual": finding.actual,
    }


def _change(change: Change) -> dict[str, int]:
    return {"from": change.previous, "to": change.current, "delta": change.delta}


def _unstructure_delta(delta: ReportDelta) -> dict[str, Any]:
    return {
        "country": delta.country,
        "from_edition": delta.previous_edition,
        "to_edition": delta.current_edition,
        "methodology": delta.methodology,
        "scale": delta.scale.value,
        "categories": {k: _change(c) for k, c in delta.categories.items()},
        "total": _change(delta.total),
        "status": {"from": delta.status.previous.value, "to": delta.status.current.value},
        "status_margin": None if delta.status_margin is None else _change(delta.status_margin),
        "questions": {k: _change(c) for k, c in delta.questions.items()},
        "converted_scale": delta.converted_scale,
        "converted_editions": list(delta.converted_editions),
        "findings": [_unstructure_finding(f) for f in delta.findings],
        "notes": {"confirmed": list(delta.notes_confirmed), "unchecked": delta.notes_unchecked},
    } | (
        {
            "groups": {k: _change(c) for k, c in delta.groups.items()},
            "ratings": {k: _change(c) for k, c in delta.ratings.items()},
        }
        if delta.groups
        else {}
    )


def _unstructure_validation(report: ValidationReport) -> dict[str, Any]:
    return {
        "valid": report.valid,
        "reports": report.reports,
        "counts": {"by_severity": report.counts_by_severity, "by_code": report.counts_by_code},
        "findings": [_unstructure_finding(f) for f in report.findings],
    }


def make_converter() -> cattrs.Converter:
    """Return a new converter with netfreedom's wire rules (see `configure_converter`)."""
    import cattrs  # noqa: PLC0415 - cattrs only once a converter is built

    converter = cattrs.Converter(omit_if_default=True, forbid_extra_keys=True)
    configure_converter(converter)
    return converter


@functools.cache
def get_converter() -> cattrs.Converter:
    """Return the converter the library shares (built on first use)."""
    return make_converter()


def csv_row_to_record(
    row: Mapping[str, str], category_ids: frozenset[str], group_ids: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """Turn one CSV row into the JSON form of a report.

    Columns ``country``, ``edition``, ``methodology``, ``index``, ``region`` and
    ``territory`` (``c`` or ``t``) are top-level fields; ``total``, ``status`` and
    ``last_year_total`` are published figures; a column named after a category of the row's
    methodology is a given category total, one named after a group (``PR``) a published
    group total and ``<group> rating`` its published rating; every other column is a
    question (or adjustment) score. An empty cell, or ``N/A``, means "not given". Numeric
    cells are read as integers; a cell that is not one is kept as text so that validation
    can point at it.
    """
    parts: dict[str, dict[str, Any]] = {
        "record": {}, "scores": {}, "categories": {}, "groups": {}, "ratings": {}, "published": {}
    }  # fmt: skip
    for (part, key, kind), raw in zip(
        _plan(tuple(row), category_ids, group_ids), row.values(), strict=True
    ):
        cell = given_text(raw)
        if cell is None:
            continue
        if kind is _Kind.NUMBER:
            parts[part][key] = csv_number(cell)
        elif kind is _Kind.TEXT:
            parts[part][key] = cell
        else:
            parts[part][key] = territory_of(cell)
    record = parts.pop("record")
    published = parts.pop("published")
    published |= {key: parts.pop(key) for key in ("groups", "ratings") if parts[key]}
    record.update({key: part for key, part in {**parts, "published": published}.items() if part})
    return record


def given_text(cell: str) -> str | None:
    """A table cell's text without surrounding space; None where it gives nothing (empty, N/A)."""
    text = cell.strip()
    if not text or (not text[0].isdigit() and text.casefold() in NOT_APPLICABLE):
        return None
    return text


def territory_of(text: str) -> bool | str:
    """Whether a territory cell's text (``t``, ``c``, ``true``…) says territory; else the text."""
    return _TERRITORY.get(text.casefold(), text)


class _Kind(enum.Enum):
    """How a column's cells are read."""

    NUMBER = "number"
    TEXT = "text"
    TERRITORY = "territory"


#: Where the fixed columns go in a record, and how their cells are read.
_FIXED_PLACES = {
    "country": ("record", _Kind.TEXT),
    "methodology": ("record", _Kind.TEXT),
    "index": ("record", _Kind.TEXT),
    "region": ("record", _Kind.TEXT),
    "territory": ("record", _Kind.TERRITORY),
    "edition": ("record", _Kind.NUMBER),
    "status": ("published", _Kind.TEXT),
    "total": ("published", _Kind.NUMBER),
    "last_year_total": ("published", _Kind.NUMBER),
}


@functools.lru_cache(maxsize=64)
def _plan(
    columns: tuple[str, ...], category_ids: frozenset[str], group_ids: frozenset[str]
) -> tuple[tuple[str, str, _Kind], ...]:
    """Each column's place in a record (part, key) and how its cells are read."""
    plan = []
    for column in columns:
        if column in _FIXED_PLACES:
            part, kind = _FIXED_PLACES[column]
            plan.append((part, column, kind))
        else:
            plan.append((*_figure_place(column, category_ids, group_ids), _Kind.NUMBER))
    return tuple(plan)


def _figure_place(
    column: str, category_ids: frozenset[str], group_ids: frozenset[str]
) -> tuple[str, str]:
    """Where a figure column's value goes in a record: the part and its key."""
    if column in category_ids:
        return "categories", column
    if column in group_ids:
        return "groups", column
    rating = _RATING.fullmatch(column)
    if rating is not None and rating[1] in group_ids:
        return "ratings", rating[1]
    return "scores", column


#: A whole number as CSV writes it: ASCII digits, perhaps signed (no "1_0", no other digits).
_INTEGER = re.compile(r"[+-]?[0-9]+")
#: A decimal number: ASCII digits with a point or an exponent.
_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


#: Digits few enough for `int` to convert at once (read_int handles longer numbers).
_SHORT = 20


def csv_number(cell: str) -> int | LongNumber | float | str:
    """A stripped cell's number, if it is written as one in ASCII digits; else the text itself."""
    if cell.isdigit() and cell.isascii() and len(cell) < _SHORT:
        return int(cell)
    if _INTEGER.fullmatch(cell):
        return read_int(cell)
    if _DECIMAL.fullmatch(cell):
        return float(cell)
    return cell
