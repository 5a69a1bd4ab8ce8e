"""Freedom on the Net country reports as typed, validated, computable data."""

from importlib.metadata import version as _version

from netfreedom.aggregation import category_totals, score, to_modern_scale
from netfreedom.converter import configure_converter, get_converter, make_converter
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
    report_to_dict,
)
from netfreedom.errors import (
    LoadError,
    MethodologyError,
    NetfreedomError,
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
    load_methodology,
    methodology_for_edition,
)
from netfreedom.methodology import (
    Category,
    EditionRange,
    Methodology,
    Question,
    Scale,
    Status,
    StatusBand,
)
from netfreedom.reports import (
    ChangeDirection,
    CountryFacts,
    CountryReport,
    CoveragePeriod,
    PublishedFigures,
    ScoreChange,
)
from netfreedom.scorecard import CategoryScore, Scorecard
from netfreedom.validation import Expected, Target, validate

__version__ = _version("netfreedom")

__all__ = [
    "CATALOGUE",
    "Category",
    "CategoryScore",
    "ChangeDirection",
    "CountryFacts",
    "CountryReport",
    "CoveragePeriod",
    "Dataset",
    "DatasetError",
    "EditionRange",
    "Entry",
    "Expected",
    "Finding",
    "FindingKind",
    "LoadError",
    "Location",
    "Methodology",
    "MethodologyError",
    "NetfreedomError",
    "PublishedFigures",
    "Question",
    "Scale",
    "ScoreChange",
    "Scorecard",
    "ScoringError",
    "Severity",
    "SourceLocation",
    "Status",
    "StatusBand",
    "Target",
    "UnknownEditionError",
    "UnknownExampleError",
    "UnknownMethodologyError",
    "ValidationError",
    "ValidationReport",
    "__version__",
    "builtin_ids",
    "category_totals",
    "configure_converter",
    "dumps",
    "example_names",
    "get_converter",
    "get_methodology",
    "load_example",
    "load_methodology",
    "load_reports",
    "loads",
    "make_converter",
    "methodology_for_edition",
    "read_dataset",
    "report_to_dict",
    "score",
    "to_modern_scale",
    "validate",
]
