"""JSON Schemas of what netfreedom reads and writes, for users of other languages."""

from __future__ import annotations

import json
import os
from typing import Any

#: Package data, read from the installed package directory.
_SCHEMAS = os.path.join(os.path.dirname(__file__), "data", "schemas")

#: The schemas shipped: the dataset format, the JSON output of ``validate``, ``score``,
#: ``diff``, ``panel`` and ``panel --deltas`` (JSON Lines: each line is an array's item), and
#: the methodology file format.
SCHEMA_NAMES = (
    "dataset",
    "validation-report",
    "scorecard",
    "delta",
    "panel",
    "panel-deltas",
    "methodology",
)


def json_schema(name: str = "dataset") -> dict[str, Any]:
    """Return a JSON Schema by name (see `SCHEMA_NAMES`).

    Raises:
        ValueError: No schema has that name.
    """
    if name not in SCHEMA_NAMES:
        raise ValueError(f"unknown schema {name!r}; schemas: {', '.join(SCHEMA_NAMES)}")
    with open(os.path.join(_SCHEMAS, f"{name}.schema.json"), encoding="utf-8") as file:
        schema: dict[str, Any] = json.load(file)
    return schema
