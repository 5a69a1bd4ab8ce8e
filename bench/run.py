"""Run the benchmark: every pipeline on the same files, in paired rounds; medians and ratios.

    python bench/generate.py && python bench/run.py [--repeat 5] [--reports 100000]
        [--only panel,reports,startup,shapes,outputs] [--data bench/data]

Each measurement is a whole process (interpreter start-up included), timed from launch to
exit, with its peak resident memory from the operating system (the largest of its runs). The
commands compared run in rounds: in each round every command runs once, one after the other,
the order rotating from round to round. A ratio is computed within each round and the median
of these per-round ratios is reported (not a ratio of separate medians), so that drift of the
machine's speed, which affects the commands of a round alike, cancels out. Before the rounds,
each command runs once untimed (a warm-up that also checks it: a command that exits with 2 or
more, or prints a traceback, is reported as failed and not timed). The package's bytecode is
compiled first, as an installation does.

Sections (``--only`` takes a comma-separated list of them; all by default):

- ``panel``: the 1,050-report panel, JSON and CSV: the json.load floor, netfreedom's API and
  command line, pandas and pydantic.
- ``reports``: the same on the 100,000 reports, JSON and CSV.
- ``startup``: ``netfreedom score kazakhstan-2021`` against ``python -c "import attrs, cattrs"``.
- ``shapes``: ``netfreedom panel FILE --deltas --format csv`` on every input shape that
  bench/generate.py writes, against the fastest shape and against reading the same file
  (``json.load``, or ``csv.reader`` for CSV).
- ``outputs``: ``netfreedom panel reports-N.json --deltas --format F`` for each format the
  installed command line accepts (csv, json, jsonl, table), and ``netfreedom validate FILE
  --format json|text`` on the JSON and CSV files.

Results go to standard output as Markdown tables; docs/benchmarks.md records a run.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
PIPELINES = HERE / "pipelines"
BIN = Path(sys.executable).parent
NETFREEDOM = str(BIN / "netfreedom")
SECTIONS = ("panel", "reports", "startup", "shapes", "outputs")
NAMES = ["json.load floor", "netfreedom API", "netfreedom CLI", "pandas", "pydantic"]
#: JSON shapes as bench/generate.py names them: (shape, file name after ``reports-N``).
JSON_SHAPES = [
    ("default", ".json"),
    ("indent", ".indent.json"),
    ("compact", ".compact.json"),
    ("reordered", ".reordered.json"),
    ("escaped", ".escaped.json"),
    ("unicode", ".unicode.json"),
    ("multidigit", ".multidigit.json"),
    ("spaced", ".spaced.json"),
    ("floats", ".floats.json"),
    ("published figures", ".published.json"),
    ("lines", ".jsonl"),
]
CSV_SHAPES = [
    ("default", ".csv"),
    ("reordered", ".reordered.csv"),
    ("categories", ".categories.csv"),
    ("floats", ".floats.csv"),
    ("quoted", ".quoted.csv"),
    ("last year's total", ".lastyear.csv"),
    ("published", ".published.csv"),
    ("Freedom in the World, FH's layout", ".fiw.csv"),
]
#: Workbook shapes: Freedom House's layout.
XLSX_SHAPES = [("published", ".xlsx")]
OUTPUT_FORMATS = ["csv", "json", "jsonl", "table"]
VALIDATE_FORMATS = ["json", "text"]


@dataclass
class Result:
    """The runs of one command: wall times by round, peak memory, what its check run gave."""

    times: list[float] = field(default_factory=list)
    peak_kib: int = 0
    error: str | None = None
    output_bytes: int = 0
    output_lines: int = 0

    @property
    def median(self) -> float:
        """The median wall time, in seconds."""
        return statistics.median(self.times)


def check(command: list[str]) -> Result:
    """Run a command once, untimed (a warm-up): what it printed, or why it failed."""
    done = subprocess.run(command, capture_output=True, check=False)
    result = Result(output_bytes=len(done.stdout), output_lines=done.stdout.count(b"\n"))
    if done.returncode >= 2 or done.returncode < 0 or b"Traceback (most recent call" in done.stderr:
        lines = done.stderr.decode(errors="replace").strip().splitlines() or ["(no message)"]
        result.error = f"exit {done.returncode}: {lines[-1][:120]}"
    return result


def measure(commands: dict[str, list[str]], repeat: int) -> dict[str, Result]:
    """Check every command once, then time the ones that work in ``repeat`` rounds.

    In each round the commands run one after the other, starting one further along the list
    each round, so that every command takes every place in turn.
    """
    results = {name: check(command) for name, command in commands.items()}
    names = [name for name, result in results.items() if result.error is None]
    for round_ in range(repeat):
        shift = round_ % len(names) if names else 0
        for name in names[shift:] + names[:shift]:
            start = time.perf_counter()
            process = subprocess.Popen(
                commands[name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            _, _, usage = os.wait4(process.pid, 0)
            results[name].times.append(time.perf_counter() - start)
            results[name].peak_kib = max(results[name].peak_kib, usage.ru_maxrss)
    return results


def ratio(results: dict[str, Result], numerator: str, denominator: str) -> float | None:
    """The median over rounds of the ratio of two commands' times in the same round."""
    top, bottom = results[numerator], results[denominator]
    if top.error is not None or bottom.error is not None or not top.times:
        return None
    return statistics.median(a / b for a, b in zip(top.times, bottom.times, strict=True))


