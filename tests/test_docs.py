"""The documentation: it builds without warnings, and every example in it runs as shown."""

from __future__ import annotations

import doctest
import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPORTS
from netfreedom import CATALOGUE

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(
    p.relative_to(ROOT)
    for p in [*DOCS.rglob("*.md"), ROOT / "README.md"]
    if "_build" not in p.parts
)
REPORT = REPORTS / "fotn-2021-kazakhstan.txt"
BLOCK = re.compile(r"^```(?P<kind>console|pycon)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML docs, built once with warnings as errors."""
    out = tmp_path_factory.mktemp("html")
    build = [
        sys.executable,
        "-m",
        "sphinx",
        "-W",
        "--keep-going",
        "-q",
        "-b",
        "html",
        str(DOCS),
        str(out),
    ]
    result = subprocess.run(build, capture_output=True, text=True, check=False)
    assert (0, "") == (result.returncode, result.stderr)
    return out


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory with the docs' example files (and the real report, where available)."""
    shutil.copytree(DOCS / "examples", tmp_path, dirs_exist_ok=True)
    if REPORT.exists():
        shutil.copy(REPORT, tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _needs_report(body: str) -> bool:
    return "fotn-2021-kazakhstan.txt" in body


def _run_console(body: str, where: Path) -> None:
    checker = doctest.OutputChecker()
    steps = re.split(r"^\$ ", body, flags=re.MULTILINE)[1:]
    environment = os.environ | {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "COLUMNS": "100",
    }
    for step in steps:
        command, _, expected = step.partition("\n")
        result = subprocess.run(["bash", "-c", command], cwd=where, env=environment,
                                capture_output=True, text=True, check=False)  # fmt: skip
        assert checker.check_output(expected, result.stdout, doctest.ELLIPSIS), (
            f"$ {command}\n--- expected\n{expected}--- got\n{result.stdout}{result.stderr}"
        )


class TestExamples:
    @pytest.mark.parametrize("page", PAGES, ids=str)
    def test_page(self, page: Path, workspace: Path) -> None:
        """Every console and Python example of the page gives the output it shows."""
        text = (ROOT / page).read_text(encoding="utf-8")
        blocks = list(BLOCK.finditer(text))
        if not REPORT.exists():
            if os.environ.get("NETFREEDOM_REQUIRE_REPORTS") and any(
                _needs_report(m["body"]) for m in blocks
            ):
                pytest.fail(f"golden report missing: {REPORT}")
            blocks = [m for m in blocks if not _needs_report(m["body"])]
        python = "\n".join(m["body"] for m in blocks if m["kind"] == "pycon")
        test = doctest.DocTestParser().get_doctest(python, {}, str(page), str(page), 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test)
        assert 0 == runner.failures
        for block in blocks:
            if block["kind"] == "console":
                _run_console(block["body"], workspace)

    def test_pages_have_examples(self) -> None:
        """The tutorial and every how-to guide show runnable examples."""
        for page in PAGES:
            if page.parts[1:2] == ("howto",) or page.name == "tutorial.md":
                assert BLOCK.search((ROOT / page).read_text(encoding="utf-8")), page


class TestBuild:
    def test_findings_page(self, built: Path) -> None:
        """The findings page lists exactly the codes of the catalogue, in its order."""
        page = (built / "reference" / "findings.html").read_text(encoding="utf-8")
        table = page[page.index("<table") : page.index("</table>")]
        listed = re.findall(r'<span class="pre">([a-z]+(?:-[a-z]+)+)</span>', table)
        assert list(CATALOGUE) == listed

    def test_cli_page(self, built: Path) -> None:
        """The command-line page shows the real --help of every command."""
        page = html.unescape((built / "reference" / "cli.html").read_text(encoding="utf-8"))
        text = re.sub(r"<[^>]+>", "", page)
        environment = os.environ | {"COLUMNS": "100"}
        for command in ([], ["score"], ["validate"], ["parse"], ["diff"], ["panel"], ["schema"]):
            help_text = subprocess.run([sys.executable, "-m", "netfreedom", *command, "--help"],
                                       capture_output=True, text=True, check=True, env=environment).stdout  # fmt: skip
            assert help_text.replace("python -m netfreedom", "netfreedom").strip() in text

    def test_api_page(self, built: Path) -> None:
        """The API reference documents every public name."""
        import netfreedom  # noqa: PLC0415 - the names to look for

        page = (built / "reference" / "api.html").read_text(encoding="utf-8")
        documented = set(re.findall(r'id="netfreedom\.[a-z_]+\.(\w+)"', page))
        assert [] == [n for n in netfreedom.__all__ if n != "__version__" and n not in documented]
