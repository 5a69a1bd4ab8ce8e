"""The floor: reading the input with json.load (or csv.reader) and nothing else.

JSON Lines (``.jsonl``/``.ndjson``) is read with one json.loads per line; a workbook
(``.xlsx``) with openpyxl's read-only mode, its cells' values.
"""

from __future__ import annotations

import csv
import json
import resource
import sys
from typing import Any


def main(path: str) -> None:
    """Read the file."""
    data: list[Any]
    if path.endswith(".xlsx"):
        import openpyxl  # noqa: PLC0415 - only for a workbook

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        data = [list(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
        print(len(data))
        print(f"peak_kib={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)
        return
    with open(path, encoding="utf-8", newline="") as file:
        if path.endswith(".csv"):
            data = list(csv.reader(file))
        elif path.endswith((".jsonl", ".ndjson")):
            data = [json.loads(line) for line in file if line.strip()]
        else:
            data = json.load(file)
    print(len(data))
    print(f"peak_kib={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
