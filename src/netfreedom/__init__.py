"""Freedom on the Net reports and Freedom in the World data: typed, validated, computable.

Names are imported from their modules on first use, so that ``import netfreedom`` stays
light: a command or script pays only for the parts it uses.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netfreedom.aggregation import (
        category_totals,
        score,
        to_modern_scale,
    )
    from netfreedom.bulk import (
        BulkDataset,
        bulk_loads,
        read_bulk,
    )
    from netfreedom.changes import (
        Change,
        ReportDelta,
        StatusChange,
    )
    from netfreedom.converter import (
        configure_converter,
        get_converter,
        make_converter,
    )
    from netfreedom.crosscheck import (
        country_aliases,
        cross_check,
    )
    from netfreedom.dataset import (
        Dataset,
        DatasetError,
        Entry,
        dumps,
        example_names,
        load_example,
        load_reports,
        loads,
        read_dataset,
        read_text,
        report_to_dict,
    )
    from netfreedom.deltas import (
        ComparisonError,
        compare,
    )
    from netfreedom.errors import (
        EditionRequiredError,
        LoadError,
        MethodologyError,
        NetfreedomError,
        ParseError,
        ScoringError,
        SourceLocation,
        UnknownEditionError,
        UnknownExampleError,
        UnknownMethodologyError,
    )
    from netfreedom.findings import (
        CATALOGUE,
        Finding,
        FindingKind,
        Location,
        Severity,
        ValidationError,
        ValidationReport,
    )
    from netfreedom.methodologies import (
        builtin_ids,
        get_methodology,
        indexes,
        load_methodology,
        methodology_for_edition,
    )
    from netfreedom.methodology import (
        Adjustment,
        Category,
        Designation,
        EditionRange,
        Effect,
        Group,
        Methodology,
        Question,
        Rating,
        RatingBand,
        Scale,
        Status,
        StatusBand,
        Threshold,
    )
    from netfreedom.notes import reconcile_notes
    from netfreedom.panel import (
        Panel,
        PanelDeltas,
    )
    from netfreedom.parsing import (
        ParseResult,
        parse_report,
    )
    from netfreedom.rendering import (
        render_report,
    )
    from netfreedom.reports import (
        ChangeDirection,
        CountryFacts,
        CountryReport,
        CoveragePeriod,
        Leftover,
        LineKind,
        Narrative,
        NotWholeNumberError,
        PublishedFigures,
        ScoreChange,
        ScoreNotation,
        Section,
        TextLine,
    )
    from netfreedom.schemas import (
        json_schema,
    )
    from netfreedom.scorecard import (
        AdjustmentScore,
        CategoryScore,
        GroupScore,
        Scorecard,
    )
    from netfreedom.table import (
        Table,
    )
    from netfreedom.validation import (
        ExpectationError,
        Expected,
        Target,
        validate,
    )
    from netfreedom.workbook import write_workbook

#: Where each public name lives.
_MODULES = {
    "Adjustment": "netfreedom.methodology",
    "AdjustmentScore": "netfreedom.scorecard",
    "BulkDataset": "netfreedom.bulk",
    "CATALOGUE": "netfreedom.findings",
    "Category": "netfreedom.methodology",
    "CategoryScore": "netfreedom.scorecard",
    "Change": "netfreedom.changes",
    "ChangeDirection": "netfreedom.reports",
    "ComparisonError": "netfreedom.deltas",
    "CountryFacts": "netfreedom.reports",
    "CountryReport": "netfreedom.reports",
    "CoveragePeriod": "netfreedom.reports",
    "Dataset": "netfreedom.dataset",
    "DatasetError": "netfreedom.dataset",
    "Designation": "netfreedom.methodology",
    "EditionRange": "netfreedom.methodology",
    "EditionRequiredError": "netfreedom.errors",
    "Effect": "netfreedom.methodology",
    "Entry": "netfreedom.dataset",
    "ExpectationError": "netfreedom.validation",
    "Expected": "netfreedom.validation",
    "Finding": "netfreedom.findings",
    "FindingKind": "netfreedom.findings",
    "Group": "netfreedom.methodology",
    "GroupScore": "netfreedom.scorecard",
    "Leftover": "netfreedom.reports",
    "LineKind": "netfreedom.reports",
    "LoadError": "netfreedom.errors",
    "Location": "netfreedom.findings",
    "Methodology": "netfreedom.methodology",
    "MethodologyError": "netfreedom.errors",
    "Narrative": "netfreedom.reports",
    "NetfreedomError": "netfreedom.errors",
    "NotWholeNumberError": "netfreedom.reports",
    "Panel": "netfreedom.panel",
    "PanelDeltas": "netfreedom.panel",
    "ParseError": "netfreedom.errors",
    "ParseResult": "netfreedom.parsing",
    "PublishedFigures": "netfreedom.reports",
    "Question": "netfreedom.methodology",
    "Rating": "netfreedom.methodology",
    "RatingBand": "netfreedom.methodology",
    "ReportDelta": "netfreedom.changes",
    "Scale": "netfreedom.methodology",
    "ScoreChange": "netfreedom.reports",
    "ScoreNotation": "netfreedom.reports",
    "Scorecard": "netfreedom.scorecard",
    "ScoringError": "netfreedom.errors",
    "Section": "netfreedom.reports",
    "Severity": "netfreedom.findings",
    "SourceLocation": "netfreedom.errors",
    "Status": "netfreedom.methodology",
    "StatusBand": "netfreedom.methodology",
    "StatusChange": "netfreedom.changes",
    "Table": "netfreedom.table",
    "Target": "netfreedom.validation",
    "TextLine": "netfreedom.reports",
    "Threshold": "netfreedom.methodology",
    "UnknownEditionError": "netfreedom.errors",
    "UnknownExampleError": "netfreedom.errors",
    "UnknownMethodologyError": "netfreedom.errors",
    "ValidationError": "netfreedom.findings",
    "ValidationReport": "netfreedom.findings",
    "builtin_ids": "netfreedom.methodologies",
    "bulk_loads": "netfreedom.bulk",
    "category_totals": "netfreedom.aggregation",
    "compare": "netfreedom.deltas",
    "configure_converter": "netfreedom.converter",
    "country_aliases": "netfreedom.crosscheck",
    "cross_check": "netfreedom.crosscheck",
    "dumps": "netfreedom.dataset",
    "example_names": "netfreedom.dataset",
    "get_converter": "netfreedom.converter",
    "get_methodology": "netfreedom.methodologies",
    "indexes": "netfreedom.methodologies",
    "json_schema": "netfreedom.schemas",
    "load_example": "netfreedom.dataset",
    "load_methodology": "netfreedom.methodologies",
    "load_reports": "netfreedom.dataset",
    "loads": "netfreedom.dataset",
    "make_converter": "netfreedom.converter",
    "methodology_for_edition": "netfreedom.methodologies",
    "parse_report": "netfreedom.parsing",
    "read_bulk": "netfreedom.bulk",
    "read_dataset": "netfreedom.dataset",
    "read_text": "netfreedom.dataset",
    "reconcile_notes": "netfreedom.notes",
    "render_report": "netfreedom.rendering",
    "report_to_dict": "netfreedom.dataset",
    "score": "netfreedom.aggregation",
    "to_modern_scale": "netfreedom.aggregation",
    "validate": "netfreedom.validation",
    "write_workbook": "netfreedom.workbook",
}

__all__ = [
    "CATALOGUE",
    "Adjustment",
    "AdjustmentScore",
    "BulkDataset",
    "Category",
    "CategoryScore",
    "Change",
    "ChangeDirection",
    "ComparisonError",
    "CountryFacts",
    "CountryReport",
    "CoveragePeriod",
    "Dataset",
    "DatasetError",
    "Designation",
    "EditionRange",
    "EditionRequiredError",
    "Effect",
    "Entry",
    "ExpectationError",
    "Expected",
    "Finding",
    "FindingKind",
    "Group",
    "GroupScore",
    "Leftover",
    "LineKind",
    "LoadError",
    "Location",
    "Methodology",
    "MethodologyError",
    "Narrative",
    "NetfreedomError",
    "NotWholeNumberError",
    "Panel",
    "PanelDeltas",
    "ParseError",
    "ParseResult",
    "PublishedFigures",
    "Question",
    "Rating",
    "RatingBand",
    "ReportDelta",
    "Scale",
    "ScoreChange",
    "ScoreNotation",
    "Scorecard",
    "ScoringError",
    "Section",
    "Severity",
    "SourceLocation",
    "Status",
    "StatusBand",
    "StatusChange",
    "Table",
    "Target",
    "TextLine",
    "Threshold",
    "UnknownEditionError",
    "UnknownExampleError",
    "UnknownMethodologyError",
    "ValidationError",
    "ValidationReport",
    "__version__",
    "builtin_ids",
    "bulk_loads",
    "category_totals",
    "compare",
    "configure_converter",
    "country_aliases",
    "cross_check",
    "dumps",
    "example_names",
    "get_converter",
    "get_methodology",
    "indexes",
    "json_schema",
    "load_example",
    "load_methodology",
    "load_reports",
    "loads",
    "make_converter",
    "methodology_for_edition",
    "parse_report",
    "read_bulk",
    "read_dataset",
    "read_text",
    "reconcile_notes",
    "render_report",
    "report_to_dict",
    "score",
    "to_modern_scale",
    "validate",
    "write_workbook",
]


def __getattr__(name: str) -> Any:  # noqa: ANN401 - the value of any public name
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415 - only when asked for

        return version("netfreedom")
    if name not in _MODULES:
        raise AttributeError(f"module 'netfreedom' has no attribute {name!r}")
    value = getattr(importlib.import_module(_MODULES[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
