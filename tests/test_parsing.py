from __future__ import annotations

import contextlib
import datetime as dt
import json
import subprocess
import sys
from typing import TYPE_CHECKING

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from netfreedom import (
    CATALOGUE,
    ChangeDirection,
    CountryReport,
    EditionRequiredError,
    Finding,
    ParseError,
    ScoreNotation,
    Severity,
    Status,
    UnknownEditionError,
    dumps,
    json_schema,
    load_example,
    parse_report,
    render_report,
    score,
)
from netfreedom.cli import main
from netfreedom.parsing import wording_key
from strategies import MODERN, reports_with_narrative

if TYPE_CHECKING:
    from pathlib import Path

KZ_SCORES = dict(load_example("kazakhstan-2021").scores)


def synthetic() -> str:
    """A short report of our own words in the published layout (Kazakhstan 2021's figures)."""
    return render_report(attrs.evolve(load_example("kazakhstan-2021"), country="Freedonia"))


def codes(findings: tuple[Finding, ...]) -> list[tuple[str, int | None, str | None]]:
    return [(f.code, f.location.line, f.location.question or f.location.category) for f in findings]


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), start=1) if line.startswith(start))


def problems(text: str) -> list[tuple[str, int | None, str | None]]:
    result = parse_report(text, edition=2021, source="t")
    return [
        c
        for c, f in zip(codes(result.findings), result.findings, strict=True)
        if f.severity is not Severity.INFO
    ]


