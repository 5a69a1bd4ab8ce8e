"""The built-in methodologies, the edition lookup, and user methodology files.

Built-ins are JSON files shipped in ``netfreedom/data/methodologies``; the file
``index.json`` there lists them and explains the editions none covers.
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
from netfreedom.methodology import Methodology

if TYPE_CHECKING:
    import datetime as dt

#: Package data, read from the installed package directory.
_DATA = os.path.join(os.path.dirname(__file__), "data", "methodologies")


@functools.cache
def _index() -> dict[str, Any]:
    index: dict[str, Any] = json.loads(_read(os.path.join(_DATA, "index.json")))
    return index


def builtin_ids() -> tuple[str, ...]:
    """Return the ids of the built-in methodologies."""
    return tuple(_index()["builtin"])


def unpublished_editions() -> frozenset[int]:
    """The years in which no edition was published (a series skips them without a gap)."""
    return frozenset(_index()["unpublished"])


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


def methodology_for_edition(edition: int, *, today: dt.date | None = None) -> Methodology:
    """Return the built-in methodology that covers an edition.

    Args:
        edition: The edition year.
        today: The date that decides which editions lie in the future (default: today).

    Raises:
        UnknownEditionError: No built-in methodology covers the edition, or it lies
            in the future.
    """
    current_year = today.year if today is not None else time.localtime().tm_year
    if edition > current_year:
        raise UnknownEditionError(f"edition {edition} lies in the future (it is {current_year})")
    for methodology_id in builtin_ids():
        methodology = get_methodology(methodology_id)
        if edition in methodology.editions:
            return methodology
    covered = "; ".join(f"{m} covers {get_methodology(m).editions}" for m in builtin_ids())
    note = _index()["uncovered"].get(str(edition))
    reason = f" ({note})" if note else ""
    raise UnknownEditionError(f"no methodology covers edition {edition}{reason}; {covered}")


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

    try:
        methodology = get_converter().structure(data, Methodology)
    except ClassValidationError as error:
        reason = "; ".join(transform_error(error))
        raise MethodologyError(SourceLocation(source), reason) from None
    problems = list(methodology.inconsistencies())
    if problems:
        raise MethodologyError(SourceLocation(source), "; ".join(problems))
    return methodology


def load_methodology(path: str | os.PathLike[str]) -> Methodology:
    """Read a methodology file of your own, in the format of the built-in ones.

    Raises:
        MethodologyError: The file cannot be read or is not a consistent methodology.
    """
    try:
        text = _read(path)
    except (OSError, UnicodeDecodeError) as error:
        raise MethodologyError(SourceLocation(os.fspath(path)), str(error)) from None
    return methodology_from_json(text, os.fspath(path))


def _read(path: str | os.PathLike[str]) -> str:
    with open(path, encoding="utf-8") as file:
        return file.read()
