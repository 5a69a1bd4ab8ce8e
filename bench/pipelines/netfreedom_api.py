"""The job through netfreedom's Python API: load, validate, score, consecutive deltas."""

from __future__ import annotations

import sys

from common import report

from netfreedom import Severity
from netfreedom.bulk import read_bulk


def main(path: str) -> None:
    """Run the job on one file."""
    dataset = read_bulk(path)
    validation = dataset.validate()
    invalid = sorted(
        {
            (f.location.country or "", f.location.edition or 0)
            for f in validation.findings
            if f.severity is Severity.ERROR
        }
    )
    table = dataset.table()  # rows as tuples: the bulk form of `rows()`
    scores = list(
        zip(*(table.column(c) for c in ("country", "edition", "total", "status")), strict=True)
    )
    deltas_table, _ = dataset.delta_table()
    named = ("country", "from_edition", "to_edition", "total_delta")
    deltas = list(zip(*(deltas_table.column(c) for c in named), strict=True))
    report(scores, invalid, deltas)


if __name__ == "__main__":
    main(sys.argv[1])
