"""Rules defined once: the registry, column forms that never miss, and a rule added alone."""

from __future__ import annotations

import csv
import json
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netfreedom import CATALOGUE, Finding, ScoringError, Severity, score, validation
from netfreedom._reading.rows import Decoded, shapes
from netfreedom.cli import main
from netfreedom.findings import Location, field_path
from netfreedom.validation import RULES, Context, Rule, Target, check_report
from strategies import FIW_HEADER, FIW_ROWS, LEGACY, MODERN, fiw_csv

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from netfreedom import CountryReport, Scorecard
    from netfreedom.batch import Batch

QUESTIONS = [q.id for q in MODERN.questions]


class TestRegistry:
    def test_no_rule_lacks_a_column_form(self) -> None:
        """The rules that have no column form yet (each sends its batches to the object path)."""
        assert [] == [r.codes for r in RULES if r.columns is None]

    def test_codes_are_catalogued(self) -> None:
        """Every code a rule reports is in the catalogue, and each rule is registered once."""
        codes = [code for r in RULES for code in r.codes]
        assert set(codes) <= set(CATALOGUE)
        assert len({r.check for r in RULES}) == len(RULES)


@st.composite
def batch_rows(draw: st.DrawFn) -> dict[str, Any]:
    """A simple record as a batch takes it: figures often in range, sometimes not."""
    legacy = draw(st.booleans())
    items = LEGACY.categories if legacy else MODERN.questions
    figures = {
        item.id: draw(st.integers(item.min, item.max) | st.integers(-3, item.max + 3))
        for item in items
    }
    return {
        "country": draw(st.sampled_from(["Aland", " ", "", "Borduria "])),
        "edition": draw(st.integers(2011, 2018) if legacy else st.integers(2019, 2024)),
        "figures": figures,
        "questions": not legacy,
    }


def _batches(rows: list[dict[str, Any]]) -> list[Batch]:
    field = {True: "scores", False: "categories"}
    records = [
        {"country": r["country"], "edition": r["edition"], field[r["questions"]]: r["figures"]}
        for r in rows
    ]
    decoded = Decoded.of([shapes().one.decode(json.dumps(record)) for record in records])
    batches, rest = decoded.gather(range(len(rows)))
    assert rest == []
    return batches


def _card(report: CountryReport) -> Scorecard | None:
    try:
        return score(report)
    except ScoringError:
        return None


class TestColumnForms:
    @given(st.lists(batch_rows(), max_size=30))
    def test_never_miss(self, rows: list[dict[str, Any]]) -> None:
        """A row a rule's column form does not name has none of that rule's findings."""
        for batch in _batches(rows):
            for rule in RULES:
                assert rule.columns is not None
                named = set(rule.columns(batch))
                for row in set(range(len(batch))) - named:
                    report = batch.report(row)
                    card = _card(report)
                    if card is None and rule.scored:
                        continue
                    context = Context(Target(report, Location()), batch.methodology, card)
                    assert [] == list(rule.check(context)), (rule.codes, report)

    @given(st.lists(batch_rows(), max_size=30))
    def test_screen_names_every_row_with_findings(self, rows: list[dict[str, Any]]) -> None:
        """The rows `screen` lets through are valid reports."""
        for batch in _batches(rows):
            flagged = validation.screen(batch)
            assert flagged is not None
            for row in set(range(len(batch))) - flagged:
                assert check_report(Target(batch.report(row), Location()))[1] == []

    def test_worked_out_once(self) -> None:
        """What a batch works out is kept for it and a renumbering, not for fewer rows."""
        rows = [
            {
                "country": "K",
                "edition": 2021,
                "figures": dict.fromkeys(QUESTIONS, 1),
                "questions": True,
            }
            for _ in range(3)
        ]
        (batch,) = _batches(rows)
        calls: list[int] = []

        def totals(of: Batch) -> list[int]:
            calls.append(len(of))
            return of.cards().totals

        assert batch.once(totals) is batch.once(totals)
        assert batch.numbered([7, 8, 9]).once(totals) is batch.once(totals)
        assert batch.without({0}).once(totals) == [21, 21]
        assert calls == [3, 2]


@st.composite
def published_tables(draw: st.DrawFn) -> str:
    """A CSV table of question scores with a published total and status, often agreeing."""
    lines = [",".join(["country", "edition", *QUESTIONS, "total", "status"])]
    for n in range(draw(st.integers(1, 12))):
        scores = [
            draw(st.integers(q.min, q.max) | st.integers(-2, q.max + 2)) for q in MODERN.questions
        ]
        computed = sum(scores)
        total = draw(st.sampled_from([computed, computed, computed + 1, "", 250, -5]))
        status = draw(st.sampled_from(["", "F", "PF", "NF", "partly free"]))
        lines.append(",".join([f"C{n}", "2021", *map(str, scores), str(total), status]))
    return "\n".join(lines) + "\n"


@st.composite
def fiw_tables(draw: st.DrawFn) -> str:
    """Freedom House's FIW layout, real rows with figures often nudged, sometimes far."""
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        row = list(draw(st.sampled_from(FIW_ROWS)))
        for _ in range(draw(st.integers(0, 3))):
            column = draw(st.sampled_from(range(4, len(FIW_HEADER))))
            if row[column].lstrip("-").isdigit():
                nudge = draw(st.sampled_from([-1, 1, -1, 1, 9, -40]))
                row[column] = str(int(row[column]) + nudge)
        rows.append(row)
    return fiw_csv(rows)


