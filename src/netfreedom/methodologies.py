"""The built-in methodologies, the edition lookup, and user methodology files.

Built-ins are JSON files shipped in ``netfreedom/data/methodologies``; the file
``index.json`` there lists them and, per index (Freedom on the Net ``fotn``, Freedom in
the World ``fiw``), the years without an edition and why no methodology covers some.
"""

from __future__ import annotations

import functools
import json
import os
import time
from typing import TYPE_CHECKING, Any

from netfreedom.converter import get_converter
from netfreedom.errors import (
    MethodologyError,
    SourceLocation,
    UnknownEditionError,
    UnknownMethodologyError,
)
from netfreedom.methodology import DEFAULT_INDEX, Methodology, rating_column

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

#: Package data, read from the installed package directory.
_DATA = os.path.join(os.path.dirname(__file__), "data", "methodologies")


@functools.cache
def _index() -> dict[str, Any]:
    index: dict[str, Any] = json.loads(_read(os.path.join(_DATA, "index.json")))
    return index


def builtin_ids() -> tuple[str, ...]:
    """Return the ids of the built-in methodologies."""
    return tuple(_index()["builtin"])


def indexes() -> tuple[str, ...]:
    """The ids of the indexes the built-in methodologies belong to (``fotn``, ``fiw``)."""
    return tuple(_index()["indexes"])


def _about(index: str) -> dict[str, Any]:
    try:
        about: dict[str, Any] = _index()["indexes"][index]
    except KeyError:
        raise UnknownMethodologyError(
            f"unknown index {index!r}; expected one of {', '.join(indexes())}"
        ) from None
    return about


def index_key(text: str) -> str:
    """An index as data names it (``" FIW "``), in the form `indexes` gives (``"fiw"``)."""
    return text.strip().casefold()


def index_name(index: str) -> str:
    """An index's name: ``"Freedom on the Net"``, ``"Freedom in the World"``.

    Raises:
        UnknownMethodologyError: No such index.
    """
    name: str = _about(index)["name"]
    return name


def unpublished_editions(index: str = DEFAULT_INDEX) -> frozenset[int]:
    """The years in which an index published no edition (a series skips them without a gap).

    Raises:
        UnknownMethodologyError: No such index.
    """
    return frozenset(_about(index)["unpublished"])


def index_of(methodology_id: str) -> str:
    """The index of a built-in methodology (the default index for any other id)."""
    if methodology_id in builtin_ids():
        return get_methodology(methodology_id).index
    return DEFAULT_INDEX


def index_of_ids(ids: Iterable[str]) -> str | None:
    """The index whose built-in methodologies fit these figure ids best, if one does.

    A methodology's misfit is the number of ids it does not know plus the number of its
    items the ids leave out (its questions, where any is given, else its categories). The
    index of the best-fitting methodology is returned; None where the best fit is shared by
    indexes. A table with ``D1`` … ``G4`` or ``A`` … ``G`` and ``Add Q`` is Freedom in the
    World's; ``A``, ``B``, ``C`` and a stray ``D`` are Freedom on the Net's.
    """
    shapes = _shapes()
    given = set(ids) & shapes[0]  # other names tell no index apart
    misfits: dict[str, int] = {}
    for index, known, questions, categories in shapes[1]:
        required = questions if given & questions else categories
        misfit = len(given - known) + len(required - given)
        misfits[index] = min(misfit, misfits.get(index, misfit))
    best = min(misfits.values(), default=0)
    fitting = [index for index, misfit in misfits.items() if misfit == best]
    return fitting[0] if len(fitting) == 1 else None


#: A built-in methodology as `index_of_ids` weighs it: its index, its figure ids, its
#: question ids and its category ids.
_Shape = tuple[str, frozenset[str], frozenset[str], frozenset[str]]


@functools.cache
def _shapes() -> tuple[frozenset[str], tuple[_Shape, ...]]:
    """Every id some built-in methodology knows, and each built-in's shape (worked out once)."""
    shapes = tuple(
        (
            m.index,
            frozenset(figure_ids(m)),
            frozenset(q.id for q in m.questions),
            frozenset(c.id for c in m.categories),
        )
        for m in map(get_methodology, builtin_ids())
    )
    return frozenset(builtin_figure_ids()), shapes


def figure_ids(methodology: Methodology) -> tuple[str, ...]:
    """Every id a report of the methodology gives figures under, and its rating columns.

    Questions, categories, adjustments and groups, and ``<group> rating`` for rated groups.
    """
    return (
        *(q.id for q in methodology.questions),
        *(c.id for c in methodology.categories),
        *(a.id for a in methodology.adjustments),
        *(g.id for g in methodology.groups),
        *(rating_column(g.id) for g in methodology.rated_groups),
    )


@functools.cache
def builtin_figure_ids() -> tuple[str, ...]:
    """Every id some built-in methodology gives figures under (its `figure_ids`), in order."""
    methodologies = map(get_methodology, builtin_ids())
    return tuple(dict.fromkeys(i for m in methodologies for i in figure_ids(m)))


