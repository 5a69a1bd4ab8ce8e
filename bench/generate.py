"""Seeded workloads for the benchmark: a 1,050-report panel and 100,000 question-level reports.

    python bench/generate.py [--out bench/data] [--seed 2026] [--reports 100000]

Writes panel-1050.json/.csv (70 countries x editions 2011-2025: legacy editions give category
totals, modern ones 21 question scores) and reports-N.json/.csv (question-level, 2019-2026).
About one report in a hundred is broken (a score above its maximum) so that validation has work.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path
from typing import Any

MAXIMA = {
    "A1": 6,
    "A2": 3,
    "A3": 6,
    "A4": 6,
    "A5": 4,
    "B1": 6,
    "B2": 4,
    "B3": 4,
    "B4": 4,
    "B5": 4,
    "B6": 3,
    "B7": 4,
    "B8": 6,
    "C1": 6,
    "C2": 4,
    "C3": 6,
    "C4": 4,
    "C5": 6,
    "C6": 6,
    "C7": 5,
    "C8": 3,
}
CATEGORY_MAXIMA = {"A": 25, "B": 35, "C": 40}
COLUMNS = ["country", "edition", *MAXIMA, *CATEGORY_MAXIMA]


def _modern(rng: random.Random, country: str, edition: int) -> dict[str, Any]:
    scores = {q: rng.randint(0, m) for q, m in MAXIMA.items()}
    if rng.random() < 0.01:
        scores[rng.choice(list(MAXIMA))] = 9  # above every maximum
    return {"country": country, "edition": edition, "scores": scores}


def _legacy(rng: random.Random, country: str, edition: int) -> dict[str, Any]:
    categories = {c: rng.randint(0, m) for c, m in CATEGORY_MAXIMA.items()}
    if rng.random() < 0.01:
        categories["A"] = 30  # above the maximum
    return {"country": country, "edition": edition, "categories": categories}


def panel(
    seed: int = 2026, countries: int = 70, editions: range = range(2011, 2026)
) -> list[dict[str, Any]]:
    """Countries x editions; editions before 2019 are headline-only (legacy scale)."""
    rng = random.Random(seed)
    return [
        (_legacy if edition < 2019 else _modern)(rng, f"Country {c:03d}", edition)
        for c in range(1, countries + 1)
        for edition in editions
    ]


def reports(count: int, seed: int = 2026) -> list[dict[str, Any]]:
    """``count`` question-level reports: countries x editions 2019-2026."""
    rng = random.Random(seed)
    editions = range(2019, 2027)
    return [
        _modern(rng, f"Country {i // len(editions):05d}", editions[i % len(editions)])
        for i in range(count)
    ]


def write(records: list[dict[str, Any]], stem: Path) -> None:
    """Write ``stem.json`` (an array) and ``stem.csv`` (one row per report)."""
    stem.with_suffix(".json").write_text(json.dumps(records), encoding="utf-8")
    with stem.with_suffix(".csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow(
                {
                    "country": record["country"],
                    "edition": record["edition"],
                    **record.get("scores", {}),
                    **record.get("categories", {}),
                }
            )


def main() -> None:
    """Generate the workloads."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "data")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--reports", type=int, default=100_000)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    write(panel(args.seed), args.out / "panel-1050")
    write(reports(args.reports, args.seed), args.out / f"reports-{args.reports}")


if __name__ == "__main__":
    main()
