"""JSON Schemas of what netfreedom reads and writes, for users of other languages."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

_SCHEMAS = resources.files("netfreedom") / "data" / "schemas"

#: The schemas shipped: the dataset format, and the output of ``validate --format json``.
SCHEMA_NAMES = ("dataset", "validation-report")


def json_schema(name: str = "dataset") -> dict[str, Any]:
    """Return a JSON Schema by name (see `SCHEMA_NAMES`).

    Raises:
        ValueError: No schema has that name.
    """
    if name not in SCHEMA_NAMES:
        raise ValueError(f"unknown schema {name!r}; schemas: {', '.join(SCHEMA_NAMES)}")
    schema: dict[str, Any] = json.loads(
        (_SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8")
    )
    return schema