class TestGolden:
    """The real FOTN 2021 Kazakhstan report, as copied from the web."""

    def test_scores(self, kazakhstan_2021_text: str) -> None:
        """The 21 scores exactly, the header 11/11/11, and the computed 33 Not Free."""
        report = parse_report(kazakhstan_2021_text, edition=2021).report
        assert KZ_SCORES == dict(report.scores)
        assert {"A": 11, "B": 11, "C": 11} == dict(report.published.categories)
        card = score(report)
        assert ([11, 11, 11], 33, Status.NOT_FREE) == (
            [c.score for c in card.categories],
            card.total,
            card.status,
        )

    def test_facts(self, kazakhstan_2021_text: str) -> None:
        """The Country Facts: 23, 32, Not Free, and four Yes."""
        facts = parse_report(kazakhstan_2021_text, edition=2021).report.facts
        assert facts is not None
        assert (23, 32, Status.NOT_FREE, Status.NOT_FREE, True, True, True, True) == (
            facts.global_freedom_score, facts.internet_freedom_score, facts.freedom_in_the_world_status,
            facts.internet_freedom_status, facts.networks_restricted, facts.websites_blocked,
            facts.pro_government_commentators, facts.users_arrested,
        )  # fmt: skip

    def test_score_change(self, kazakhstan_2021_text: str) -> None:
        """The one Score Change note: A3 improved from 1 to 2, text kept."""
        (note,) = parse_report(kazakhstan_2021_text, edition=2021).report.score_changes
        assert ("A3", 1, 2, ChangeDirection.IMPROVED) == (
            note.question,
            note.previous,
            note.current,
            note.direction,
        )
        assert note.text.startswith("The score improved from 1 to 2 to reflect")

    def test_narrative(self, kazakhstan_2021_text: str) -> None:
        """Five key developments; every question's paragraphs and numbered footnotes; no leftovers."""
        narrative = parse_report(kazakhstan_2021_text, edition=2021).report.narrative
        assert narrative is not None
        assert 5 == len(narrative.key_developments)
        assert [q.id for q in MODERN.questions] == [s.question for s in narrative.sections]
        a1 = narrative.section("A1")
        assert (4, list(range(1, 8))) == (len(a1.paragraphs), [f.number for f in a1.footnotes])
        assert all(s.paragraphs and s.footnotes for s in narrative.sections)
        assert () == narrative.leftovers
        assert ScoreNotation.WEB is narrative.notation

    def test_findings(self, kazakhstan_2021_text: str) -> None:
        """The only problem: the Country Facts 32 against the computed 33, at its line."""
        result = parse_report(kazakhstan_2021_text, edition=2021, source="kz.txt")
        assert [
            ("facts-score-mismatch", 416, None, 33, 32),
            ("published-figures-agree", 2, None, None, None),
        ] == [
            (f.code, f.location.line, f.location.question, f.expected, f.actual)
            for f in result.findings
        ]

    def test_note_and_facts_findings_at_their_lines(self, kazakhstan_2021_text: str) -> None:
        """A note's findings are at the note's line (47), not its question's (46); the box's
        status at the score line it is printed on."""
        text = kazakhstan_2021_text.replace("improved from 1 to 2", "declined from 1 to 3")
        text = text.replace("32 100 not free", "32 100 free", 1)
        result = parse_report(text, edition=2021, source="kz.txt")
        assert [(f.code, f.location.line) for f in result.findings if f.severity.rank > 0] == [
            ("facts-score-mismatch", 416),
            ("facts-status-mismatch", 416),
            ("score-change-direction", 47),
            ("score-change-mismatch", 47),
        ]

    def test_facts_statuses_at_odds(self, kazakhstan_2021_text: str) -> None:
        """A status line at odds with the score line's is kept as a leftover, said, and
        printed back in its place."""
        text = kazakhstan_2021_text.replace("23 100 not free -", "23 100 partly free -", 1)
        result = parse_report(text, edition=2021, source="kz.txt")
        assert result.report.facts is not None
        assert result.report.facts.freedom_in_the_world_status is Status.PARTLY_FREE
        (found,) = [f for f in result.findings if f.code == "leftover-text"]
        said = "'Freedom in the World Status' says Not Free, but the 'Global Freedom Score' line"
        assert (found.location.line, found.message) == (
            418,
            f"{said} says Partly Free: 'Not Free -'",
        )
        assert render_report(result.report) == text  # the box printed back as it was

    def test_facts_score_without_status_printed_back(self, kazakhstan_2021_text: str) -> None:
        """A score line printed without its status comes back without it."""
        text = kazakhstan_2021_text.replace("23 100 not free -", "23 100 -", 1)
        report = parse_report(text, edition=2021).report
        assert report.facts is not None
        assert report.facts.freedom_in_the_world_status is Status.NOT_FREE  # its own line
        assert render_report(report) == text
        assert report.narrative is not None
        unchanged = parse_report(kazakhstan_2021_text, edition=2021).report.narrative
        assert unchanged is not None
        assert (len(report.narrative.facts_lines), unchanged.facts_lines) == (16, ())
        jsonschema.validate(json.loads(dumps(report)), json_schema())  # the format knows it

    def test_missing_country_said_once(self, kazakhstan_2021_text: str) -> None:
        """A copy without its first line lacks the country: said once, at line 1."""
        text = kazakhstan_2021_text.split("\n", 1)[1]
        found = parse_report(text, edition=2021, source="kz.txt").findings
        assert [(f.code, f.location.line) for f in found if f.code == "missing-country"] == [
            ("missing-country", 1)
        ]

    def test_second_note_said(self, kazakhstan_2021_text: str) -> None:
        """A second Score Change note of a question is kept as text and said, not lost."""
        note = "Score Change: The score improved from 1 to 2"
        text = kazakhstan_2021_text.replace(note, "Score Change: It declined from 3 to 2.\n" + note)
        result = parse_report(text, edition=2021, source="kz.txt")
        found = [(f.code, f.location.line) for f in result.findings if f.code.endswith("change")]
        assert found == [("unreadable-score-change", 48)]
        assert render_report(result.report) == text

    def test_round_trip(self, kazakhstan_2021_text: str) -> None:
        """render_report(parse_report(text)) is the text, byte for byte."""
        assert kazakhstan_2021_text == render_report(
            parse_report(kazakhstan_2021_text, edition=2021).report
        )

    @pytest.mark.parametrize(
        "variant",
        [lambda t: "\ufeff" + t.replace("\n", "\r\n"),
         lambda t: t.replace("5.005 6.006", "5 / 6").replace("2.002 3.003", "2/3"),
         lambda t: t.replace("5.005 6.006", "5.00 6.00"),
         lambda t: t.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"'),
         lambda t: t.replace("Does the online information landscape", "DOES the  online information landscape")],
    )  # fmt: skip
    def test_variants(self, kazakhstan_2021_text: str, variant: object) -> None:
        """CRLF with a BOM, '5 / 6' and '5.00 6.00' notation, straight quotes, case and spacing."""
        assert callable(variant)
        report = parse_report(variant(kazakhstan_2021_text), edition=2021).report
        assert KZ_SCORES == dict(report.scores)
        assert report.narrative is not None
        assert () == report.narrative.leftovers

    def test_crlf_round_trip(self, kazakhstan_2021_text: str) -> None:
        """A CRLF copy with a BOM prints back as the LF text."""
        copy = "\ufeff" + kazakhstan_2021_text.replace("\n", "\r\n")
        assert kazakhstan_2021_text == render_report(parse_report(copy, edition=2021).report)

    def test_missing_section(self, kazakhstan_2021_text: str) -> None:
        """A copy missing B4's section reports B4 by id."""
        lines = kazakhstan_2021_text.split("\n")
        start, end = (
            line_of(kazakhstan_2021_text, "Do online journalists"),
            line_of(kazakhstan_2021_text, "Are online sources"),
        )
        damaged = "\n".join(lines[: start - 1] + lines[end - 1 :])
        assert ("missing-question", None, "B4") in problems(damaged)

    def test_score_above_maximum(self, kazakhstan_2021_text: str) -> None:
        """A copy with A2 scored 4 of 3 reports A2 at its line."""
        damaged = kazakhstan_2021_text.replace("2.002 3.003", "4.004 3.003")
        assert [("score-out-of-range", 25, "A2")] == problems(damaged)


