"""Pictures: every figure drawn is a figure the library computed."""

from __future__ import annotations

import math
import sys
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest

from netfreedom import load_example, loads, score
from netfreedom.cli import main
from netfreedom.plots import PlotExtraMissingError, movers, scorecard, trajectory
from strategies import FIW_ROWS, KAZAKHSTAN_HEADLINES, fiw_csv
from test_package import in_fresh_interpreter

if TYPE_CHECKING:
    from pathlib import Path

    from netfreedom import Panel

KAZAKHSTAN = KAZAKHSTAN_HEADLINES
OTHERS = "Kyrgyzstan,2022,12,14,10\nKyrgyzstan,2023,13,14,11\nArmenia,2022,20,25,25\nArmenia,2023,20,24,25\n"


def xs(line: Any) -> list[float]:
    """A line's x values, as floats."""
    return [float(v) for v in np.asarray(line.get_xdata(), dtype=float)]


def ys(line: Any) -> list[float]:
    """A line's y values, as floats (NaN where the line breaks)."""
    return [float(v) for v in np.asarray(line.get_ydata(), dtype=float)]


def panel(text: str = KAZAKHSTAN) -> Panel:
    return loads(text, format="csv").panel()


class TestTrajectory:
    def test_kazakhstan(self) -> None:
        """The totals on the modern scale, a gap for 2017-2018, converted points open."""
        ax = trajectory(panel())
        lines = {line.get_label(): line for line in ax.get_lines()}
        drawn = ys(lines["Kazakhstan"])
        assert [y if not math.isnan(y) else None for y in drawn] == [
            40, 39, 37, None, 32, 32, 33, 32, 34, 34,
        ]  # fmt: skip
        converted = lines["Kazakhstan (converted from the legacy scale)"]
        assert [xs(converted), ys(converted)] == [
            [2014, 2015, 2016], [40, 39, 37],
        ]  # fmt: skip

    def test_bands_and_break(self) -> None:
        """The modern methodology's bands lie behind; the 2019 change of scale is marked."""
        ax = trajectory(panel())
        bands = sorted(
            (patch.get_y(), patch.get_y() + patch.get_height())  # type: ignore[attr-defined]
            for patch in ax.patches
            if patch.get_label() == "_band"
        )
        assert bands == [(0, 40), (40, 70), (70, 100)]
        breaks = [xs(line) for line in ax.get_lines() if line.get_linestyle() == "--"]
        assert breaks == [[2018.5, 2018.5]]

    def test_category_and_countries(self) -> None:
        """One category per edition; only the countries asked for."""
        ax = trajectory(panel(KAZAKHSTAN + OTHERS), ["Armenia", "Kyrgyzstan"], category="B")
        assert {line.get_label(): ys(line) for line in ax.get_lines()
                if line.get_linestyle() == "-"} == {"Armenia": [25, 24], "Kyrgyzstan": [14, 14]}  # fmt: skip

    def test_unscorable_left_out(self) -> None:
        """A report that cannot be scored leaves a gap, not a point."""
        ax = trajectory(panel("country,edition,A,B,C\nK,2021,1,1,1\nK,2022,99,1,1\nK,2023,2,2,2\n"))
        (line,) = [line for line in ax.get_lines() if line.get_label() == "K"]
        assert [2021, 2022.5, 2023] == xs(line)

    def test_breaks_at_the_change_of_scale(self) -> None:
        """A converted 2018 point is not joined to 2019; a modern-only chart has no break."""
        ax = trajectory(panel("country,edition,A,B,C\nK,2018,10,10,10\nK,2019,10,10,10\n"), "K")
        (line,) = [line for line in ax.get_lines() if line.get_label() == "K"]
        assert [2018, 2018.5, 2019] == xs(line)
        assert math.isnan(ys(line)[1])
        modern_only = trajectory(panel("country,edition,A,B,C\nK,2021,1,1,1\nK,2022,2,2,2\n"))
        assert [line for line in modern_only.get_lines() if line.get_linestyle() == "--"] == []

    def test_refuses(self) -> None:
        """An unknown country or category is a ValueError naming it."""
        with pytest.raises(ValueError, match="not in the panel: Atlantis"):
            trajectory(panel(), ["Atlantis"])
        with pytest.raises(ValueError, match="category 'D' is not one of A, B, C"):
            trajectory(panel(), category="D")
        with pytest.raises(ValueError, match="no country to draw"):
            trajectory(panel(), [])


def test_scorecard() -> None:
    """Categories against maxima, and a strip cell per question."""
    ax = scorecard(load_example("kazakhstan-2021"))
    widths = [patch.get_width() for patch in ax.patches]  # type: ignore[attr-defined]
    assert widths[:6] == [25, 35, 40, 11, 11, 11]
    assert len(widths) == 6 + 21
    assert ax.get_title() == "Kazakhstan 2021: 33 / 100, Not Free (fotn-2019, higher is freer)"
    card_only = scorecard(score(load_example("kazakhstan-2021")))
    assert len(card_only.patches) == 6


def test_movers() -> None:
    """The largest changes into an edition, sorted, status changes marked."""
    ax = movers(panel(KAZAKHSTAN + OTHERS), 2023)
    widths = [patch.get_width() for patch in ax.patches]  # type: ignore[attr-defined]
    labels = [label.get_text() for label in ax.get_yticklabels()]
    assert (widths, labels) == (
        [-1, 2, 2],
        ["Armenia  (Free \u2192 Partly Free)", "Kazakhstan", "Kyrgyzstan"],
    )
    with pytest.raises(
        ValueError, match="no consecutive-edition change of Freedom on the Net leads into 2019"
    ):
        movers(panel("country,edition,A,B,C\n" + OTHERS), 2019)


