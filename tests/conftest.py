"""Shared fixtures and hypothesis profiles.

Profiles: ``dev`` (default, quick), ``ci`` (what CI runs), ``long`` (a deliberate
deep run: ``HYPOTHESIS_PROFILE=long pytest``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile(
    "ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("long", max_examples=5_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

REPORTS = Path(
    os.environ.get("NETFREEDOM_REPORTS", Path(__file__).parents[2] / "shared" / "reports")
)


@pytest.fixture
def kazakhstan_2021_text() -> str:
    """The real FOTN 2021 Kazakhstan report from ../shared/reports (golden case).

    Skips where the folder is absent (a user's clone); CI sets
    NETFREEDOM_REQUIRE_REPORTS=1, and there a missing file fails.
    """
    path = REPORTS / "fotn-2021-kazakhstan.txt"
    if not path.exists():
        if os.environ.get("NETFREEDOM_REQUIRE_REPORTS"):
            pytest.fail(f"golden report missing: {path}")
        pytest.skip(f"golden report not available at {path}")
    return path.read_text(encoding="utf-8")
