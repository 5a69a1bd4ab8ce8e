"""The public API types as users expect (checked by mypy --strict; the asserts run too)."""

from __future__ import annotations

from typing import assert_type

import netfreedom as nf


class TestTypes:
    def test_public_api(self) -> None:
        """Functions return the documented types."""
        report = assert_type(nf.load_example("kazakhstan-2021"), nf.CountryReport)
        card = assert_type(nf.score(report), nf.Scorecard)
        assert_type(card.status, nf.Status)
        assert_type(nf.to_modern_scale(card), nf.Scorecard)
        dataset = assert_type(nf.read_dataset("kazakhstan-2021"), nf.Dataset)
        result = assert_type(dataset.validate(), nf.ValidationReport)
        assert_type(result.findings, tuple[nf.Finding, ...])
        assert_type(nf.validate([report]), nf.ValidationReport)
        assert_type(nf.compare(report, report, allow_same_edition=True), nf.ReportDelta)
        assert_type(dataset.panel(), nf.Panel)
        assert_type(nf.read_bulk("kazakhstan-2021"), nf.BulkDataset)
        assert_type(nf.methodology_for_edition(2021), nf.Methodology)
        assert_type(nf.dumps(report), str)
        assert 33 == card.total
