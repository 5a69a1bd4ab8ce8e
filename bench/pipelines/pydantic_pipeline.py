"""The job with plain pydantic v2 models, as a Python developer might write it."""

from __future__ import annotations

import csv
import itertools
import sys
from typing import Annotated, Any

from common import CATEGORY_MAXIMA, MAXIMA, report, status
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    TypeAdapter,
    ValidationError,
    model_validator,
)

Points = Annotated[StrictInt, Field(ge=0)]


class Report(BaseModel):
    """One country report."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    country: Annotated[str, Field(min_length=1)]
    edition: StrictInt
    scores: dict[str, Points] | None = None
    categories: dict[str, Points] | None = None

    @model_validator(mode="after")
    def check(self) -> Report:
        """Question-level from 2019 with every question in range; category-level otherwise."""
        if self.scores is not None and self.categories is None and self.edition >= 2019:
            if self.scores.keys() != MAXIMA.keys() or any(
                v > MAXIMA[k] for k, v in self.scores.items()
            ):
                raise ValueError("questions")
        elif self.categories is not None and self.scores is None:
            if self.categories.keys() != CATEGORY_MAXIMA.keys() or any(
                v > CATEGORY_MAXIMA[k] for k, v in self.categories.items()
            ):
                raise ValueError("categories")
        else:
            raise ValueError("shape")
        return self

    @property
    def total(self) -> int:
        """The sum of the figures."""
        return sum((self.scores or self.categories or {}).values())


def load(path: str) -> list[Any]:
    """Raw records: JSON array items, or CSV rows with numbers converted."""
    if not path.endswith(".csv"):
        with open(path, "rb") as file:
            return TypeAdapter(list[dict[str, Any]]).validate_json(file.read())
    with open(path, newline="", encoding="utf-8") as file:
        rows = []
        for row in csv.DictReader(file):
            record: dict[str, Any] = {"country": row["country"], "edition": int(row["edition"])}
            scores = {k: int(row[k]) for k in MAXIMA if row.get(k)}
            categories = {k: int(row[k]) for k in CATEGORY_MAXIMA if row.get(k)}
            record |= {"scores": scores} if scores else {}
            record |= {"categories": categories} if categories else {}
            rows.append(record)
        return rows


def main(path: str) -> None:
    """Run the job on one file."""
    valid: list[Report] = []
    invalid: list[tuple[str, int]] = []
    scores: list[tuple[str, int, int | None, str | None]] = []
    for record in load(path):
        try:
            item = Report.model_validate(record)
        except ValidationError:
            invalid.append((record["country"], record["edition"]))
            scores.append((record["country"], record["edition"], None, None))
            continue
        valid.append(item)
        scores.append((item.country, item.edition, item.total, status(item.total, item.edition)))
    ordered = sorted(valid, key=lambda r: (r.country, r.edition))
    deltas = []
    for before, after in itertools.pairwise(ordered):
        if before.country != after.country:
            continue
        if before.edition < 2019 <= after.edition:
            delta = after.total - (100 - before.total)
        else:
            delta = after.total - before.total
        deltas.append((after.country, before.edition, after.edition, delta))
    report(scores, invalid, deltas)


if __name__ == "__main__":
    main(sys.argv[1])
