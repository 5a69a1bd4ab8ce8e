"""Large input: processed within bounded memory, or refused with a clear message."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from netfreedom import load_example, read_dataset, render_report
from netfreedom._reading import sources
from netfreedom.errors import LoadError

BENCH = Path(__file__).parents[1] / "bench"
sys.path.insert(0, str(BENCH))

from generate import reports  # noqa: E402 - the generator lives with the benchmark

#: What a 50 MB input may cost at the peak.
MEMORY_BOUND_KIB = 1024 * 1024


def peak_of(arguments: list[str]) -> tuple[int, str, str, int]:
    """Run the command line in a child that reports its own peak memory."""
    code = (
        "import resource, sys; from netfreedom.cli import main\n"
        "try:\n    status = main(sys.argv[1:])\nexcept SystemExit as e:\n    status = e.code\n"
        "sys.stderr.write(f'peak_kib={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')\n"
        "sys.exit(status)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *arguments], capture_output=True, text=True, check=False
    )
    peak = int(result.stderr.rsplit("peak_kib=", 1)[1])
    return result.returncode, result.stdout, result.stderr, peak


class TestLarge:
    def test_json_panel(self, tmp_path: Path) -> None:
        """A 50 MB JSON panel is validated; findings are capped, counts exact, memory bounded."""
        records = reports(205_000, seed=7)
        broken = sum(any(v == 9 for v in r["scores"].values()) for r in records)
        path = tmp_path / "big.json"
        path.write_text(json.dumps(records), encoding="utf-8")
        assert path.stat().st_size > 50_000_000
        code, out, _, peak = peak_of(
            ["validate", str(path), "--format", "json", "--max-findings", "5"]
        )
        result = json.loads(out)
        assert (1, 205_000, broken, 5, 5) == (
            code, result["reports"], result["counts"]["by_severity"]["error"], result["shown"], len(result["findings"])
        )  # fmt: skip
        assert peak < MEMORY_BOUND_KIB

    def test_report_text(self, tmp_path: Path) -> None:
        """A 50 MB report text is parsed within bounded memory."""
        text = render_report(attrs.evolve(load_example("kazakhstan-2021"), country="Freedonia"))
        lines = text.split("\n")
        padding = [
            "A paragraph of narrative, long enough to weigh something in a report. " * 4
        ] * 180_000
        big = "\n".join([*lines[:6], *padding, *lines[6:]])
        path = tmp_path / "big.txt"
        path.write_text(big, encoding="utf-8")
        assert path.stat().st_size > 50_000_000
        code, out, err, peak = peak_of(["parse", str(path), "--edition", "2021", "--scores-only"])
        assert (0, 21) == (code, len(json.loads(out)["scores"]))
        assert "facts-score-mismatch" in err
        assert peak < MEMORY_BOUND_KIB

    def test_refused(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Input above the limit is refused with a message that says what to do."""
        monkeypatch.setattr(sources, "MAX_INPUT_BYTES", 1000)
        path = tmp_path / "big.json"
        path.write_text(json.dumps(reports(20)), encoding="utf-8")
        with pytest.raises(LoadError, match="larger than the 0 MiB netfreedom reads; split it"):
            read_dataset(path)
