from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import netfreedom

if TYPE_CHECKING:
    from pathlib import Path


def in_fresh_interpreter(code: str) -> str:
    """What Python code prints when run in a new interpreter (which must succeed)."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return result.stdout


class TestPackage:
    def test_all_unique_and_present(self) -> None:
        """__all__ names each public name once (ruff keeps it sorted), and each exists."""
        assert len(set(netfreedom.__all__)) == len(netfreedom.__all__)
        assert all(hasattr(netfreedom, name) for name in netfreedom.__all__)
        assert sorted(netfreedom.__all__) == sorted(dir(netfreedom)) or set(
            netfreedom.__all__
        ) <= set(dir(netfreedom))

    def test_version(self) -> None:
        """__version__ comes from the installed metadata."""
        assert netfreedom.__version__.count(".") >= 2

    def test_light_import(self) -> None:
        """Importing netfreedom loads neither pandas nor matplotlib."""
        code = "import sys, netfreedom; print(sorted(m for m in ('pandas', 'matplotlib', 'numpy') if m in sys.modules))"
        assert in_fresh_interpreter(code) == "[]\n"

    def test_readers_load_with_their_format(self) -> None:
        """Reading a JSON example loads no table reader; reading a CSV loads it."""
        code = (
            "import sys; from netfreedom import read_dataset; read_dataset('kazakhstan-2021');"
            " print('netfreedom._reading.table' in sys.modules, end=' ');"
            " from netfreedom._reading import read; read('country,edition\\nA,2020\\n', 'x', 'csv');"
            " print('netfreedom._reading.table' in sys.modules)"
        )
        assert in_fresh_interpreter(code) == "False True\n"

    def test_panel_in_process(self, tmp_path: Path) -> None:
        """The command runs in a fresh interpreter and writes the header and one delta."""
        questions = "A1,A2,A3,A4,A5,B1,B2,B3,B4,B5,B6,B7,B8,C1,C2,C3,C4,C5,C6,C7,C8"
        rows = [f"Aland,{year}," + ",".join(["1"] * 20 + [str(year % 2)]) for year in (2020, 2021)]
        path = tmp_path / "panel.csv"
        path.write_text(f"country,edition,{questions}\n" + "\n".join(rows) + "\n", encoding="utf-8")
        code = (
            "from netfreedom.cli import main;"
            f" main(['panel', {str(path)!r}, '--deltas', '--format', 'csv'])"
        )
        assert in_fresh_interpreter(code).count("\n") == 2  # the header and one delta
