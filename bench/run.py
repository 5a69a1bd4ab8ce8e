"""Run the benchmark: every pipeline on the same files, repeated; medians and ratios.

    python bench/generate.py && python bench/run.py [--repeat 5] [--reports 100000]

Each measurement is a whole process (interpreter start-up included), timed from launch to
exit, with its peak resident memory from the operating system; the commands compared take
turns, so that drift of the machine's speed affects them alike. The package's bytecode is
compiled first, as an installation does. Results go to standard output
as a Markdown table; docs/benchmarks.md records a run.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
PIPELINES = HERE / "pipelines"
BIN = Path(sys.executable).parent


def measure(commands: dict[str, list[str]], repeat: int) -> dict[str, tuple[float, int]]:
    """Median wall time (s) and largest peak memory (KiB) of each command.

    The commands take turns, ``repeat`` rounds of one run each, so that a machine whose
    speed drifts during the benchmark slows them alike and their ratios hold.
    """
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, list[int]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            start = time.perf_counter()
            process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            _, _, usage = os.wait4(process.pid, 0)
            times[name].append(time.perf_counter() - start)
            peaks[name].append(usage.ru_maxrss)
    return {name: (statistics.median(times[name]), max(peaks[name])) for name in commands}


def pipeline(name: str, path: Path) -> list[str]:
    """The command of one pipeline on one file."""
    if name == "netfreedom CLI":
        return [str(BIN / "netfreedom"), "panel", str(path), "--deltas", "--format", "csv"]
    script = {
        "json.load floor": "json_floor",
        "netfreedom API": "netfreedom_api",
        "pandas": "pandas_pipeline",
        "pydantic": "pydantic_pipeline",
    }[name]
    return [sys.executable, str(PIPELINES / f"{script}.py"), str(path)]


NAMES = ["json.load floor", "netfreedom API", "netfreedom CLI", "pandas", "pydantic"]


def main() -> None:
    """Run everything and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--data", type=Path, default=HERE / "data")
    args = parser.parse_args()
    # Measure the package as an installation has it: with its bytecode compiled (an editable
    # install under PYTHONDONTWRITEBYTECODE would otherwise compile every module on each run).
    compileall.compile_dir(HERE.parent / "src", quiet=1)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}"
    print(f"Machine: {machine}; Python {platform.python_version()}; median of {args.repeat} runs\n")
    for stem in ("panel-1050", f"reports-{args.reports}"):
        for suffix in (".json", ".csv"):
            path = args.data / f"{stem}{suffix}"
            results = measure({name: pipeline(name, path) for name in NAMES}, args.repeat)
            pandas_time = results["pandas"][0]
            floor_time, floor_peak = results["json.load floor"]
            print(f"### {path.name}\n")
            print("| pipeline | median s | vs pandas | vs floor | peak MiB | peak vs floor |")
            print("|---|---|---|---|---|---|")
            for name, (seconds, peak) in results.items():
                print(
                    f"| {name} | {seconds:.3f} | {pandas_time / seconds:.2f}x faster |"
                    f" {seconds / floor_time:.2f}x | {peak / 1024:.0f} | {peak / floor_peak:.2f}x |"
                )
            print()
    startup = measure(
        {
            "base": [sys.executable, "-c", "import attrs, cattrs"],
            "score": [str(BIN / "netfreedom"), "score", "kazakhstan-2021"],
        },
        args.repeat * 8,
    )
    base, score = startup["base"][0], startup["score"][0]
    print("### start-up\n")
    print("| command | median s | ratio |\n|---|---|---|")
    print(f"| python -c 'import attrs, cattrs' | {base:.3f} | 1.00 |")
    print(f"| netfreedom score kazakhstan-2021 | {score:.3f} | {score / base:.2f} |")


if __name__ == "__main__":
    main()
