"""The HTML overview: the computed figures, self-contained, rendered by a real browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from netfreedom import loads, read_dataset
from netfreedom.cli import main
from netfreedom.overview import overview
from strategies import FIW_ROWS, KAZAKHSTAN_HEADLINES, fiw_csv

EXAMPLES = Path(__file__).parents[1] / "docs" / "examples"
KAZAKHSTAN = KAZAKHSTAN_HEADLINES


class _Page(HTMLParser):
    """The parts of a page the tests read: references, ids, table rows' text."""

    def __init__(self) -> None:
        super().__init__()
        self.references: list[str] = []
        self.ids: list[str] = []
        self.tags: set[str] = set()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name in {"src", "href", "xlink:href", "action"} and value is not None:
                self.references.append(value)
            if name == "id" and value is not None:
                self.ids.append(value)
        if tag == "tr":
            self.rows.append([])
        if tag in {"td", "th"}:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._cell is not None and self.rows:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def page(text: str) -> _Page:
    parsed = _Page()
    parsed.feed(text)
    return parsed


@pytest.fixture(scope="module")
def html() -> str:
    # the must-show: Kazakhstan's headline figures plus the bundled example (2021 twice)
    panel = loads(KAZAKHSTAN, format="csv") + read_dataset(
        "kazakhstan-2021", EXAMPLES / "panel.csv", EXAMPLES / "freedonia-2024.json"
    )
    return overview(panel)


class TestContent:
    def test_same_numbers_as_the_tables(self, html: str) -> None:
        """Countries' latest totals, statuses and changes are the library's."""
        rows = page(html).rows
        assert ["Kazakhstan", "2024", "34", "Not Free", "+0 since 2023"] in rows
        assert ["Freedonia", "2024", "63", "Partly Free", "-9 since 2023"] in rows
        assert ["2014", "0", "1", "0"] in rows  # 60 on the legacy scale: 40, Partly Free
        assert ["Freedonia", "Free", "Partly Free"] in rows  # a status change into 2024

    def test_one_report_per_country_and_edition(self, html: str) -> None:
        """A report given twice is counted once, as the deltas take it (the first)."""
        assert ["2021", "0", "0", "1"] in page(html).rows

    def test_latest_unscorable_said(self) -> None:
        """A country whose latest report cannot be scored says so, not an older figure."""
        data = loads("country,edition,A,B,C\nK,2021,1,1,1\nK,2022,99,1,1\n", format="csv")
        assert ["K", "2022", "", "cannot be scored (see the findings)", ""] in page(
            overview(data)
        ).rows

    def test_findings_listed(self, html: str) -> None:
        """The validation findings are listed with where they are."""
        rows = page(html).rows
        assert any(r[:2] == ["error", "score-out-of-range"] and "$.scores.A2" in r[2] for r in rows)
        assert any(r[:2] == ["error", "duplicate-report"] for r in rows)

    def test_self_contained(self, html: str) -> None:
        """Nothing is loaded: no script, no link, only in-page references, a strict policy."""
        parsed = page(html)
        assert not parsed.tags & {"script", "link", "img", "iframe", "object"}
        assert {ref[:1] for ref in parsed.references} <= {"#"}
        assert not re.search(r"url\((?!#)", html)
        assert "default-src 'none'" in html
        assert len(parsed.ids) == len(set(parsed.ids))

    def test_accessible(self, html: str) -> None:
        """Charts are described, tables captioned with column headers."""
        assert html.count('<svg role="img" aria-label="Total of') == 3
        assert html.count("<caption>") == html.count("<table>")
        assert '<th scope="col"' in html


def test_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """netfreedom report writes the page; findings go to stderr; exit by --fail-on."""
    out = tmp_path / "r.html"
    code = main(
        ["report", "kazakhstan-2021", str(EXAMPLES / "freedonia-2024.json"), "-o", str(out)]
    )
    assert (code, "[score-out-of-range]" in capsys.readouterr().err) == (1, True)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["report", "kazakhstan-2021", "-o", str(out), "--fail-on", "never"]) == 0


def _browser() -> str | None:
    found = next(
        (
            shutil.which(n)
            for n in ("chromium", "chromium-browser", "google-chrome")
            if shutil.which(n)
        ),
        None,
    )
    if found is None and os.environ.get("NETFREEDOM_REQUIRE_BROWSER"):
        pytest.fail("no headless browser: install chromium (.ci/run does)")
    return found


def _run(browser: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


class TestBrowser:
    @pytest.mark.parametrize("size", ["1280,1600", "390,844"])
    def test_renders(self, html: str, tmp_path: Path, size: str) -> None:
        """Desktop and phone widths render a page that is not blank."""
        browser = _browser()
        if browser is None:
            pytest.skip("no headless browser (chromium) installed")
        path, shot = tmp_path / "r.html", tmp_path / "shot.png"
        path.write_text(html, encoding="utf-8")
        _run(browser, f"--window-size={size}", f"--screenshot={shot}", path.as_uri())
        with Image.open(shot) as image:
            colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
        assert image.size == tuple(map(int, size.split(",")))
        assert colours is not None
        assert len(colours) > 20

    def test_dom(self, html: str, tmp_path: Path) -> None:
        """The rendered DOM holds the trajectories and the table's totals and statuses."""
        browser = _browser()
        if browser is None:
            pytest.skip("no headless browser (chromium) installed")
        path = tmp_path / "r.html"
        path.write_text(html, encoding="utf-8")
        dom = _run(browser, "--dump-dom", path.as_uri()).stdout
        parsed = page(dom)
        assert ["Kazakhstan", "2024", "34", "Not Free", "+0 since 2023"] in parsed.rows
        assert dom.count("<svg") == 3


def test_a_part_per_index() -> None:
    """FOTN and FIW data together: a part each, neither's figures in the other's tables."""
    fiw = fiw_csv([FIW_ROWS[0], [*FIW_ROWS[0][:3], "2022", *FIW_ROWS[0][4:]]])
    page = overview(loads(fiw, format="csv") + loads(KAZAKHSTAN_HEADLINES, format="csv"))
    assert "<h1>Freedom on the Net and Freedom in the World: dataset overview</h1>" in page
    fotn_part, fiw_part = page.split("<h2>Freedom in the World</h2>")
    assert "<h2>Freedom on the Net</h2>" in fotn_part
    assert (
        "Total of Kazakhstan per edition as scored, status from ratings: 2021 23, 2022 23."
        in fiw_part
    )
    assert "2021 23" not in fotn_part
    assert "<h3>Statuses by edition</h3>" in fiw_part