def times(value: float | None, suffix: str = "") -> str:
    """A ratio as ``1.23x``."""
    return "n/a" if value is None else f"{value:.2f}x{suffix}"


def seconds(result: Result) -> str:
    """The median time, or why there is none."""
    return f"failed ({result.error})" if result.error is not None else f"{result.median:.3f}"


def mib(result: Result) -> str:
    """The peak memory in MiB."""
    return "n/a" if result.error is not None else f"{result.peak_kib / 1024:.0f}"


def peak_ratio(result: Result, base: Result) -> str:
    """One peak memory over another."""
    if result.error is not None or base.error is not None:
        return "n/a"
    return f"{result.peak_kib / base.peak_kib:.2f}x"


def floor(path: Path) -> list[str]:
    """Reading the file and nothing else: json.load, JSON Lines by line, or csv.reader."""
    return [sys.executable, str(PIPELINES / "json_floor.py"), str(path)]


def pipeline(name: str, path: Path) -> list[str]:
    """The command of one pipeline on one file."""
    if name == "json.load floor":
        return floor(path)
    if name == "netfreedom CLI":
        return [NETFREEDOM, "panel", str(path), "--deltas", "--format", "csv"]
    script = {
        "netfreedom API": "netfreedom_api",
        "pandas": "pandas_pipeline",
        "pydantic": "pydantic_pipeline",
    }[name]
    return [sys.executable, str(PIPELINES / f"{script}.py"), str(path)]


def accepted_formats(command: str) -> list[str] | None:
    """The choices of ``--format`` that ``netfreedom COMMAND --help`` lists (None: no help)."""
    done = subprocess.run([NETFREEDOM, command, "--help"], capture_output=True, check=False)
    found = re.search(r"--format \{([^}]*)\}", done.stdout.decode(errors="replace"))
    if done.returncode != 0 or found is None:
        return None
    return [choice.strip() for choice in found.group(1).split(",")]


# -- sections ---------------------------------------------------------------------------


def pipelines_section(stem: str, data: Path, repeat: int) -> None:
    """Every pipeline on one workload, JSON and CSV."""
    for suffix in (".json", ".csv"):
        path = data / f"{stem}{suffix}"
        results = measure({name: pipeline(name, path) for name in NAMES}, repeat)
        base = results["json.load floor"]
        print(f"### {path.name}\n")
        print("| pipeline | median s | vs pandas | vs floor | peak MiB | peak vs floor |")
        print("|---|---|---|---|---|---|")
        for name, result in results.items():
            print(
                f"| {name} | {seconds(result)} | {times(ratio(results, 'pandas', name), ' faster')}"
                f" | {times(ratio(results, name, 'json.load floor'))} | {mib(result)}"
                f" | {peak_ratio(result, base)} |"
            )
        print()


