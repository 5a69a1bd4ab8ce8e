from __future__ import annotations

import subprocess
import sys

import netfreedom


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
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stdout == "[]\n"
