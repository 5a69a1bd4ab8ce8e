"""What reading one source gives, whatever its format."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from netfreedom.batch import Batch
from netfreedom.findings import Finding, Location


@attrs.define
class Read:
    """One source's records, numbered from 0 in input order.

    Attributes:
        count: How many records the source holds.
        locate: Where record ``n`` is (source and JSON path, or line).
        batches: Simple records, as batches (numbered as records).
        records: Every other record, in its JSON form, for the lenient stage.
        findings: Problems met before any record was read (a CSV header, a row's shape).
    """

    count: int
    locate: Callable[[int], Location]
    batches: list[Batch] = attrs.Factory(list)
    records: dict[int, object] = attrs.Factory(dict)
    findings: list[Finding] = attrs.Factory(list)
