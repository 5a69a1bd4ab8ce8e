"""The benchmark's pipelines compute the same results (on the archive-size workload)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[1] / "bench"
sys.path.insert(0, str(BENCH))

from generate import panel, write  # noqa: E402 - the generator lives with the benchmark

PIPELINES = ["netfreedom_api", "pandas_pipeline", "pydantic_pipeline"]


@pytest.fixture(scope="module")
def workload(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded 1,050-report panel, as JSON and CSV."""
    stem = tmp_path_factory.mktemp("bench") / "panel-1050"
    write(panel(), stem)
    return stem


def run(script: str, path: Path) -> dict[str, object]:
    result = subprocess.run([sys.executable, str(BENCH / "pipelines" / f"{script}.py"), str(path)],
                            capture_output=True, text=True, check=True)  # fmt: skip
    summary: dict[str, object] = json.loads(result.stdout)
    return summary


class TestAgreement:
    @pytest.mark.parametrize("suffix", [".json", ".csv"])
    def test_pipelines_agree(self, workload: Path, suffix: str) -> None:
        """netfreedom, pandas and pydantic find the same invalid reports, totals and deltas."""
        summaries = [run(script, workload.with_suffix(suffix)) for script in PIPELINES]
        assert [summaries[0]] * len(PIPELINES) == summaries
        assert (1050, 16, 964) == (
            summaries[0]["reports"],
            summaries[0]["invalid"],
            summaries[0]["deltas"],
        )

    def test_cli_agrees(self, workload: Path) -> None:
        """The command line's delta rows are the API's."""
        result = subprocess.run([sys.executable, "-m", "netfreedom", "panel", str(workload.with_suffix(".json")),
                                 "--deltas", "--format", "csv"], capture_output=True, text=True, check=False)  # fmt: skip
        rows = list(csv.DictReader(result.stdout.splitlines()))
        assert (1, 964) == (result.returncode, len(rows))
        sys.path.insert(0, str(BENCH / "pipelines"))
        from netfreedom.bulk import read_bulk  # noqa: PLC0415

        api_rows, _ = read_bulk(workload.with_suffix(".json")).deltas()
        assert [str(r["total_delta"]) for r in api_rows] == [r["total_delta"] for r in rows]