class TestParseCodes:
    """One failing and one passing text for each parse finding code."""

    @pytest.mark.parametrize(
        ("code", "damage", "start", "where"),
        [("unmatched-question-line", lambda t: t.replace("\nIs access", "\nIs the moon cheese? | 1.001 2.002 |\nIs access"), "Is the moon", None),
         ("unreadable-score", lambda t: t.replace("2.002 3.003", "two 3"), "Is access", "A2"),
         ("max-mismatch", lambda t: t.replace("2.002 3.003", "2.002 4.004"), "Is access", "A2"),
         ("missing-header", lambda t: t.replace("B Limits on Content | 11 35 |\n", ""), None, "B"),
         ("missing-facts", lambda t: t[: t.index("Country Facts")], None, None),
         ("unreadable-score-change", lambda t: t.replace("Score Change: The score improved from 1 to 2.", "Score Change: It moved."), "Score Change", "A3"),
         ("leftover-text", lambda t: t.replace("Country Facts\n-\n", "Country Facts\n-\nFavourite Colour\nBlue -\n"), "Favourite", None)],
    )  # fmt: skip
    def test_fires_and_quiet(
        self, code: str, damage: object, start: str | None, where: str | None
    ) -> None:
        """The damaged text reports the code where the damage is; the intact one does not."""
        assert callable(damage)
        intact = synthetic()
        assert code not in [c for c, _, _ in problems(intact)]
        damaged = damage(intact)
        assert damaged != intact
        line = line_of(damaged, start) if start else None
        assert (code, line, where) in problems(damaged)

    def test_every_parse_code_covered(self) -> None:
        """The cases above cover every parse code of the catalogue."""
        covered = {"unmatched-question-line", "unreadable-score", "max-mismatch", "missing-header",
                   "missing-facts", "unreadable-score-change", "leftover-text"}  # fmt: skip
        assert covered == {c for c, k in CATALOGUE.items() if k.group == "parse"}

    def test_fraction(self) -> None:
        """A fractional printed score is not a whole number; the question is not also 'missing'."""
        damaged = synthetic().replace("2.002 3.003", "2.50 3.00")
        assert [("not-whole-number", line_of(damaged, "Is access"), "A2")] == [
            p for p in problems(damaged) if p[0] != "facts-score-mismatch"
        ]

    def test_duplicate(self) -> None:
        """A question printed twice is reported at its second line."""
        text = synthetic()
        a2 = next(line for line in text.split("\n") if line.startswith("Is access"))
        damaged = text.replace("Country Facts", f"{a2}\nCountry Facts")
        assert ("duplicate-question", line_of(damaged, "Country Facts") - 1, "A2") in problems(
            damaged
        )