@functools.cache
def builtin_figures() -> dict[str, tuple[str, ...]]:
    """The ids the built-in methodologies give figures under, by kind, in their order.

    ``scores``: questions and adjustments; ``categories``; ``groups`` (whose ratings are
    given under the same ids). The order is the built-ins' own, the first to name an id first.
    """
    ids: dict[str, dict[str, None]] = {"scores": {}, "categories": {}, "groups": {}}
    for methodology in map(get_methodology, builtin_ids()):
        ids["scores"].update(dict.fromkeys(item.id for item in methodology.items))
        ids["categories"].update(dict.fromkeys(c.id for c in methodology.categories))
        ids["groups"].update(dict.fromkeys(g.id for g in methodology.groups))
    return {kind: tuple(known) for kind, known in ids.items()}


@functools.cache
def get_methodology(methodology_id: str) -> Methodology:
    """Return a built-in methodology by id (``"fotn-2019"``, ``"fotn-legacy"``).

    Raises:
        UnknownMethodologyError: No built-in methodology has this id.
    """
    if methodology_id not in builtin_ids():
        raise UnknownMethodologyError(
            f"unknown methodology {methodology_id!r}; built-in: {', '.join(builtin_ids())}"
        )
    path = os.path.join(_DATA, f"{methodology_id}.json")
    return methodology_from_json(_read(path), path)


def methodology_for_edition(
    edition: int, *, index: str = DEFAULT_INDEX, today: dt.date | None = None
) -> Methodology:
    """Return the built-in methodology of an index that covers an edition.

    Args:
        edition: The edition year.
        index: The index: ``"fotn"`` (Freedom on the Net, the default) or ``"fiw"``
            (Freedom in the World); their editions overlap.
        today: The date that decides which editions lie in the future (default: today).

    Raises:
        UnknownEditionError: No built-in methodology of the index covers the edition, or
            it lies in the future.
        UnknownMethodologyError: No such index.
    """
    about = _about(index)
    current_year = today.year if today is not None else time.localtime().tm_year
    if edition > current_year:
        raise UnknownEditionError(f"edition {edition} lies in the future (it is {current_year})")
    own = [m for m in map(get_methodology, builtin_ids()) if m.index == index]
    for methodology in own:
        if edition in methodology.editions:
            return methodology
    covered = "; ".join(f"{m.id} covers {m.editions}" for m in own)
    note = about["uncovered"].get(str(edition))
    reason = f" ({note})" if note else ""
    raise UnknownEditionError(
        f"no {about['name']} methodology covers edition {edition}{reason}; {covered}"
    )


def methodology_from_json(text: str, source: str) -> Methodology:
    """Read a methodology from JSON text and check that it is consistent.

    Raises:
        MethodologyError: The text is not JSON, does not describe a methodology,
            or the methodology contradicts itself.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        location = SourceLocation(source, line=error.lineno, column=error.colno)
        raise MethodologyError(location, f"invalid JSON: {error.msg}") from None
    from cattrs import ClassValidationError, transform_error  # noqa: PLC0415 - on demand

    if not isinstance(data, dict):
        what = "an array" if isinstance(data, list) else json.dumps(data)
        message = f"expected an object describing a methodology, got {what}"
        raise MethodologyError(SourceLocation(source), message)
    try:
        methodology = get_converter().structure(data, Methodology)
    except ClassValidationError as error:
        reason = "; ".join(transform_error(error, format_exception=_reason))
        raise MethodologyError(SourceLocation(source), reason) from None
    problems = list(methodology.inconsistencies())
    if problems:
        raise MethodologyError(SourceLocation(source), "; ".join(problems))
    return methodology


def _reason(error: BaseException, _: type | None) -> str:
    """A structuring error in the converter's words (``expected "add" or "subtract"``)."""
    from cattrs import ForbiddenExtraKeysError  # noqa: PLC0415 - loaded by then

    if isinstance(error, KeyError):
        return "required field missing"
    if isinstance(error, ForbiddenExtraKeysError):
        return f"unknown field(s): {', '.join(sorted(error.extra_fields))}"
    return str(error) or type(error).__name__


def load_methodology(path: str | os.PathLike[str]) -> Methodology:
    """Read a methodology file of your own, in the format of the built-in ones.

    Raises:
        MethodologyError: The file cannot be read or is not a consistent methodology.
    """
    try:
        text = _read(path)
    except OSError as error:
        message = f"cannot read the file: {error.strerror or error}"
        raise MethodologyError(SourceLocation(os.fspath(path)), message) from None
    except UnicodeDecodeError as error:
        message = f"not UTF-8 text (byte {error.start + 1})"
        raise MethodologyError(SourceLocation(os.fspath(path)), message) from None
    return methodology_from_json(text, os.fspath(path))


def _read(path: str | os.PathLike[str]) -> str:
    with open(path, encoding="utf-8") as file:
        return file.read()
