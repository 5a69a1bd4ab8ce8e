"""What every pipeline of the benchmark reports, so that their results can be compared."""

from __future__ import annotations

import hashlib
import json
import resource
import sys
from typing import Any

MAXIMA = {
    "A1": 6, "A2": 3, "A3": 6, "A4": 6, "A5": 4,
    "B1": 6, "B2": 4, "B3": 4, "B4": 4, "B5": 4, "B6": 3, "B7": 4, "B8": 6,
    "C1": 6, "C2": 4, "C3": 6, "C4": 4, "C5": 6, "C6": 6, "C7": 5, "C8": 3,
}  # fmt: skip
CATEGORY_MAXIMA = {"A": 25, "B": 35, "C": 40}


def status(total: int, edition: int) -> str:
    """The FOTN status of a total (legacy bands before 2019)."""
    if edition < 2019:
        return "Free" if total <= 30 else "Partly Free" if total <= 60 else "Not Free"
    return "Free" if total >= 70 else "Partly Free" if total >= 40 else "Not Free"


def report(
    scores: list[tuple[str, int, int | None, str | None]],
    invalid: list[tuple[str, int]],
    deltas: list[tuple[str, int, int, int]],
) -> None:
    """Print the result summary as one JSON line; peak memory goes to standard error."""
    canonical = json.dumps([sorted(scores), sorted(invalid), sorted(deltas)], sort_keys=True)
    summary: dict[str, Any] = {
        "reports": len(scores),
        "invalid": len(invalid),
        "deltas": len(deltas),
        "digest": hashlib.sha256(canonical.encode()).hexdigest()[:16],
    }
    print(json.dumps(summary))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak_kib={peak}", file=sys.stderr)