def startup_section(repeat: int) -> None:
    """The command line's start-up against importing its dependencies."""
    base = "python -c 'import attrs, cattrs'"
    score = "netfreedom score kazakhstan-2021"
    results = measure(
        {
            base: [sys.executable, "-c", "import attrs, cattrs"],
            score: [NETFREEDOM, "score", "kazakhstan-2021"],
        },
        repeat * 8,
    )
    print(f"### start-up ({repeat * 8} rounds)\n")
    print("| command | median s | ratio | peak MiB |\n|---|---|---|---|")
    for name, result in results.items():
        print(
            f"| {name} | {seconds(result)} | {times(ratio(results, name, base))} | {mib(result)} |"
        )
    print()


def shapes_section(reports: int, data: Path, repeat: int) -> None:
    """``panel --deltas --format csv`` on every input shape, and reading each file."""
    shapes = [("JSON", shape, suffix) for shape, suffix in JSON_SHAPES]
    shapes += [("CSV", shape, suffix) for shape, suffix in CSV_SHAPES]
    shapes += [("workbook", shape, suffix) for shape, suffix in XLSX_SHAPES]
    commands: dict[str, list[str]] = {}
    for _, _, suffix in shapes:
        path = data / f"reports-{reports}{suffix}"
        commands[f"cli {suffix}"] = [NETFREEDOM, "panel", str(path), "--deltas", "--format", "csv"]
        commands[f"floor {suffix}"] = floor(path)
    results = measure(commands, repeat)
    working = [f"cli {suffix}" for _, _, suffix in shapes if results[f"cli {suffix}"].times]
    fastest = min(working, key=lambda name: results[name].median) if working else None
    print(f"### input shapes: netfreedom panel reports-{reports}.* --deltas --format csv\n")
    print(
        "The floor reads the same file: json.load (JSON Lines: json.loads per line),"
        " csv.reader, or openpyxl's read-only mode for a workbook. Output lines should be equal"
        " across shapes.\n"
    )
    print("| format | shape | file | MB | median s | vs fastest | floor s | vs floor |"
          " peak MiB | peak vs floor | output lines |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for kind, shape, suffix in shapes:
        path = data / f"reports-{reports}{suffix}"
        cli, base = results[f"cli {suffix}"], results[f"floor {suffix}"]
        against = None if fastest is None else ratio(results, f"cli {suffix}", fastest)
        print(
            f"| {kind} | {shape} | {path.name} | {path.stat().st_size / 1e6:.1f} | {seconds(cli)}"
            f" | {times(against)} | {seconds(base)}"
            f" | {times(ratio(results, f'cli {suffix}', f'floor {suffix}'))} | {mib(cli)}"
            f" | {peak_ratio(cli, base)} | {cli.output_lines} |"
        )
    print()


def outputs_section(reports: int, data: Path, repeat: int) -> None:
    """``panel --deltas`` in every output format; ``validate`` in json and text."""
    path = data / f"reports-{reports}.json"
    accepted = accepted_formats("panel")
    formats = [f for f in OUTPUT_FORMATS if accepted is None or f in accepted]
    skipped = [f for f in OUTPUT_FORMATS if f not in formats]
    commands = {"json.load floor": floor(path)}
    for form in formats:
        commands[form] = [NETFREEDOM, "panel", str(path), "--deltas", "--format", form]
    results = measure(commands, repeat)
    base = results["json.load floor"]
    print(f"### output formats: netfreedom panel {path.name} --deltas --format F\n")
    if accepted is None:
        print("(`netfreedom panel --help` lists no --format choices: every format tried.)\n")
    if skipped:
        print(f"Not accepted by the installed command line, skipped: {', '.join(skipped)}.\n")
    print("| format | median s | vs csv | peak MiB | peak vs json.load | output MB |")
    print("|---|---|---|---|---|---|")
    for name, result in results.items():
        against = ratio(results, name, "csv") if "csv" in results else None
        print(
            f"| {name} | {seconds(result)} | {times(against)} | {mib(result)}"
            f" | {peak_ratio(result, base)} | {result.output_bytes / 1e6:.1f} |"
        )
    print()
    accepted = accepted_formats("validate")
    formats = [f for f in VALIDATE_FORMATS if accepted is None or f in accepted]
    commands = {}
    for suffix in (".json", ".csv"):
        path = data / f"reports-{reports}{suffix}"
        commands[f"floor {suffix}"] = floor(path)
        for form in formats:
            commands[f"{form} {suffix}"] = [NETFREEDOM, "validate", str(path), "--format", form]
    results = measure(commands, repeat)
    print(f"### netfreedom validate reports-{reports}.json|.csv --format F\n")
    skipped = [f for f in VALIDATE_FORMATS if f not in formats]
    if skipped:
        print(f"Not accepted by the installed command line, skipped: {', '.join(skipped)}.\n")
    print("| file | format | median s | vs floor | peak MiB | peak vs floor | output MB |")
    print("|---|---|---|---|---|---|---|")
    for suffix in (".json", ".csv"):
        base = results[f"floor {suffix}"]
        for form in ["floor", *formats]:
            result = results[f"{form} {suffix}"]
            print(
                f"| reports-{reports}{suffix} | {form} | {seconds(result)}"
                f" | {times(ratio(results, f'{form} {suffix}', f'floor {suffix}'))}"
                f" | {mib(result)} | {peak_ratio(result, base)}"
                f" | {result.output_bytes / 1e6:.1f} |"
            )
    print()


def needed_files(sections: list[str], reports: int, data: Path) -> list[Path]:
    """The data files the chosen sections read."""
    files: list[Path] = []
    if "panel" in sections:
        files += [data / "panel-1050.json", data / "panel-1050.csv"]
    if "reports" in sections or "outputs" in sections:
        files += [data / f"reports-{reports}.json", data / f"reports-{reports}.csv"]
    if "shapes" in sections:
        shapes = JSON_SHAPES + CSV_SHAPES + XLSX_SHAPES
        files += [data / f"reports-{reports}{suffix}" for _, suffix in shapes]
    return files


def section_list(text: str) -> list[str]:
    """``--only``: comma-separated section names."""
    chosen = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in SECTIONS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown section(s) {', '.join(unknown) or '(none)'};"
            f" choose from {', '.join(SECTIONS)}"
        )
    return chosen


