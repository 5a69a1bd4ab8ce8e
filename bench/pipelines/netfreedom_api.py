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
    scores = [(r["country"], r["edition"], r["total"], r["status"]) for r in dataset.rows()]
    rows, _ = dataset.deltas()
    deltas = [(d["country"], d["from_edition"], d["to_edition"], d["total_delta"]) for d in rows]
    report(scores, invalid, deltas)


if __name__ == "__main__":
    main(sys.argv[1])
