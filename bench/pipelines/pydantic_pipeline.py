"""The job with plain pydantic v2 models, as a careful pydantic user writes it.

The whole file is validated once, by one ``TypeAdapter`` over the list of records: JSON bytes
go straight to ``validate_json`` (pydantic's own parser), CSV rows are converted to records and
given to ``validate_python``. Every rule is a constraint pydantic checks itself (types, ranges,
the keys of the score mappings, question-level only from 2019), with no Python validator run
per record; a record that breaks a rule falls through, in the same pass, to ``Rejected``, which
keeps its country and edition for the list of invalid reports.
"""

from __future__ import annotations

import csv
import itertools
import sys
from typing import Annotated, Any, cast

from common import CATEGORY_MAXIMA, MAXIMA, report, status
from pydantic import BaseModel, ConfigDict, Field, StrictInt, TypeAdapter, with_config
from typing_extensions import TypedDict

Country = Annotated[str, Field(min_length=1)]


@with_config(ConfigDict(extra="forbid"))
class Scores(TypedDict):
    """The 21 question scores, each within its maximum."""

    A1: Annotated[StrictInt, Field(ge=0, le=6)]
    A2: Annotated[StrictInt, Field(ge=0, le=3)]
    A3: Annotated[StrictInt, Field(ge=0, le=6)]
    A4: Annotated[StrictInt, Field(ge=0, le=6)]
    A5: Annotated[StrictInt, Field(ge=0, le=4)]
    B1: Annotated[StrictInt, Field(ge=0, le=6)]
    B2: Annotated[StrictInt, Field(ge=0, le=4)]
    B3: Annotated[StrictInt, Field(ge=0, le=4)]
    B4: Annotated[StrictInt, Field(ge=0, le=4)]
    B5: Annotated[StrictInt, Field(ge=0, le=4)]
    B6: Annotated[StrictInt, Field(ge=0, le=3)]
    B7: Annotated[StrictInt, Field(ge=0, le=4)]
    B8: Annotated[StrictInt, Field(ge=0, le=6)]
    C1: Annotated[StrictInt, Field(ge=0, le=6)]
    C2: Annotated[StrictInt, Field(ge=0, le=4)]
    C3: Annotated[StrictInt, Field(ge=0, le=6)]
    C4: Annotated[StrictInt, Field(ge=0, le=4)]
    C5: Annotated[StrictInt, Field(ge=0, le=6)]
    C6: Annotated[StrictInt, Field(ge=0, le=6)]
    C7: Annotated[StrictInt, Field(ge=0, le=5)]
    C8: Annotated[StrictInt, Field(ge=0, le=3)]


@with_config(ConfigDict(extra="forbid"))
class Categories(TypedDict):
    """The three category totals of a legacy report, each within its maximum."""

    A: Annotated[StrictInt, Field(ge=0, le=25)]
    B: Annotated[StrictInt, Field(ge=0, le=35)]
    C: Annotated[StrictInt, Field(ge=0, le=40)]


class Modern(BaseModel):
    """A question-level report: from 2019, the 21 question scores and nothing else."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    country: Country
    edition: Annotated[StrictInt, Field(ge=2019)]
    scores: Scores


class Legacy(BaseModel):
    """A category-level report: the three category totals and nothing else."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    country: Country
    edition: StrictInt
    categories: Categories


class Rejected(BaseModel):
    """A report that breaks a rule: only its country and edition are kept."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    country: str
    edition: int


# Tried in order: the first model a record satisfies is the one it becomes.
Record = Annotated[Modern | Legacy | Rejected, Field(union_mode="left_to_right")]
RECORDS: TypeAdapter[list[Modern | Legacy | Rejected]] = TypeAdapter(list[Record])


def load(path: str) -> list[Modern | Legacy | Rejected]:
    """Every record of the file, validated in one pass."""
    if not path.endswith(".csv"):
        with open(path, "rb") as file:
            return RECORDS.validate_json(file.read())
    with open(path, newline="", encoding="utf-8") as file:
        rows = []
        for row in csv.DictReader(file):
            record: dict[str, Any] = {"country": row["country"], "edition": int(row["edition"])}
            scores = {k: int(row[k]) for k in MAXIMA if row.get(k)}
            categories = {k: int(row[k]) for k in CATEGORY_MAXIMA if row.get(k)}
            record |= {"scores": scores} if scores else {}
            record |= {"categories": categories} if categories else {}
            rows.append(record)
    return RECORDS.validate_python(rows)


def main(path: str) -> None:
    """Run the job on one file."""
    valid: list[tuple[str, int, int]] = []
    invalid: list[tuple[str, int]] = []
    scores: list[tuple[str, int, int | None, str | None]] = []
    for item in load(path):
        if isinstance(item, Rejected):
            invalid.append((item.country, item.edition))
            scores.append((item.country, item.edition, None, None))
            continue
        figures = item.scores if isinstance(item, Modern) else item.categories
        total = sum(cast("dict[str, int]", figures).values())
        valid.append((item.country, item.edition, total))
        scores.append((item.country, item.edition, total, status(total, item.edition)))
    deltas = []
    for before, after in itertools.pairwise(sorted(valid, key=lambda r: r[:2])):
        if before[0] != after[0]:
            continue
        # on the modern scale: legacy totals (lower is freer) become 100 - total
        old = before[2] if before[1] >= 2019 else 100 - before[2]
        new = after[2] if after[1] >= 2019 else 100 - after[2]
        deltas.append((after[0], before[1], after[1], new - old))
    report(scores, invalid, deltas)


if __name__ == "__main__":
    main(sys.argv[1])
