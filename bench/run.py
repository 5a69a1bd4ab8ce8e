"""Run the benchmark: every pipeline on the same files, repeated; medians and ratios.

    python bench/generate.py && python bench/run.py [--repeat 5] [--reports 100000]

Each measurement is a whole process (interpreter start-up included), timed from launch to
exit, with its peak resident memory from the operating system. The package's bytecode is
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


def measure(command: list[str], repeat: int) -> tuple[float, int]:
    """Median wall time (s) and largest peak memory (KiB) over ``repeat`` runs."""
    times, peaks = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss)
    return statistics.median(times), max(peaks)


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
            results = {name: measure(pipeline(name, path), args.repeat) for name in NAMES}
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
    base, base_peak = measure([sys.executable, "-c", "import attrs, cattrs"], args.repeat * 4)
    score, _ = measure([str(BIN / "netfreedom"), "score", "kazakhstan-2021"], args.repeat * 4)
    print("### start-up\n")
    print("| command | median s | ratio |\n|---|---|---|")
    print(f"| python -c 'import attrs, cattrs' | {base:.3f} | 1.00 |")
    print(f"| netfreedom score kazakhstan-2021 | {score:.3f} | {score / base:.2f} |")
    del base_peak


if __name__ == "__main__":
    main()