class TestCommand:
    @pytest.mark.parametrize("ending", [".png", ".svg", ".pdf"])
    def test_formats(self, tmp_path: Path, ending: str) -> None:
        """Each kind is written in each format."""
        source = tmp_path / "k.csv"
        source.write_text(KAZAKHSTAN, encoding="utf-8")
        for kind in ("trajectory", "movers", "scorecard"):
            out = tmp_path / f"{kind}{ending}"
            edition = [] if kind == "trajectory" else ["--edition", "2023"]
            code = main(["plot", str(source), "--kind", kind, *edition, "-o", str(out)])
            assert (code, out.stat().st_size > 1000) == (0, True)

    def test_usage(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """Bad requests are usage errors, exit 2, in a line."""
        for argv in (["-o", str(tmp_path / "x.txt")], ["--country", "Atlantis", "-o", "x.png"],
                     ["--kind", "movers", "-o", "x.png"]):  # fmt: skip
            assert main(["plot", "kazakhstan-2021", *argv]) == 2
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert err.count("netfreedom plot: error:") == 3

    def test_svg_to_stdout(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without -o, the picture is SVG on standard output; options of other kinds refused."""
        assert main(["plot", "kazakhstan-2021", "--kind", "scorecard"]) == 0
        assert "<svg" in capsys.readouterr().out
        assert main(["plot", "kazakhstan-2021", "--edition", "2021"]) == 2
        assert main(["plot", "kazakhstan-2021", "--kind", "scorecard", "--category", "A"]) == 2
        assert capsys.readouterr().err.count("netfreedom plot: error:") == 2

    def test_extra_missing(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without matplotlib, one line names the extra; exit 2."""
        monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
        with pytest.raises(PlotExtraMissingError, match=r"pip install 'netfreedom\[plot\]'"):
            scorecard(load_example("kazakhstan-2021"))
        assert main(["plot", "kazakhstan-2021", "--kind", "scorecard", "-o", "x.png"]) == 2
        assert capsys.readouterr().err.endswith("pip install 'netfreedom[plot]'\n")


def test_no_global_state() -> None:
    """Drawing imports no pyplot and sets no backend."""
    code = (
        "import sys, matplotlib, netfreedom as nf\n"
        "from netfreedom.plots import trajectory\n"
        "backend = matplotlib.rcParams._get_backend_or_none()\n"
        "trajectory(nf.read_dataset('kazakhstan-2021').panel())\n"
        "print('matplotlib.pyplot' in sys.modules, matplotlib.rcParams._get_backend_or_none() == backend)"
    )
    assert in_fresh_interpreter(code) == "False True\n"


class TestFreedomInTheWorld:
    def test_trajectory(self) -> None:
        """A FIW series: its own total, its index in the title, no total bands (the status
        comes from ratings); a mixed panel draws a country's FOTN series by default."""
        fiw = fiw_csv([*FIW_ROWS, [*FIW_ROWS[0][:3], "2022", *FIW_ROWS[0][4:]]])
        ax = trajectory(loads(fiw, format="csv").panel(), ["Kazakhstan"])
        (line,) = ax.get_lines()
        assert (xs(line), ys(line)) == ([2021, 2022], [23, 23])
        assert ax.get_title() == "Kazakhstan: Freedom in the World total, higher is freer"
        assert [p for p in ax.patches if p.get_label() == "_band"] == []
        mixed = loads(fiw, format="csv") + loads(KAZAKHSTAN, format="csv")
        ax = trajectory(mixed.panel(), ["Kazakhstan"], index="fotn")
        assert ax.get_title() == "Kazakhstan: Freedom on the Net total, higher is freer"
        lines = {line.get_label(): line for line in ax.get_lines()}
        assert max(ys(lines["Kazakhstan"])) == 40


def test_mixed_indexes_need_a_choice(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Where a country has FOTN and FIW reports, a picture names the index it draws."""
    fiw = tmp_path / "fiw.csv"
    fiw.write_text(fiw_csv([FIW_ROWS[0], [*FIW_ROWS[0][:3], "2022", *FIW_ROWS[0][4:]]]))
    fotn = tmp_path / "fotn.csv"
    fotn.write_text(KAZAKHSTAN)
    mixed = loads(fiw.read_text(), format="csv") + loads(KAZAKHSTAN, format="csv")
    with pytest.raises(ValueError, match="the reports are of Freedom in the World and Freedom on"):
        trajectory(mixed.panel(), ["Kazakhstan"])
    ax = trajectory(mixed.panel(), ["Kazakhstan"], index="fiw", category="PR")
    assert ax.get_title() == "Kazakhstan: Freedom in the World category PR, higher is freer"
    ax = movers(mixed.panel(), 2022, index="fotn")
    assert (
        ax.get_title() == "Freedom on the Net: largest changes into 2022 (total, higher is freer)"
    )
    argv = ["plot", str(fiw), str(fotn), "--kind", "scorecard", "--country", "Kazakhstan"]
    assert main([*argv, "--edition", "2021"]) == 2
    assert "--index chooses between them" in capsys.readouterr().err
    assert main([*argv, "--edition", "2021", "--index", "fiw", "-o", str(tmp_path / "c.svg")]) == 0


def test_fiw_scorecard_title() -> None:
    """A FIW scorecard names its groups with their ratings under the total and status."""
    china = loads(fiw_csv([FIW_ROWS[2]]), format="csv").reports[0]
    assert scorecard(china).get_title() == (
        "China 2024: 9 / 100, Not Free (fiw-2013, higher is freer)\n"
        "PR -2 (rating 7), CL 11 (rating 6)"
    )