class TestMadeFromColumns:
    @given(published_tables() | fiw_tables())
    def test_made_findings_are_the_checks(self, text: str) -> None:
        """A row a column form does not name has, from each rule, just what `made` gives.

        FOTN rows with a published total and status, and FIW rows in Freedom House's layout.
        """
        from netfreedom._reading.csvfile import read_csv  # noqa: PLC0415 - the reader

        read = read_csv(text, "t")
        for batch in read.batches:
            for rule in RULES:
                assert rule.columns is not None
                named = set(rule.columns(batch))
                located = _by_line(batch)
                pending = rule.made(batch, located) if rule.made else None
                made = pending.make(range(len(pending.places))) if pending else []
                # each pending finding's place is its report's, as findings are ordered
                assert [_place(f) for f in made] == list(pending.places if pending else [])
                for row in set(range(len(batch))) - named:
                    report = batch.report(row)
                    card = _card(report)
                    if card is None and rule.scored:
                        continue
                    target = Target(report, located(row, None))
                    context = Context(target, batch.methodology, card)
                    expected = [f for f in made if f.location.line == row]
                    assert expected == list(rule.check(context)), (rule.codes, report)


def _by_line(batch: Batch) -> Callable[[int, str | None], Location]:
    """A batch's rows located by their number as a line (and a field, by its path)."""

    def locate(row: int, key: str | None) -> Location:
        path = None if key is None else field_path(None, key)
        country, edition = batch.countries[row], batch.editions[row]
        return Location(source="t", country=country, edition=edition, line=row, path=path)

    return locate


def _place(finding: Finding) -> tuple[str, str, int]:
    where = finding.location
    return (where.source or "", where.country or "", where.edition or 0)


def _throwaway(c: Context) -> Iterator[Finding]:
    """Reports of Country 00007 are flagged, whatever their figures."""
    if c.report.country == "Country 00007":
        yield Finding(
            code="throwaway",
            severity=Severity.ERROR,
            location=c.where,
            message="a rule added to the definitions only",
        )


def _throwaway_columns(batch: Batch) -> list[int]:
    return [n for n, country in enumerate(batch.countries) if country == "Country 00007"]


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """100,000 simple reports as CSV and as JSON (one in a hundred out of range)."""
    folder = tmp_path_factory.mktemp("large")
    records: list[dict[str, Any]] = []
    for n in range(100_000):
        scores = {q.id: (n + k) % (q.max + 1) for k, q in enumerate(MODERN.questions)}
        if n % 100 == 3:
            scores["C8"] = 9
        records.append(
            {"country": f"Country {n // 8:05d}", "edition": 2019 + n % 8, "scores": scores}
        )
    paths = {"json": folder / "large.json", "csv": folder / "large.csv"}
    paths["json"].write_text(json.dumps(records), encoding="utf-8")
    with paths["csv"].open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["country", "edition", *QUESTIONS])
        writer.writerows([r["country"], r["edition"], *r["scores"].values()] for r in records)
    return paths


class TestAddedRule:
    """A rule written in the definitions only takes effect in `netfreedom validate`."""

    @pytest.mark.parametrize("kind", ["csv", "json"])
    def test_seen_by_validate(
        self,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
        large: dict[str, Path],
        kind: str,
    ) -> None:
        """On 100,000 reports, the rule with its column form."""
        rule = Rule(("throwaway",), _throwaway, _throwaway_columns)
        monkeypatch.setattr(validation, "RULES", [*RULES, rule])
        assert 1 == main(["validate", str(large[kind]), "--format", "json"])
        _same_findings(capsys.readouterr().out, 100_000)

    @pytest.mark.parametrize("kind", ["csv", "json"])
    def test_without_column_form(
        self,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
        large: dict[str, Path],
        kind: str,
        tmp_path: Path,
    ) -> None:
        """Without a column form, every batch steps aside to the object path: same findings."""
        monkeypatch.setattr(validation, "RULES", [*RULES, Rule(("throwaway",), _throwaway)])
        text = large[kind].read_text(encoding="utf-8")
        if kind == "csv":
            small = "\n".join(text.split("\n")[:10_001]) + "\n"
        else:
            small = json.dumps(json.loads(text)[:10_000])
        path = tmp_path / f"small.{kind}"
        path.write_text(small, encoding="utf-8")
        assert 1 == main(["validate", str(path), "--format", "json"])
        _same_findings(capsys.readouterr().out, 10_000)


def _same_findings(out: str, count: int) -> None:
    """The report counts the reports, the rule's 8 findings and one broken report in 100."""
    report = json.loads(out)
    assert (count, 8, count // 100) == (
        report["reports"],
        report["counts"]["by_code"]["throwaway"],
        report["counts"]["by_code"]["score-out-of-range"],
    )
    places = sorted(
        (f["location"]["country"], f["location"]["edition"])
        for f in report["findings"]
        if f["code"] == "throwaway"
    )
    assert [("Country 00007", 2019 + n) for n in range(8)] == places