def main() -> None:
    """Run the chosen sections and print the tables."""
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n")[0],
        epilog=f"sections: {', '.join(SECTIONS)}",
    )
    parser.add_argument("--repeat", type=int, default=5, help="rounds per comparison (default 5)")
    parser.add_argument("--reports", type=int, default=100_000, help="the N of reports-N files")
    parser.add_argument("--data", type=Path, default=HERE / "data", help="the generated files")
    parser.add_argument(
        "--only",
        type=section_list,
        default=list(SECTIONS),
        metavar="SECTIONS",
        help=f"comma-separated sections to run (default: all of {','.join(SECTIONS)})",
    )
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    missing = [str(p) for p in needed_files(args.only, args.reports, args.data) if not p.exists()]
    if missing:
        parser.error(f"missing {', '.join(missing)}: run bench/generate.py first")
    # Measure the package as an installation has it: with its bytecode compiled (an editable
    # install under PYTHONDONTWRITEBYTECODE would otherwise compile every module on each run).
    compileall.compile_dir(HERE.parent / "src", quiet=1)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}"
    print(
        f"Machine: {machine}; Python {platform.python_version()}; {args.repeat} rounds, the"
        " commands taking turns; times are medians, ratios medians of per-round ratios,"
        " peaks the largest\n"
    )
    if "panel" in args.only:
        pipelines_section("panel-1050", args.data, args.repeat)
    if "reports" in args.only:
        pipelines_section(f"reports-{args.reports}", args.data, args.repeat)
    if "startup" in args.only:
        startup_section(args.repeat)
    if "shapes" in args.only:
        shapes_section(args.reports, args.data, args.repeat)
    if "outputs" in args.only:
        outputs_section(args.reports, args.data, args.repeat)


if __name__ == "__main__":
    main()
