"""Reliability figures: damaged inputs tried per reader, outcomes by kind, large inputs.

    python bench/reliability.py [--tries 20000] [--seed 2026]

Every damaged input must end in findings or one of netfreedom's typed errors; anything else
is counted as a crash (and should stay 0). docs/reliability.md records a run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import attrs

from netfreedom import NetfreedomError, dumps, load_example, loads, parse_report, render_report
from netfreedom._reading.sources import decode
from netfreedom.bulk import bulk_loads

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from generate import reports  # noqa: E402

KZ = load_example("kazakhstan-2021")
SAMPLES = {
    "json": dumps([KZ, attrs.evolve(KZ, edition=2020, score_changes=())]).encode(),
    "csv": (
        "country,edition," + ",".join(KZ.scores) + ",A,B,C\n"
        "Kazakhstan,2021," + ",".join(map(str, KZ.scores.values())) + ",11,11,11\n"
    ).encode(),
    "text": render_report(attrs.evolve(KZ, country="Freedonia")).encode(),
}
HOSTILE = [
    b"NaN",
    b"1e999",
    b"9" * 5000,
    b"\x00",
    b"\xff",
    b"[" * 3000,
    b'"A1": 1, "A1": 2',
    b"\r\n",
]


def damage(rng: random.Random, data: bytes) -> bytes:
    """A few random flips, cuts, insertions and deletions."""
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(max(len(buffer), 1))
        how = rng.choice(["flip", "cut", "insert", "delete"])
        if how == "flip" and buffer:
            buffer[at] ^= 1 << rng.randrange(8)
        elif how == "cut":
            del buffer[at:]
        elif how == "insert":
            buffer[at:at] = rng.choice(HOSTILE)
        else:
            del buffer[at : at + rng.randint(1, 40)]
    return bytes(buffer)


def outcome(kind: str, data: bytes) -> str:
    """What reading damaged bytes gave."""
    try:
        text = decode(data, "<fuzz>")
        if kind == "text":
            result = parse_report(text, edition=2021)
            return "findings" if result.findings else "clean"
        report = loads(text, format=kind).validate()
        agree = bulk_loads(text, format=kind).validate() == report
    except NetfreedomError as error:
        return type(error).__name__
    except Exception as error:  # noqa: BLE001 - counting what must not happen
        return f"crash: {type(error).__name__}"
    if not agree:
        return "crash: the two reading paths disagree"
    return "findings" if report.findings else "clean"


def large(arguments: list[str]) -> tuple[float, int, int]:
    """Seconds, peak KiB and exit code of one command on a large input."""
    code = (
        "import resource, sys; from netfreedom.cli import main\n"
        "try:\n    status = main(sys.argv[1:])\nexcept SystemExit as e:\n    status = e.code\n"
        "sys.stderr.write(f'peak_kib={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')\n"
        "sys.exit(status)"
    )
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code, *arguments], capture_output=True, text=True, check=False
    )
    return (
        time.perf_counter() - start,
        int(result.stderr.rsplit("peak_kib=", 1)[1]),
        result.returncode,
    )


def main() -> None:
    """Print the figures as Markdown."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tries", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print("| reader | inputs tried | outcomes |\n|---|---|---|")
    for kind, sample in SAMPLES.items():
        counts = Counter(outcome(kind, damage(rng, sample)) for _ in range(args.tries))
        shown = ", ".join(f"{name} {n}" for name, n in counts.most_common())
        print(f"| {kind} | {args.tries} | {shown} |")
    with tempfile.TemporaryDirectory() as folder:
        big_json = Path(folder) / "panel.json"
        big_json.write_text(json.dumps(reports(205_000, seed=7)), encoding="utf-8")
        lines = render_report(attrs.evolve(KZ, country="Freedonia")).split("\n")
        padding = [
            "A paragraph of narrative, long enough to weigh something in a report. " * 4
        ] * 180_000
        big_text = Path(folder) / "report.txt"
        big_text.write_text("\n".join([*lines[:6], *padding, *lines[6:]]), encoding="utf-8")
        print("\n| large input | size | seconds | peak memory | exit |\n|---|---|---|---|---|")
        for name, path, arguments in [
            ("JSON panel, validate", big_json, ["validate", str(big_json), "--max-findings", "10"]),
            (
                "report text, parse",
                big_text,
                ["parse", str(big_text), "--edition", "2021", "-o", os.devnull],
            ),
        ]:
            seconds, peak, exit_code = large(arguments)
            size = path.stat().st_size / 1e6
            print(
                f"| {name} | {size:.1f} MB | {seconds:.1f} | {peak / 1024:.0f} MiB | {exit_code} |"
            )


if __name__ == "__main__":
    main()
