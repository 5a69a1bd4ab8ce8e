"""What reading one source gives, whatever its format, and what every reader looks up."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Protocol

import attrs

from netfreedom.batch import Batch
from netfreedom.errors import NetfreedomError
from netfreedom.findings import Finding, Location
from netfreedom.methodologies import methodology_for_edition
from netfreedom.methodology import DEFAULT_INDEX, Status
from netfreedom.reports import normal_name

if TYPE_CHECKING:
    from collections.abc import Sequence

    from netfreedom.methodology import Methodology


class Locate(Protocol):
    """Where a source's record ``n`` is.

    Given its report's country and edition, the report's location; given a key too, the
    location of that field of the report (its path, `field_path`). One `Location` is made
    for each finding about a row, not one to extend.
    """

    def __call__(
        self,
        n: int,
        /,
        country: str | None = None,
        edition: int | None = None,
        key: str | None = None,
    ) -> Location: ...


@attrs.define
class Read:
    """One source's records, numbered from 0 in input order.

    Attributes:
        count: How many records the source holds.
        locate: Where record ``n`` is (source and JSON path, or line), as a `Locate`.
        batches: Simple records, as batches (numbered as records).
        records: Every other record, in its JSON form, for the lenient stage.
        findings: Problems met before any record was read (a CSV header, a row's shape).
    """

    count: int
    locate: Locate
    batches: list[Batch] = attrs.Factory(list)
    records: dict[int, object] = attrs.Factory(dict)
    findings: list[Finding] = attrs.Factory(list)


def default_methodology(edition: int, index: str = DEFAULT_INDEX) -> Methodology | None:
    """The built-in methodology of an index's edition, or None where none covers it."""
    try:
        return methodology_for_edition(edition, index=index)
    except NetfreedomError:
        return None


@functools.lru_cache(maxsize=64)
def status_named(text: str) -> Status | None:
    """The status a published cell or value names (``NF``, ``not  free``); None if none."""
    try:
        return Status.from_text(text)
    except ValueError:
        return None


def normal_names(names: Sequence[str]) -> list[str]:
    """Country names as reports keep them (see `netfreedom.reports.normal_name`)."""
    stripped = list(map(str.strip, names))
    if all(map(str.isascii, stripped)):
        return stripped
    return list(map(normal_name, stripped))
