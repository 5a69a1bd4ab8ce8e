"""A panel edited step by step always gives what a recomputation from scratch gives."""

from __future__ import annotations

import itertools
import json

import attrs
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from netfreedom import CountryReport, Panel, dumps, loads, score
from netfreedom.bulk import bulk_loads
from strategies import MODERN, question_level_reports

COUNTRIES = ["Aland", "Borduria", "Carpania"]


class PanelMachine(RuleBasedStateMachine):
    """Add, edit and remove reports; check totals, deltas and findings every step."""

    def __init__(self) -> None:
        super().__init__()
        self.reports: dict[tuple[str, int], CountryReport] = {}

    @rule(report=question_level_reports(), country=st.sampled_from(COUNTRIES))
    def add(self, report: CountryReport, country: str) -> None:
        """Add (or replace) a country's report for an edition."""
        report = attrs.evolve(report, country=country)
        self.reports[report.key] = report

    @rule(data=st.data())
    def edit(self, data: st.DataObject) -> None:
        """Change one question's score in one report."""
        if self.reports:
            key = data.draw(st.sampled_from(sorted(self.reports)))
            question = data.draw(st.sampled_from(MODERN.questions))
            points = data.draw(st.integers(0, question.max))
            report = self.reports[key]
            self.reports[key] = attrs.evolve(report, scores={**report.scores, question.id: points})

    @rule(data=st.data())
    def remove(self, data: st.DataObject) -> None:
        """Remove one report."""
        if self.reports:
            del self.reports[data.draw(st.sampled_from(sorted(self.reports)))]

    @invariant()
    def totals_are_sums(self) -> None:
        """Every row's total is the sum of its questions."""
        rows = Panel(self.reports.values()).rows()
        assert {(r["country"], r["edition"]): r["total"] for r in rows} == {
            key: sum(report.scores.values()) for key, report in self.reports.items()
        }

    @invariant()
    def deltas_are_differences(self) -> None:
        """Deltas are the differences of consecutive editions' totals, recomputed by hand."""
        expected = []
        for country in COUNTRIES:
            editions = sorted(e for c, e in self.reports if c == country)
            for before, after in itertools.pairwise(editions):
                old, new = self.reports[country, before], self.reports[country, after]
                expected.append((country, before, after, score(new).total - score(old).total))
        deltas = Panel(self.reports.values()).deltas().deltas
        assert expected == [
            (d.country, d.previous_edition, d.current_edition, d.total.delta) for d in deltas
        ]

    @invariant()
    def findings_from_scratch(self) -> None:
        """Findings and rows do not depend on order or on the reading path."""
        items = list(self.reports.values())
        shuffled = items[::-1]
        forward = loads(dumps(items)).validate()
        assert [(f.code, f.location.country, f.location.edition) for f in forward.findings] == [
            (f.code, f.location.country, f.location.edition)
            for f in loads(dumps(shuffled)).validate().findings
        ]
        text = json.dumps(json.loads(dumps(items)))
        assert forward == bulk_loads(text).validate()


TestPanelMachine = PanelMachine.TestCase