class TestEdition:
    def test_from_coverage(self) -> None:
        """The edition and coverage are read from a stated coverage period."""
        text = synthetic().replace(
            "Country Facts", "This report covers June 1, 2020 \u2013 May 31, 2021.\nCountry Facts"
        )
        report = parse_report(text).report
        assert (2021, dt.date(2020, 6, 1), dt.date(2021, 5, 31)) == (
            report.edition, report.coverage and report.coverage.start, report.coverage and report.coverage.end
        )  # fmt: skip

    def test_required(self) -> None:
        """Without a stated period or an argument, the error asks for the edition, in the API's words."""
        with pytest.raises(EditionRequiredError, match=r"parse_report\(text, edition=YEAR\)"):
            parse_report(synthetic(), source="s.txt")

    def test_required_on_the_command_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The command line asks for --edition."""
        path = tmp_path / "report.txt"
        path.write_text(synthetic(), encoding="utf-8")
        assert 2 == main(["parse", str(path)])
        assert "pass --edition YEAR" in capsys.readouterr().err

    @pytest.mark.parametrize("edition", [2015, 2010])
    def test_not_question_level(self, edition: int) -> None:
        """Legacy and uncovered editions have no question text to read."""
        with pytest.raises((ParseError, UnknownEditionError)):
            parse_report(synthetic(), edition=edition)


class TestNotAReport:
    @pytest.mark.parametrize("text", ["", "\n\n", "hello\nworld", '{"country": "K"}', "a | b"])
    def test_parse_error(self, text: str) -> None:
        """Text that is not a report raises ParseError with line and column."""
        with pytest.raises(ParseError) as error:
            parse_report(text, edition=2021, source="x")
        assert (1, 1) == (error.value.location.line, error.value.location.column)

    @given(st.text(max_size=300))
    def test_arbitrary_text(self, text: str) -> None:
        """Arbitrary text gives a result with findings or a ParseError, nothing else."""
        try:
            result = parse_report(text, edition=2021)
        except ParseError:
            return
        assert isinstance(result.report, CountryReport)

    @given(st.lists(st.sampled_from(["| 1 2 |", "A Obstacles | 1 25 |", "Country Facts", "-", "Yes -",
                                     "Score Change: improved from 1 to 2", "- 1note", "- bullet", "",
                                     "Internet Freedom Score", "x 100 free"]), max_size=30))  # fmt: skip
    def test_report_shaped_noise(self, lines: list[str]) -> None:
        """Lines shaped like report parts, in any order, never crash the parser."""
        with contextlib.suppress(ParseError):
            parse_report("\n".join(lines), edition=2021)


class TestProperties:
    @given(reports_with_narrative())
    def test_render_parse(self, report: CountryReport) -> None:
        """A generated report survives render -> parse unchanged."""
        text = render_report(report)
        assert report == parse_report(text, edition=report.edition).report

    @given(reports_with_narrative(), st.sampled_from([q.id for q in MODERN.questions]))
    def test_removed_section(self, report: CountryReport, question: str) -> None:
        """Removing any one question's section yields a finding naming it."""
        assert report.narrative is not None
        sections = tuple(s for s in report.narrative.sections if s.question != question)
        damaged = attrs.evolve(report, narrative=attrs.evolve(report.narrative, sections=sections))
        findings = parse_report(render_report(damaged), edition=report.edition).findings
        assert ("missing-question", question) in [(f.code, f.location.question) for f in findings]

    def test_wording_key(self) -> None:
        """Matching ignores case, spacing and quote style."""
        assert wording_key("Users\u2019  “Rights”") == wording_key('users\' "rights"')


