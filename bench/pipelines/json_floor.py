"""The floor: reading the input with json.load (or csv.reader) and nothing else.

JSON Lines (``.jsonl``/``.ndjson``) is read with one json.loads per line.
"""

from __future__ import annotations

import csv
import json
import resource
import sys
from typing import Any


def main(path: str) -> None:
    """Read the file."""
    with open(path, encoding="utf-8", newline="") as file:
        data: list[Any]
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
