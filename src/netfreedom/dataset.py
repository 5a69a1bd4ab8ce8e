"""Reading and writing datasets: JSON, JSON Lines and CSV files, standard input, bundled examples.

Reading is lenient: every problem in the data becomes a located `Finding` and
the rest of the data is still read. Only input that cannot be read at all
(missing file, bad encoding, broken JSON or CSV syntax, empty input) raises a
`LoadError`, which always carries a location.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import attrs

from netfreedom._reading import read, read_all
from netfreedom._reading.records import build_report, row_located
from netfreedom._reading.sources import STDIN, example_names, expand, read_text
from netfreedom.converter import get_converter
from netfreedom.errors import NetfreedomError, UnknownExampleError
from netfreedom.findings import Finding
from netfreedom.reports import CountryReport
from netfreedom.validation import Target

if TYPE_CHECKING:
    import os
    from collections.abc import Iterable, Sequence

    from netfreedom._reading.source import Read
    from netfreedom.findings import ValidationReport
    from netfreedom.methodology import Methodology
    from netfreedom.panel import Panel
    from netfreedom.validation import Expected

__all__ = [
    "STDIN",
    "Dataset",
    "DatasetError",
    "Entry",
    "dumps",
    "example_names",
    "expand",
    "load_example",
    "load_reports",
    "loads",
    "read_dataset",
    "read_text",
    "report_to_dict",
]

#: A report read from a dataset, with where it came from (see `Target`).
Entry = Target


@attrs.frozen
class Dataset:
    """What reading one or more sources gave.

    Attributes:
        entries: The reports that could be built, in input order.
        findings: Problems met while reading, in input order.
    """

    entries: tuple[Entry, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def reports(self) -> tuple[CountryReport, ...]:
        """The reports alone."""
        return tuple(e.report for e in self.entries)

    def __add__(self, other: Dataset) -> Dataset:
        return Dataset(self.entries + other.entries, self.findings + other.findings)

    def panel(self) -> Panel:
        """The reports as a `Panel`, with their locations."""
        from netfreedom.panel import Panel  # noqa: PLC0415 - reading stays light

        return Panel(self.entries)

    def validate(
        self,
        *,
        expected: Expected | None = None,
        methodology: Methodology | None = None,
        fiw: Dataset | None = None,
    ) -> ValidationReport:
        """Run every validation rule; the report includes the problems met while reading.

        Args:
            expected: Figures every report is expected to have.
            methodology: Check against this methodology instead of the built-in ones.
            fiw: Freedom in the World data to check the Country Facts boxes against (see
                `netfreedom.crosscheck.cross_check`); its own findings are not included.
        """
        from netfreedom.findings import ValidationReport  # noqa: PLC0415 - reading stays light
        from netfreedom.validation import validate  # noqa: PLC0415 - reading stays light

        checked = validate(self.entries, expected=expected, methodology=methodology)
        findings = self.findings + checked.findings
        if fiw is not None:
            from netfreedom.crosscheck import cross_check  # noqa: PLC0415 - idem

            findings += tuple(cross_check(self.entries, fiw.entries))
        return ValidationReport(findings, checked.reports)


class DatasetError(NetfreedomError):
    """Raised by `load_reports` when the data has problems; read them in `findings`."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        lines = [f"{f.location}: {f.message} [{f.code}]" for f in findings]
        super().__init__(f"{len(findings)} problem(s) in the data:\n" + "\n".join(lines))
        self.findings = tuple(findings)


def read_dataset(*sources: str | os.PathLike[str], keep_going: bool = False) -> Dataset:
    """Read reports from files, directories, ``"-"`` (standard input) or bundled example names.

    A workbook (``.xlsx``, ``.xlsm``, or any file that is one) is read sheet by sheet
    (needs the ``excel`` extra). Otherwise the format follows the file name: ``.csv`` and
    ``.tsv`` are CSV, ``.json`` JSON, ``.jsonl``/``.ndjson`` JSON Lines; any other name, and
    standard input, is JSON Lines when its first line is an object followed by another, JSON when
    it starts with ``{`` or ``[``, CSV otherwise. A directory reads its dataset files
    (those endings; not hidden ones, nor workbooks' lock files), its subdirectories' too,
    in path order. A path that does not exist but names a bundled example reads it.

    Args:
        sources: What to read.
        keep_going: Report a source that cannot be read as an ``unreadable-source``
            finding and read the others (an error is raised only when none can be read).

    Raises:
        LoadError: A source cannot be read at all (with ``keep_going``: none can).
    """
    dataset = Dataset()
    for part in read_all(sources, keep_going=keep_going):
        if isinstance(part, Finding):
            dataset += Dataset(findings=(part,))
        else:
            dataset += _objects(part)
    return dataset


def _objects(read: Read) -> Dataset:
    """Every record of a source as a report (or findings), in input order."""
    entries: dict[int, Entry] = {}
    for batch in read.batches:
        for row, number in enumerate(batch.records):
            entries[number] = row_located(batch, row, read.locate)
    findings = list(read.findings)
    for number in sorted(read.records):
        where = read.locate(number)
        target, problems = build_report(read.records[number], where)
        findings += problems
        if target is not None:
            entries[number] = target
    return Dataset(tuple(entries[n] for n in sorted(entries)), tuple(findings))


def load_reports(*sources: str | os.PathLike[str]) -> list[CountryReport]:
    """Read reports and insist that reading met no problem.

    Raises:
        LoadError: A source cannot be read at all.
        DatasetError: The data has problems (see its ``findings``).
    """
    dataset = read_dataset(*sources)
    if dataset.findings:
        raise DatasetError(dataset.findings)
    return list(dataset.reports)


def load_example(name: str) -> CountryReport:
    """Return a bundled example report by name, e.g. ``"kazakhstan-2021"``.

    Raises:
        UnknownExampleError: No example has that name.
    """
    if name not in example_names():
        raise UnknownExampleError(
            f"no example named {name!r}; examples: {', '.join(example_names())}"
        )
    (report,) = load_reports(name)
    return report


def loads(text: str, *, source: str = "<string>", format: str = "json") -> Dataset:  # noqa: A002
    """Read reports from text in ``"json"``, ``"jsonl"`` or ``"csv"`` format.

    Raises:
        LoadError: The text is empty or not valid in its format.
        ValueError: The format is none of the three.
    """
    return _objects(read(text, source, format))


def report_to_dict(report: CountryReport) -> dict[str, Any]:
    """Return the canonical JSON-ready form of a report."""
    data: dict[str, Any] = get_converter().unstructure(report)
    return data


def dumps(reports: CountryReport | Iterable[CountryReport]) -> str:
    """Return canonical JSON: one object for one report, an array for several."""
    if isinstance(reports, CountryReport):
        return json.dumps(report_to_dict(reports), indent=2, ensure_ascii=False) + "\n"
    data = [report_to_dict(r) for r in reports]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