class TestRenderWithoutNarrative:
    def test_example(self) -> None:
        """The bundled example (no narrative) prints with the methodology's wording and parses back."""
        example = load_example("kazakhstan-2021")
        text = render_report(example)
        assert text.startswith("Kazakhstan\nA Obstacles to Access | 11 25 |\n")
        assert "Score Change: The score improved from 1 to 2.\n" in text
        parsed = parse_report(text, edition=2021).report
        assert (dict(example.scores), example.facts) == (dict(parsed.scores), parsed.facts)


class TestCli:
    def run(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "netfreedom", *args], input=stdin,
                              capture_output=True, text=True, check=False)  # fmt: skip

    def test_parse_then_score(self, kazakhstan_2021_text: str, tmp_path: Path) -> None:
        """parse REPORT --edition 2021 | score - gives 11/11/11 = 33, Not Free."""
        path = tmp_path / "kz.txt"
        path.write_text(kazakhstan_2021_text, encoding="utf-8")
        parsed = self.run("parse", str(path), "--edition", "2021")
        assert 0 == parsed.returncode
        scored = self.run("score", "-", "--format", "json", stdin=parsed.stdout)
        card = json.loads(scored.stdout)
        assert ([11, 11, 11], 33, "Not Free") == (
            [c["score"] for c in card["categories"].values()],
            card["total"],
            card["status"],
        )

    def test_outputs(self, tmp_path: Path) -> None:
        """-o writes the file; --scores-only the minimal form; --format text the report."""
        path = tmp_path / "r.txt"
        path.write_text(synthetic(), encoding="utf-8")
        out = tmp_path / "r.json"
        assert 0 == self.run("parse", str(path), "--edition", "2021", "-o", str(out)).returncode
        assert "Freedonia" == json.loads(out.read_text(encoding="utf-8"))["country"]
        minimal = json.loads(
            self.run("parse", str(path), "--edition", "2021", "--scores-only").stdout
        )
        assert {"country": "Freedonia", "edition": 2021, "scores": KZ_SCORES} == minimal
        assert (
            synthetic()
            == self.run(
                "parse", "-", "--edition", "2021", "--format", "text", stdin=synthetic()
            ).stdout
        )

    @pytest.mark.parametrize(
        ("stdin", "args", "message"),
        [("hello\n", ["--edition", "2021"], "not a Freedom on the Net report"),
         (None, [], "--edition YEAR")],
    )  # fmt: skip
    def test_unusable(self, stdin: str | None, args: list[str], message: str) -> None:
        """Non-reports and a missing edition exit 2 with one line, no traceback."""
        result = self.run("parse", "-", *args, stdin=stdin if stdin is not None else synthetic())
        assert (2, "") == (result.returncode, result.stdout)
        assert message in result.stderr
        assert "Traceback" not in result.stderr

    def test_damaged_exits_1(self) -> None:
        """A damaged copy prints the dataset, reports the problem and exits 1."""
        damaged = synthetic().replace("2.002 3.003", "4.004 3.003")
        result = self.run("parse", "-", "--edition", "2021", stdin=damaged)
        assert 1 == result.returncode
        assert "A2 scores 4, outside 0..3 [score-out-of-range]" in result.stderr
